#!/bin/bash
# Regenerates the pmacct fixtures beside this script from shared/datasets/paper40/full.pcap.gz
# (run as root: tcpdump records the exports on loopback). Needs pmacctd 1.7, tcpdump, editcap.
#   raw4-sflow.pcap.gz: raw IPv4 input, so pmacct's samples carry header protocol IPv4 (11); a
#     networks_file adds extended router (1002) and extended gateway (1003) records; sub-agent 3,
#     data source ifIndex 7; pmacctd keeps running after the file (pcap_savefile_wait) until its
#     counter poller (every 20 s) has exported generic interface counters (counter samples).
#   raw6-sflow.pcap.gz: the same frames rewritten as IPv6 (ipv6ify.py), header protocol IPv6 (12).
# Both from the first 10,000 frames of paper40, sampling rate 20.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
FULL=${1:-$HERE/../../../../../../shared/datasets/paper40/full.pcap.gz}
W=$(mktemp -d)
editcap -r "$FULL" "$W/sub.pcap" 1-10000
editcap -F pcap -C 14 -T rawip "$W/sub.pcap" "$W/raw4.pcap"
python3 "$HERE/ipv6ify.py" "$W/raw4.pcap" "$W/raw6.pcap"
echo "65001,10.100.0.0/16" > "$W/networks.lst"
echo "65002,10.101.0.0/16" >> "$W/networks.lst"

export_sflow() { # NAME INPUT PORT SECONDS EXTRA_CONFIG
  cat > "$W/$1.conf" <<CONF
daemonize: false
pcap_savefile: $2
plugins: sfprobe
sfprobe_receiver: 127.0.0.1:$3
sfprobe_agentip: 192.0.2.10
sampling_rate: 20
snaplen: 128
$5
CONF
  tcpdump -i lo -s 0 -U -w "$W/$1-export.pcap" udp port "$3" > "$W/$1.td.log" 2>&1 &
  local td=$!
  # A socket that takes the datagrams: without one, ICMP port-unreachable makes pmacct's sends fail.
  python3 -c "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', $3))
while True: s.recv(65535)" &
  local sink=$!
  sleep 1
  timeout "$4" pmacctd -f "$W/$1.conf" > "$W/$1.pm.log" 2>&1 || true
  sleep 1
  kill -INT $td; wait $td 2>/dev/null || true
  kill $sink
  gzip -9n -c "$W/$1-export.pcap" > "$HERE/$1-sflow.pcap.gz"
  echo "$1: $(grep captured "$W/$1.td.log")"
}

export_sflow raw4 "$W/raw4.pcap" 16344 75 "pcap_savefile_wait: true
networks_file: $W/networks.lst
sfprobe_agentsubid: 3
sfprobe_ifindex: 7"
# One pmacctd at a time: two at once disturb each other's exports.
export_sflow raw6 "$W/raw6.pcap" 16345 8 "pcap_savefile_wait: true"
rm -rf "$W"
