#!/usr/bin/env bash
# Whole-process speed of `./sampo analyze` against the anchor `tshark -T fields -e mptcp.stream`
# on the same capture, in the same run (hyperfine; apt-get install hyperfine tshark).
# usage: benchmarks/scripts/analyze-vs-tshark.sh [CAPTURE]   (default: ../shared/datasets/paper40/full.pcap.gz)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
capture="${1:-$root/../shared/datasets/paper40/full.pcap.gz}"
"$root/sampo" --help > /dev/null # build first, outside the measurement
hyperfine --warmup 1 --runs 5 --export-json /tmp/sampo-vs-tshark.json \
  -n sampo "$root/sampo analyze '$capture' --format jsonl" \
  -n tshark "tshark -r '$capture' -T fields -e mptcp.stream"
python3 - <<'PY'
import json
r = {x["command"]: x["mean"] for x in json.load(open("/tmp/sampo-vs-tshark.json"))["results"]}
print(f"sampo {r['sampo']:.2f} s, tshark {r['tshark']:.2f} s: sampo is {r['tshark'] / r['sampo']:.1f}x faster")
PY
