#!/usr/bin/env bash
# The README's migration figures: ./sampo migrate-sim over transfer times, one run per point (the
# simulator is deterministic, so one run is the number). Writes CSV and SVG to docs/figures/.
#  A: SHarP's controller and destination buffers, and OpenNF's controller buffer (1 session, 1000 pps).
#  B: p99 added latency of reprocessing, OpenNF controller buffering and SHarP (20 sessions, 400 pps each).
# usage: benchmarks/scripts/migration-figures.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/docs/figures"
mkdir -p "$out"
json() { "$root/sampo" migrate-sim "$@" | tail -1; }

echo "transfer_ms,sharp_controller,sharp_destination,opennf_controller" > "$out/migration-buffers.csv"
for t in 10 25 50 100 200 400; do
  s="$(json --protocol sharp --sessions 1 --rate 1000 --transfer-ms "$t")"
  b="$(json --protocol buffer --sessions 1 --rate 1000 --transfer-ms "$t")"
  python3 -c 'import json,sys; s,b=json.loads(sys.argv[2]),json.loads(sys.argv[3]); print(",".join(map(str,
    [sys.argv[1], s["max_controller_buffer"], s["max_nf_buffer"], b["max_controller_buffer"]])))' \
    "$t" "$s" "$b" >> "$out/migration-buffers.csv"
done

echo "transfer_ms,reprocess,opennf,sharp" > "$out/migration-latency.csv"
for t in 10 25 50 100 200; do
  row="$t"
  for p in reprocess buffer sharp; do
    j="$(json --protocol "$p" --sessions 20 --rate 400 --transfer-ms "$t")"
    row="$row,$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["p99_added_latency_ms"])' "$j")"
  done
  echo "$row" >> "$out/migration-latency.csv"
done

python3 - "$out" <<'PY'
import csv, sys
out = sys.argv[1]

def chart(name, title, ylabel, colours):
    rows = list(csv.reader(open(f"{out}/{name}.csv")))
    head, data = rows[0], [[float(v) for v in r] for r in rows[1:]]
    w, h, l, b, t, r = 560, 320, 60, 40, 30, 170
    xmax = max(d[0] for d in data)
    ymax = max(max(d[1:]) for d in data) * 1.1 or 1
    X = lambda x: l + (w - l - r) * x / xmax
    Y = lambda y: h - b - (h - b - t) * y / ymax
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{w/2}" y="18" text-anchor="middle" font-size="13">{title}</text>',
           f'<line x1="{l}" y1="{h-b}" x2="{w-r}" y2="{h-b}" stroke="black"/>',
           f'<line x1="{l}" y1="{t}" x2="{l}" y2="{h-b}" stroke="black"/>',
           f'<text x="{(l+w-r)/2}" y="{h-8}" text-anchor="middle">state transfer time (ms)</text>',
           f'<text transform="translate(14,{(t+h-b)/2}) rotate(-90)" text-anchor="middle">{ylabel}</text>']
    for d in data:
        svg.append(f'<text x="{X(d[0]):.1f}" y="{h-b+14}" text-anchor="middle">{d[0]:g}</text>')
    for i in range(5):
        v = ymax * i / 4
        svg.append(f'<text x="{l-6}" y="{Y(v)+4:.1f}" text-anchor="end">{v:.0f}</text>')
        svg.append(f'<line x1="{l}" y1="{Y(v):.1f}" x2="{w-r}" y2="{Y(v):.1f}" stroke="#ddd"/>')
    for k, colour in enumerate(colours, start=1):
        pts = " ".join(f"{X(d[0]):.1f},{Y(d[k]):.1f}" for d in data)
        svg.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for d in data:
            svg.append(f'<circle cx="{X(d[0]):.1f}" cy="{Y(d[k]):.1f}" r="3" fill="{colour}"/>')
        svg.append(f'<rect x="{w-r+12}" y="{t+18*k-9}" width="12" height="3" fill="{colour}"/>')
        svg.append(f'<text x="{w-r+30}" y="{t+18*k-4}">{head[k].replace("_", " ")}</text>')
    svg.append("</svg>")
    open(f"{out}/{name}.svg", "w").write("\n".join(svg) + "\n")

chart("migration-buffers", "Buffers during one handover (1000 pps)", "max packets held", ["#d62728", "#1f77b4", "#7f7f7f"])
chart("migration-latency", "p99 added latency (20 sessions × 400 pps)", "ms", ["#2ca02c", "#7f7f7f", "#1f77b4"])
PY
cat "$out/migration-buffers.csv" "$out/migration-latency.csv"
