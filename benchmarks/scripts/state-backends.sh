#!/usr/bin/env bash
# The job on the heap (hashmap) and on RocksDB at SUBFLOWS live subflows: records/s (µs per record)
# and checkpoint sizes. One `sampo up` holds the broker; StateBackendLoad publishes ROUNDS passes
# over the same spoofed subflows into a topic of their own; then, for each backend, a second `up`
# (same broker, --set sampo.state-backend=…) drains that backlog and reports two checkpoints taken
# after it. The job runs with a 5 s period: at the default 1 s, association over 100,000 live
# subflows saturates the one session-grouping instance (docs/OPERATIONS.md, Sizing), which would
# then be all the drain measures, and checkpoint barriers would wait minutes behind it; with a
# 600 s idle timeout, so that every subflow is still live at the checkpoints. Extra `up` options
# (e.g. --set sampo.period=1s) come after the three numbers.
# Usage: benchmarks/scripts/state-backends.sh [SUBFLOWS] [ROUNDS] [SPAN_SECONDS] [up options…]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
subflows="${1:-100000}"; rounds="${2:-3}"; span="${3:-10}"; shift $(( $# < 3 ? $# : 3 ))
work="$(mktemp -d)"
(cd "$root" && mvn -q -B -ntp -DskipTests package -pl benchmarks,sampo-cli -am)
load() { java -XX:+UseParallelGC -cp "$root/benchmarks/target/benchmarks.jar" dev.sampo.bench.StateBackendLoad "$@" 2>&1 | grep -v SLF4J; }
. "$root/benchmarks/scripts/up.sh"

up broker --kafka-port 0 --status-every 0
kafka=$(grep -o "kafka=[^ ]*" "$work/broker.out" | cut -d= -f2)
load publish "$kafka" bench.state "$subflows" "$rounds" "$span"
for backend in hashmap rocksdb; do
  up "$backend" --kafka "$kafka" --status-every 0 --set sampo.topic.packets=bench.state \
    --set sampo.group.id="$backend" --set sampo.state-backend="$backend" \
    --set sampo.period=5s --set sampo.idle-timeout=600s "$@"
  load drain "$(grep -o "flink-ui=[^ ]*" "$work/$backend.out" | cut -d= -f2)" "$subflows" "$rounds" "$span"
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
done
