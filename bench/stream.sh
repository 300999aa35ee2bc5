#!/usr/bin/env bash
# Throughput and latency of the streaming pipeline on this machine: `sampo up`, then StreamLoad:
# COPIES distinct copies of paper40 published as fast as possible (records/s into sampo.packets)
# and through the job (rate sustained through association), then the publish-to-update latency at
# 20% of that rate; last, `sampo replay --speed max` of paper40 for the CLI's own publishing rate.
# Usage: bench/stream.sh [COPIES] [extra `up` options, e.g. --set sampo.period=500ms]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
capture="${SAMPO_CAPTURE:-$root/../shared/datasets/paper40/full.pcap.gz}"
copies="${1:-3}"; shift || true
home="$(mktemp -d)"
(cd "$root" && mvn -q -B -ntp -DskipTests package -pl benchmarks,sampo-cli -am)
"$root/sampo" up --kafka-port 0 --web-ui-port 0 --sflow off --home "$home" "$@" > "$home/up.out" 2> "$home/up.err" &
up=$!
trap 'kill $up 2>/dev/null; wait $up 2>/dev/null || true' EXIT
until grep -q "sampo ready" "$home/up.out" 2>/dev/null; do
  kill -0 $up 2>/dev/null || { cat "$home/up.err"; exit 1; }
  sleep 0.5
done
kafka=$(grep -o "kafka=[^ ]*" "$home/up.out" | cut -d= -f2)
ui=$(grep -o "flink-ui=[^ ]*" "$home/up.out" | cut -d= -f2)
echo "$(cat "$home/up.out")"
java -XX:+UseParallelGC -cp "$root/benchmarks/target/benchmarks.jar" dev.sampo.bench.StreamLoad \
  "$kafka" "$ui" "$capture" "$copies" 0.2 30
"$root/sampo" replay "$capture" --kafka "$kafka" --speed max
