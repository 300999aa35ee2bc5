#!/bin/sh
# Regenerates the Wireshark reference fields for TsharkDifferentialTest (see README.md here).
# Usage: generate.sh [SHARED_DIR]   (default: ../shared next to the repository root)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
shared=${1:-$here/../../../../../../shared}
datasets=$shared/datasets

# Raw numbers, no MPTCP/TCP analysis (it would rewrite DSNs and sequence numbers relative to
# state), no name resolution. One row per frame, in frame order: the row is the frame number, so
# frame.number is not stored (incrementing numbers would be a third of the compressed size). A
# field that several options of one frame carry is joined with ',' in option order.
fields() {
    tshark -n -r "$1" \
        -o tcp.relative_sequence_numbers:FALSE \
        -o tcp.analyze_sequence_numbers:FALSE \
        -o mptcp.relative_sequence_numbers:FALSE \
        -o mptcp.analyze_mptcp:FALSE \
        -o mptcp.analyze_mappings:FALSE \
        -T fields -E header=y -E separator=/t -E occurrence=a -E aggregator=, \
        -e ip.src -e ipv6.src -e tcp.srcport -e ip.dst -e ipv6.dst -e tcp.dstport \
        -e tcp.seq_raw -e tcp.ack_raw -e tcp.len -e tcp.flags \
        -e tcp.options.mptcp.subtype -e tcp.options.mptcp.version -e tcp.options.mptcp.flags \
        -e tcp.options.mptcp.sendkey -e tcp.options.mptcp.recvkey \
        -e tcp.options.mptcp.recvtok -e tcp.options.mptcp.sendrand \
        -e tcp.options.mptcp.sendtrunchmac -e tcp.options.mptcp.sendhmac \
        -e tcp.options.mptcp.backup.flag -e tcp.options.mptcp.addrid \
        -e tcp.options.mptcp.rawdataack -e tcp.options.mptcp.rawdataseqno \
        -e tcp.options.mptcp.subflowseqno -e tcp.options.mptcp.datalvllen \
        -e tcp.options.mptcp.ipver -e tcp.options.mptcp.echo \
        -e tcp.options.mptcp.ipv4 -e tcp.options.mptcp.ipv6 -e tcp.options.mptcp.port \
        -e tcp.options.mptcp.addaddrtrunchmac -e tcp.options.mptcp.rst_reason \
        | gzip -n -9 > "$2"
}

tshark --version | head -n 1
fields "$datasets/paper40/full.pcap.gz" "$here/paper40-fields.tsv.gz"
fields "$datasets/v0-outoftree/client_2.pcap" "$here/v0-client_2-fields.tsv.gz"
fields "$datasets/v0-outoftree/iperf-mptcp-0-0.pcap" "$here/v0-iperf-mptcp-0-0-fields.tsv.gz"
ls -l "$here"/*.tsv.gz
