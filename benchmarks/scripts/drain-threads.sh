#!/usr/bin/env bash
# Where a drain's time goes, thread by thread: the backlog of stream.sh's step 3 (COPIES times
# paper40's MPTCP records into bench.packets of one broker), the bare Kafka consumer on it, then
# ROUNDS times, for each build in turn, a job of its own draining it at parallelism 1 while
# thread_cpu.py samples every thread of the job's process from its ready line to the end of the
# drain: records/s, CPU per record, CPU seconds per thread and the busiest threads' share of a
# core second by second. Builds alternate within a round, so each round compares them at one load.
# With JFR=SETTINGS (a .jfc file, or `profile`), each drain is recorded from its ready line into
# NAME.jfr in the work directory. With FLOOR=1, each round also drains the backlog with the job's
# Kafka source alone (dev.sampo.stream.SourceDrain: no association), after the bare consumer.
# A build may name the JVM options of its job's process after its class path ("NAME=CLASS_PATH
# OPTIONS...", one argument; -XX:+UseParallelGC, as ./sampo up, without).
# Usage: [LIVE=N] [ROUNDS=2] [JFR=SETTINGS] [FLOOR=1] [WORK=DIR] benchmarks/scripts/drain-threads.sh COPIES NAME=CLASS_PATH... [-- extra `up` options]
#   e.g. LIVE=10000 benchmarks/scripts/drain-threads.sh 3 \
#          before=/tmp/before/sampo-cli.jar:/tmp/before/lib/* now=sampo-cli/target/sampo-cli.jar:sampo-cli/target/lib/*
# The class paths are built beforehand (mvn -DskipTests install); the first one also runs the broker.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
capture="${SAMPO_CAPTURE:-$root/../shared/datasets/paper40/full.pcap.gz}"
copies="$1"; shift
builds=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do builds+=("$1"); shift; done
[ $# -gt 0 ] && shift
live="${LIVE:-0}"
rounds="${ROUNDS:-2}"
work="${WORK:-$(mktemp -d)}"
mkdir -p "$work"
load() { java -XX:+UseParallelGC -cp "$root/benchmarks/target/benchmarks.jar" dev.sampo.bench.StreamLoad "$@" 2>&1 | grep -v SLF4J; }
. "$root/benchmarks/scripts/up.sh"

read -r broker_cp _ <<< "${builds[0]#*=}"
up broker --class-path "$broker_cp" --kafka-port 0
kafka=$(grep -o "kafka=[^ ]*" "$work/broker.out" | cut -d= -f2)
load publish "$kafka" bench.packets "$capture" "$copies" "$live"

drain() { # name, class path and JVM options
  local name=$1 cp opts; read -r cp opts <<< "$2"; shift 2
  rm -rf "${work:?}/$name"
  UP_JAVA_OPTS="${opts:-}" up "$name" --class-path "$cp" --kafka "$kafka" --parallelism 1 --set sampo.topic.packets=bench.packets \
    --set sampo.group.id="$name" "$@" > /dev/null
  local pid=${pids[-1]}
  python3 "$root/benchmarks/scripts/thread_cpu.py" sample "$pid" "$work/$name.threads" &
  local sampler=$!
  if [ -n "${JFR:-}" ]; then jcmd "$pid" JFR.start name=drain settings="$JFR" > /dev/null; fi
  echo "$name: load average $(cut -d' ' -f1-3 /proc/loadavg)"
  load drain "$kafka" bench.packets "$(ui "$name")" "$pid" "$capture" "$copies" "$live"
  kill "$sampler"; wait "$sampler" || true
  jcmd "$pid" Thread.print > "$work/$name.names"
  if [ -n "${JFR:-}" ]; then jcmd "$pid" JFR.dump name=drain filename="$work/$name.jfr" > /dev/null; fi
  python3 "$root/benchmarks/scripts/thread_cpu.py" tasks "$(ui "$name")"
  python3 "$root/benchmarks/scripts/thread_cpu.py" report "$work/$name.threads" "$work/$name.names"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
for round in $(seq 1 "$rounds"); do
  echo "round $round: load average $(cut -d' ' -f1-3 /proc/loadavg)"
  load consume "$kafka" bench.packets
  if [ -n "${FLOOR:-}" ]; then
    java -XX:+UseParallelGC -cp "$root/benchmarks/target/benchmarks.jar" dev.sampo.stream.SourceDrain "$kafka" bench.packets \
      2>&1 | grep "^source alone"
  fi
  for build in "${builds[@]}"; do
    drain "${build%%=*}-$round" "${build#*=}" "$@"
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); outputs in $work"
