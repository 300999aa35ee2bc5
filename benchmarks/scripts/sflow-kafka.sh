#!/usr/bin/env bash
# sFlow collector throughput with Kafka in the path (UDP in, Kafka out): `sampo up` provides the
# broker (and its sampo.packets topic), then SflowLoad offers paper40's datagrams at each rate to an
# in-process collector, once with a sink that drops records and once publishing them to
# sampo.packets; the Kafka run also reports the records the broker acknowledged.
# Usage: RATES="50000 100000 200000" DURATION=10 benchmarks/scripts/sflow-kafka.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RATES="${RATES:-50000 100000 200000}"
DURATION="${DURATION:-10}"   # seconds per rate and sink
work="$(mktemp -d)"
(cd "$root" && mvn -q -B -ntp -DskipTests package -pl benchmarks,sampo-cli -am)

"$root/sampo" up --kafka-port 0 --web-ui-port 0 --sflow off --home "$work/up" > "$work/up.out" 2> "$work/up.err" &
up=$!
trap 'kill -TERM $up 2>/dev/null; wait $up 2>/dev/null || true; rm -rf "$work"' EXIT
until grep -q "sampo ready" "$work/up.out" 2>/dev/null; do
  kill -0 $up 2>/dev/null || { cat "$work/up.err"; exit 1; }
  sleep 0.5
done
kafka=$(grep -o "kafka=[^ ]*" "$work/up.out" | cut -d= -f2)
echo "broker $kafka"

load() { (cd "$root" && java -cp benchmarks/target/benchmarks.jar dev.sampo.bench.SflowLoad "$@" 2>&1 | grep -v SLF4J); }
for rate in $RATES; do
  echo "== $rate samples/s, counting sink"
  load "$rate" "$DURATION"
  echo "== $rate samples/s, Kafka sink"
  load "$rate" "$DURATION" --kafka "$kafka"
done
