#!/usr/bin/env bash
# The job on the heap (hashmap) and on RocksDB at SUBFLOWS live subflows: records/s (µs per record)
# and checkpoint sizes. One `sampo up` holds the broker; StateBackendLoad publishes ROUNDS passes
# over the same spoofed subflows into a topic of their own; then, for each backend, a second `up`
# (same broker, --set sampo.state-backend=…) drains that backlog and reports two checkpoints taken
# with every subflow live (they time out 120 s of event time after the last record).
# Usage: benchmarks/scripts/state-backends.sh [SUBFLOWS] [ROUNDS] [SPAN_SECONDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
subflows="${1:-100000}"; rounds="${2:-3}"; span="${3:-10}"
work="$(mktemp -d)"
(cd "$root" && mvn -q -B -ntp -DskipTests package -pl benchmarks,sampo-cli -am)
load() { java -XX:+UseParallelGC -cp "$root/benchmarks/target/benchmarks.jar" dev.sampo.bench.StateBackendLoad "$@" 2>&1 | grep -v SLF4J; }
. "$root/benchmarks/scripts/up.sh"

up broker --kafka-port 0 --dashboard off --status-every 0
kafka=$(grep -o "kafka=[^ ]*" "$work/broker.out" | cut -d= -f2)
load publish "$kafka" bench.state "$subflows" "$rounds" "$span"
for backend in hashmap rocksdb; do
  up "$backend" --kafka "$kafka" --dashboard off --status-every 0 --set sampo.topic.packets=bench.state \
    --set sampo.group.id="$backend" --set sampo.state-backend="$backend"
  load drain "$(grep -o "flink-ui=[^ ]*" "$work/$backend.out" | cut -d= -f2)" "$subflows" "$rounds" "$span"
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
done
