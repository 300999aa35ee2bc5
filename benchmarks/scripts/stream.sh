#!/usr/bin/env bash
# Throughput and latency of the streaming pipeline on this machine, on paper40's MPTCP records:
#  1. `sampo up`; StreamLoad publishes COPIES times paper40's records while the job runs, as fast as
#     the producer goes: records/s into sampo.packets, and the rate sustained through association
#     (until the session grouping's watermark passes the last). With LIVE=N the records spread
#     over copies running at once, N live subflows in all; without, the copies follow one another;
#  2. the publish-to-update latency at 20% of that rate, for 30 s, then the heap of the `up`
#     process (broker and job) after a full GC; with BASELINE=<commit>, steps 1 and 2 again with
#     the `up` of that commit (broker and job of its own), its latency at the same rate as ours;
#  3. drain: the same records go into a topic of their own first; a bare Kafka consumer reads that
#     backlog (no processing), then a second `up` (same broker, --set sampo.topic.packets=bench.packets)
#     drains it at parallelism 1, then, with BASELINE=<commit>, the job of that commit (built once
#     into /tmp) at parallelism 1, then ours at parallelism 2: records/s, and CPU per record of the
#     job's process, in one run. With PROFILE=1, the drains at parallelism 1 (this job's and the
#     BASELINE's) are recorded with JFR (from their ready lines) and StageProfile splits their CPU
#     per record by stage;
#  4. `sampo replay --speed max` of paper40: the CLI's own publishing rate.
# Usage: [LIVE=N] [BASELINE=commit] [PROFILE=1] benchmarks/scripts/stream.sh [COPIES] [extra `up` options, e.g. --set sampo.period=500ms]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
capture="${SAMPO_CAPTURE:-$root/../shared/datasets/paper40/full.pcap.gz}"
copies="${1:-3}"; shift || true
live="${LIVE:-0}"
work="$(mktemp -d)"
(cd "$root" && mvn -q -B -ntp -DskipTests package -pl benchmarks,sampo-cli -am)
baseline_cp=""
if [ -n "${BASELINE:-}" ]; then
  old="/tmp/sampo-baseline-$(git -C "$root" rev-parse --short "$BASELINE")"
  if [ ! -f "$old/sampo-cli/target/sampo-cli.jar" ]; then
    rm -rf "$old" && mkdir -p "$old"
    git -C "$root" archive "$BASELINE" | tar -x -C "$old"
    (cd "$old" && mvn -q -B -ntp -DskipTests package -pl sampo-cli -am)
  fi
  baseline_cp="$old/sampo-cli/target/sampo-cli.jar:$old/sampo-cli/target/lib/*"
fi
load() { java -XX:+UseParallelGC -cp "$root/benchmarks/target/benchmarks.jar" dev.sampo.bench.StreamLoad "$@" 2>&1 | grep -v SLF4J; }
. "$root/benchmarks/scripts/up.sh"

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); live subflows: ${live:-sequential copies}"
up live --kafka-port 0 "$@"
live_pid=${pids[-1]}
kafka=$(grep -o "kafka=[^ ]*" "$work/live.out" | cut -d= -f2)
load live "$kafka" "$(ui live)" "$capture" "$copies" "$live" 0.2 30 | tee "$work/live.load"
jcmd "$live_pid" GC.run > /dev/null
echo "heap of the up process (broker and job) after a full GC: $(jcmd "$live_pid" GC.heap_info | grep -o 'used [0-9]*K' | head -1)"
if [ -n "$baseline_cp" ]; then
  rate=$(grep -o 'latency at [0-9]*' "$work/live.load" | grep -o '[0-9]*$')
  up "live-$BASELINE" --class-path "$baseline_cp" --kafka-port 0 "$@"
  echo "live-$BASELINE:"
  load live "$(grep -o "kafka=[^ ]*" "$work/live-$BASELINE.out" | cut -d= -f2)" "$(ui "live-$BASELINE")" \
    "$capture" "$copies" "$live" 0.2 30 "$rate"
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
fi

load publish "$kafka" bench.packets "$capture" "$copies" "$live"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
load consume "$kafka" bench.packets
drain() { # name, parallelism, [--class-path CP]: a job of its own on the backlog, stopped after
  local name=$1 parallelism=$2; shift 2
  # A loaded machine can keep the broker from answering an `up` in time: try again, from scratch.
  for attempt in 1 2 3; do
    rm -rf "${work:?}/$name"
    up "$name" "$@" --kafka "$kafka" --parallelism "$parallelism" --set sampo.topic.packets=bench.packets \
      --set sampo.group.id="$name-$attempt" && break
  done
  echo "$name (parallelism $parallelism):"
  local profile=""
  if [ -n "${PROFILE:-}" ] && [ "$parallelism" = 1 ]; then
    profile="$work/$name.jfr"
    jcmd "${pids[-1]}" JFR.start name=stages settings=profile > /dev/null
  fi
  load drain "$kafka" bench.packets "$(ui "$name")" "${pids[-1]}" "$capture" "$copies" "$live" | tee "$work/$name.drain"
  if [ -n "$profile" ]; then
    jcmd "${pids[-1]}" JFR.dump name=stages filename="$profile" > /dev/null
    java -cp "$root/benchmarks/target/benchmarks.jar" dev.sampo.bench.StageProfile "$profile" \
      "$(grep -o 'drained [0-9]*' "$work/$name.drain" | cut -d' ' -f2)" \
      "$(grep -o 'CPU [0-9.]*' "$work/$name.drain" | cut -d' ' -f2)"
  fi
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
}
drain drain 1
if [ -n "$baseline_cp" ]; then drain "drain-$BASELINE" 1 --class-path "$baseline_cp"; fi
drain drain-p2 2
# Last: the live job would chew on what it publishes while the drains run.
"$root/sampo" replay "$capture" --kafka "$kafka" --speed max
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
