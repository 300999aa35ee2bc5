#!/bin/bash
# Regenerates the tshark fixtures of SflowTsharkDifferentialTest: one TSV line per flow sample as
# Wireshark's sFlow dissector reads it.   usage: generate.sh CAPTURE UDP_PORT OUT.tsv.gz
# (run from this directory, e.g. ./generate.sh ../captures/paper40-sflow-1in50.pcap.gz 16343 paper40-sflow-1in50.tsv.gz)
# Columns: frame, datagram sequence, sample sequence, source id class, source id index, sampling
# rate, sample pool, drops, input format, input value, output format, output value, header
# protocol, frame length, stripped, header length, header hex.  Compact samples carry one 32-bit
# input and a format/value output; tshark prints the compact input as its whole 32 bits, and the
# header with its XDR padding, which is cut to the sampled header length here.
set -euo pipefail
IN=$1; PORT=$2; OUT=$3
F=(frame.number sflow_245.sequence_number
   sflow.flow_sample.sequence_number sflow.flow_sample.source_id_class sflow.flow_sample.index
   sflow.flow_sample.source_id_type sflow.flow_sample.source_id_index
   sflow.flow_sample.sampling_rate sflow.flow_sample.sample_pool sflow.flow_sample.dropped_packets
   sflow.flow_sample.input_interface sflow.flow_sample.input_interface_format sflow.flow_sample.input_interface_value
   sflow.flow_sample.output_interface_format sflow.flow_sample.output_interface_value
   sflow_245.header_protocol sflow_245.header.frame_length sflow_245.header.payload_stripped
   sflow_245.header.sampled_header_length sflow_245.header sflow.flow_sample.output_interface.format)
ARGS=(); for f in "${F[@]}"; do ARGS+=(-e "$f"); done
tshark -r "$IN" -d "udp.port==$PORT,sflow" -Y sflow -T fields -E separator=/t -E occurrence=a -E aggregator=, "${ARGS[@]}" \
| awk -F'\t' -v OFS='\t' '
  # Explode the per-frame lists into one line per sample; compact samples fill the class/index and
  # the 32-bit input, expanded ones the type/index and the input format/value (and tshark names
  # their output format differently). A datagram must not mix the two kinds.
  { n = split($3, seq, ",");
    split($4, cls, ","); split($5, idx, ","); split($6, typ, ","); split($7, eidx, ",");
    split($8, rate, ","); split($9, pool, ","); split($10, drops, ",");
    split($11, in32, ","); split($12, infmt, ","); split($13, inval, ",");
    split($14, outfmt, ","); split($15, outval, ",");
    split($21, outfmtx, ",");
    split($16, proto, ","); split($17, flen, ","); split($18, strip, ","); split($19, hlen, ","); split($20, hdr, ",");
    for (i = 1; i <= n; i++) {
      if (in32[i] != "") { c = cls[i]; x = idx[i]; f = int(in32[i] / 1073741824); v = in32[i] % 1073741824 }
      else { c = typ[i]; x = eidx[i]; f = infmt[i]; v = inval[i] }
      o = outfmt[i] != "" ? outfmt[i] : outfmtx[i]
      h = hdr[i]; gsub(":", "", h); h = substr(h, 1, 2 * hlen[i])
      print $1, $2, seq[i], c, x, rate[i], pool[i], drops[i], f, v, o, outval[i], proto[i], flen[i], strip[i], hlen[i], h
    } }' | gzip -9n > "$OUT"
echo "$(zcat "$OUT" | wc -l) samples -> $OUT"
