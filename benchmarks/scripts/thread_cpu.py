#!/usr/bin/env python3
"""Per-thread CPU of a JVM over a time window, from /proc (see drain-threads.sh).

  thread_cpu.py sample PID OUT          every 0.5 s, each thread's time on a CPU and time runnable but
                                        waiting for one (the kernel's schedstat) into OUT, until SIGTERM
  thread_cpu.py report OUT THREADS      per thread over the window: seconds on a CPU, seconds waiting
                                        for one, and the rest (blocked: parked, waiting, sleeping); the
                                        busiest threads second by second; THREADS is a `jcmd PID
                                        Thread.print` taken before the process ended, for the threads'
                                        full names (the kernel keeps only 15 characters)
  thread_cpu.py tasks FLINK_UI          each task's time since it started, as Flink splits it: busy,
                                        idle (waiting for input) and backpressured (waiting for
                                        room downstream)

On a loaded machine a thread's CPU share says little (each runnable thread gets its share of the two
cores); on-CPU plus waiting-for-CPU close to the wall time means a thread that had work all along.
"""
import os
import re
import json
import signal
import sys
import time
import urllib.request



def sample(pid, out):
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    with open(out, "w") as f:
        while not stop:
            now = time.time()
            try:
                tids = os.listdir(f"/proc/{pid}/task")
            except FileNotFoundError:
                return
            for tid in tids:
                try:
                    with open(f"/proc/{pid}/task/{tid}/schedstat") as s:
                        on_cpu, waiting, _ = s.read().split()
                    with open(f"/proc/{pid}/task/{tid}/comm") as c:
                        comm = c.read().strip()
                except (FileNotFoundError, ProcessLookupError):
                    continue
                f.write(f"{now:.3f}\t{tid}\t{on_cpu}\t{waiting}\t{comm}\n")
            f.flush()
            time.sleep(0.5)


def names(thread_dump):
    """tid -> the JVM's name of the thread, from Thread.print's nid."""
    found = {}
    for line in open(thread_dump):
        m = re.match(r'^"(.*)" .*nid=(0x[0-9a-f]+)', line)
        if m:
            found[str(int(m.group(2), 16))] = m.group(1)
    return found


def group(name):
    """Threads of one kind under one name: the GC's workers, the JIT's compilers."""
    for pattern, kind in ((r"^GC Thread#|^ParGC|^G1 ", "GC threads"), (r"^C2 CompilerThread", "C2 compiler threads"),
                          (r"^C1 CompilerThread", "C1 compiler threads")):
        if re.search(pattern, name):
            return kind
    return re.sub(r"#\d+$", "", name)


def report(out, thread_dump):
    known = names(thread_dump)
    series = {}  # tid -> [(time, ns on a CPU, ns waiting for one)]
    comm = {}
    for line in open(out):
        t, tid, on_cpu, waiting, c = line.rstrip("\n").split("\t")
        series.setdefault(tid, []).append((float(t), int(on_cpu), int(waiting)))
        comm[tid] = c
    times = sorted({t for s in series.values() for t, _, _ in s})
    start, end = times[0], times[-1]
    wall = end - start
    kinds = {}  # name -> [s on a CPU, s waiting for one, threads]
    for tid, s in series.items():
        # a thread started within the window began at zero
        _, cpu0, wait0 = s[0] if s[0][0] == start else (start, 0, 0)
        kind = kinds.setdefault(group(known.get(tid, comm[tid])), [0.0, 0.0, 0])
        kind[0] += (s[-1][1] - cpu0) / 1e9
        kind[1] += (s[-1][2] - wait0) / 1e9
        kind[2] += 1
    total = sum(k[0] for k in kinds.values())
    print(f"window {wall:.1f} s, process on a CPU {total:.2f} s ({total / wall:.2f} of a core)")
    print("  on CPU  waiting  blocked  thread (blocked: the window less the other two, for one thread)")
    for name, (cpu, wait, threads) in sorted(kinds.items(), key=lambda kv: -kv[1][0]):
        if cpu >= 0.05:
            blocked = f"{wall - cpu - wait:7.2f}" if threads == 1 else "      -"
            print(f"{cpu:7.2f}s {wait:7.2f}s {blocked}s  {name}")
    # Flink's task threads are named after their subtask, "(1/1)" (so are the sources' fetchers,
    # which poll on their own): when the job's work ended
    last = max((t1 for tid, s in series.items() if re.search(r"\(\d+/\d+\)", known.get(tid, ""))
                and not known[tid].startswith("Source Data Fetcher")
                for (_, c0, _), (t1, c1, _) in zip(s, s[1:]) if c1 - c0 >= 5e6), default=start)
    print(f"the task threads' last work (5 ms or more in 0.5 s): {last - start:.1f} s into the window")
    busiest = sorted(series, key=lambda tid: -(series[tid][-1][1] - series[tid][0][1]))[:5]
    print("second by second, share of the second on a CPU + waiting for one (busiest threads):")
    for tid in busiest:
        s = series[tid]
        shares = [f"{(c1 - c0) / 1e9 / (t1 - t0):.2f}+{(w1 - w0) / 1e9 / (t1 - t0):.2f}"
                  for (t0, c0, w0), (t1, c1, w1) in zip(s[0::2], s[2::2])]
        print(f"  {known.get(tid, comm[tid])[:60]}: {' '.join(shares)}")


def tasks(ui):
    def get(path):
        with urllib.request.urlopen(ui.rstrip("/") + path) as r:
            return json.load(r)
    job = next(j["id"] for j in get("/jobs")["jobs"] if j["status"] == "RUNNING")
    wanted = ("accumulateBusyTimeMs", "accumulateIdleTimeMs", "accumulateBackPressuredTimeMs")
    print("    busy     idle  backpressured  task (seconds, summed over its subtasks)")
    for vertex in get(f"/jobs/{job}")["vertices"]:
        metrics = get(f"/jobs/{job}/vertices/{vertex['id']}/subtasks/metrics?get={','.join(wanted)}")
        value = {m["id"]: m["sum"] / 1e3 for m in metrics}
        print(f"{value.get(wanted[0], 0):7.2f}s {value.get(wanted[1], 0):7.2f}s {value.get(wanted[2], 0):7.2f}s"
              f"       {vertex['name'][:70]}")


if __name__ == "__main__":
    if sys.argv[1] == "sample":
        sample(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "tasks":
        tasks(sys.argv[2])
    else:
        report(sys.argv[2], sys.argv[3])
