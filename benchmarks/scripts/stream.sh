#!/usr/bin/env bash
# Throughput and latency of the streaming pipeline on this machine, on paper40's MPTCP records:
#  1. `sampo up`; StreamLoad publishes COPIES distinct copies (own addresses, later times) as fast
#     as the producer goes while the job runs: records/s into sampo.packets, and the rate
#     sustained through association (until the session grouping's watermark passes the last);
#  2. the publish-to-update latency at 20% of that rate, for 30 s;
#  3. `sampo replay --speed max` of paper40: the CLI's own publishing rate;
#  4. the job alone: the copies go into a topic of their own first, then a second `up` (same
#     broker, --set sampo.topic.packets=bench.packets) drains that backlog.
# Usage: benchmarks/scripts/stream.sh [COPIES] [extra `up` options, e.g. --set sampo.period=500ms]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
capture="${SAMPO_CAPTURE:-$root/../shared/datasets/paper40/full.pcap.gz}"
copies="${1:-3}"; shift || true
work="$(mktemp -d)"
(cd "$root" && mvn -q -B -ntp -DskipTests package -pl benchmarks,sampo-cli -am)
load() { java -XX:+UseParallelGC -cp "$root/benchmarks/target/benchmarks.jar" dev.sampo.bench.StreamLoad "$@" 2>&1 | grep -v SLF4J; }
. "$root/benchmarks/scripts/up.sh"

up live --kafka-port 0 "$@"
cat "$work/live.out"
kafka=$(grep -o "kafka=[^ ]*" "$work/live.out" | cut -d= -f2)
ui=$(grep -o "flink-ui=[^ ]*" "$work/live.out" | cut -d= -f2)
load live "$kafka" "$ui" "$capture" "$copies" 0.2 30
"$root/sampo" replay "$capture" --kafka "$kafka" --speed max

load publish "$kafka" bench.packets "$capture" "$copies"
up drain --kafka "$kafka" --set sampo.topic.packets=bench.packets --set sampo.group.id=drain "$@"
cat "$work/drain.out"
load drain "$(grep -o "flink-ui=[^ ]*" "$work/drain.out" | cut -d= -f2)" "$capture" "$copies"
