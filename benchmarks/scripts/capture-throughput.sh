#!/usr/bin/env bash
# Capture throughput: `sampo capture` (pcap4j → sample → decap → decode → records as JSON lines) against
# `tcpdump -w /dev/null`, on the same veth, with the same replayed MPTCP traffic, at several
# offered rates. For each run it prints what the sender really sent, what the capture processed,
# what the kernel dropped (ps_drop) and the processed rate.
#
#   sudo benchmarks/scripts/capture-throughput.sh                       # defaults below
#   RATES="100000 topspeed" FRAMES=2000000 sudo benchmarks/scripts/capture-throughput.sh
#   KAFKA=localhost:PORT sudo benchmarks/scripts/capture-throughput.sh  # sampo publishes to Kafka instead
#
# With KAFKA (a broker with the sampo.packets topic, e.g. `sampo up`'s), sampo capture runs in the
# root namespace, where it reaches the broker, and only its capture thread enters the receiving
# namespace (--netns); each sampo row is followed by the records Kafka acknowledged.
#
# Needs root, iproute2, tcpreplay and tcpdump (apt-get install tcpreplay tcpdump). Everything runs in
# two network namespaces of its own (scb-tx, scb-rx) joined by a veth pair; nothing leaves them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PCAP="${PCAP:-$root/samples/lab-small.pcap.gz}"   # real kernel MPTCP traffic from the lab
RATES="${RATES:-50000 100000 200000 400000 topspeed}"
FRAMES="${FRAMES:-1000000}"                          # frames per run (the capture is looped)
TOOLS="${TOOLS:-tcpdump sampo}"
SNAPLEN="${SNAPLEN:-256}"
BUFFER="${BUFFER:-67108864}"
FILTER="${FILTER:-tcp}"
SAMPO_ARGS="${SAMPO_ARGS:-}"                          # e.g. "--sample count:10" or "--all-tcp"
SINK="${SINK:-jsonl}"                                 # jsonl (to /dev/null), discard or engine
KAFKA="${KAFKA:-}"                                    # HOST:PORT: publish to Kafka instead of SINK
VERBOSE="${VERBOSE:-0}"                               # 1: print each capture's own output
TX=scb-tx RX=scb-rx
work="$(mktemp -d)"

for tool in ip tcpreplay tcpdump; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install tcpreplay tcpdump iproute2" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces, raw sockets)" >&2; exit 2; }

cleanup() {
  ip netns del "$TX" 2>/dev/null || true
  ip netns del "$RX" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

case "$PCAP" in
  *.gz) gunzip -c "$PCAP" >"$work/traffic.pcap" ;;
  *) cp "$PCAP" "$work/traffic.pcap" ;;
esac
per_loop=$(tcpdump -r "$work/traffic.pcap" -n 2>/dev/null | wc -l)
per_loop_matching=$(tcpdump -r "$work/traffic.pcap" -n "$FILTER" 2>/dev/null | wc -l)
loops=$(( (FRAMES + per_loop - 1) / per_loop ))

cleanup_ns() { ip netns del "$TX" 2>/dev/null || true; ip netns del "$RX" 2>/dev/null || true; }
cleanup_ns
ip netns add "$TX"
ip netns add "$RX"
ip link add txv netns "$TX" type veth peer name rxv netns "$RX"
for ns in "$TX" "$RX"; do
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
done
ip -n "$TX" link set txv up
ip -n "$RX" link set rxv up
sleep 0.5

# Build the CLI once, outside the timed runs.
"$root/sampo" --version >/dev/null

wait_for() { # file, text, seconds
  local i
  for ((i = 0; i < $3 * 10; i++)); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for '$2' in $1:" >&2; cat "$1" >&2; return 1
}

echo "$per_loop frames per loop, $per_loop_matching of them match '$FILTER'; $loops loops per run"
printf '%-8s %-9s %10s %10s %10s %10s %10s %9s %12s\n' \
  tool offered sent_pps sent matching captured kdropped lost_% captured_pps
for rate in $RATES; do
  if [ "$rate" = topspeed ]; then speed=(--topspeed); else speed=(--pps="$rate"); fi
  for tool in $TOOLS; do
    log="$work/$tool-$rate.log"
    if [ "$tool" = tcpdump ]; then
      ip netns exec "$RX" tcpdump -n -i rxv -s "$SNAPLEN" -B $((BUFFER / 1024)) -w /dev/null "$FILTER" >"$log" 2>&1 &
      ready="listening on"
    else
      capture=(capture --iface rxv --snaplen "$SNAPLEN" --buffer "$BUFFER" --bpf "$FILTER"
        --stats-every "$([ "$VERBOSE" = 1 ] && echo 1 || echo 0)")
      if [ -n "$KAFKA" ]; then
        # shellcheck disable=SC2086
        "$root/sampo" "${capture[@]}" --netns "$RX" --kafka "$KAFKA" $SAMPO_ARGS >/dev/null 2>"$log" &
      else
        # shellcheck disable=SC2086
        ip netns exec "$RX" "$root/sampo" "${capture[@]}" --sink "$SINK" $SAMPO_ARGS >/dev/null 2>"$log" &
      fi
      ready="listening on"
    fi
    cap=$!
    wait_for "$log" "$ready" 30
    sleep 0.5
    out=$(ip netns exec "$TX" tcpreplay -i txv "${speed[@]}" --loop="$loops" "$work/traffic.pcap" 2>&1)
    sent=$(sed -n 's/^Actual: \([0-9]*\) packets.*/\1/p' <<<"$out")
    secs=$(sed -n 's/^Actual: .* sent in \([0-9.]*\) seconds.*/\1/p' <<<"$out")
    pps=$(sed -n 's/^Rated: .* \([0-9.]*\) pps.*/\1/p' <<<"$out")
    sleep 1
    kill -TERM "$cap" # a background job ignores SIGINT, and the JVM keeps it ignored
    wait "$cap" || true
    if [ "$tool" = tcpdump ]; then
      received=$(sed -n 's/^\([0-9]*\) packets received by filter.*/\1/p' "$log")
      dropped=$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$log")
      captured=$(sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$log")
    else
      last=$(grep '^capture rxv' "$log" | tail -1)
      received=$(sed -n 's/.*received \([0-9]*\) .*/\1/p' <<<"$last")
      dropped=$(sed -n 's/.*kernel-dropped \([0-9]*\) .*/\1/p' <<<"$last")
      captured=$(sed -n 's/.*| frames \([0-9]*\) .*/\1/p' <<<"$last")
    fi
    [ "$VERBOSE" = 1 ] && sed 's/^/    | /' "$log"
    # Frames that match the filter are what both captures should see; lost = those not captured.
    matching=$(( sent / per_loop * per_loop_matching ))
    awk -v t="$tool" -v r="$rate" -v p="$pps" -v s="$sent" -v m="$matching" -v c="$captured" -v d="$dropped" \
      -v sec="$secs" 'BEGIN { printf "%-8s %-9s %10.0f %10d %10d %10d %10d %9.3f %12.0f\n",
        t, r, p, s, m, c, d, (m > 0 ? 100 * (m - c) / m : 0), c / sec }'
    if [ "$tool" = sampo ] && [ -n "$KAFKA" ]; then
      grep -h "stopped;\|Kafka acknowledged" "$log" | sed 's/^/    /'
    fi
  done
done
