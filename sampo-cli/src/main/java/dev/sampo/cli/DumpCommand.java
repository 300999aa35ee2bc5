package dev.sampo.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.SequenceWriter;
import dev.sampo.mptcp.MptcpOption;
import dev.sampo.packet.Packet;
import dev.sampo.packet.PacketDecoder;
import dev.sampo.packet.PacketRecord;
import dev.sampo.pcap.CaptureFiles;
import dev.sampo.pcap.CaptureReader;
import dev.sampo.pcap.Frame;
import dev.sampo.sflow.FlowSample;
import dev.sampo.sflow.SflowCaptureReader;
import dev.sampo.sflow.SflowDecoder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Print one JSON object per line for every frame that carries an MPTCP option.",
            "64-bit values are unsigned decimal numbers; absent fields are omitted; frame is 1-based.",
            "With --input sflow, one line per flow sample whose header is such a segment: frame is the flow",
            "sample's number, ts its datagram's capture time, and the sFlow fields come first: agent, sub_agent,",
            "dgram_seq, uptime_ms, sample_seq, source (data source ifIndex), rate, pool, drops, input, output",
            "(input_format/output_format when not a plain ifIndex), header_protocol, frame_length, stripped."})
final class DumpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", converter = ReadableFile.class,
            description = "A pcap or pcapng capture, optionally gzip'd (see --input).")
    Path file;

    @Mixin
    InputOption input;

    @Option(names = "--all", description = "Print every TCP frame, with or without MPTCP options.")
    boolean all;

    /** The dump line format of the README. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"frame", "ts", "src", "sport", "dst", "dport", "seq", "ack", "len", "flags", "missing", "mptcp"})
    record Line(long frame, BigDecimal ts, String src, int sport, String dst, int dport, long seq, long ack, int len,
                String flags, String missing, List<MptcpOption> mptcp) {
    }

    /** A flow sample's line: the sFlow fields, then the sampled packet's as in {@link Line}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"frame", "ts", "agent", "sub_agent", "dgram_seq", "uptime_ms", "sample_seq", "expanded",
        "source", "rate", "pool", "drops", "input_format", "input", "output_format", "output", "header_protocol",
        "frame_length", "stripped", "src", "sport", "dst", "dport", "seq", "ack", "len", "flags", "missing", "mptcp"})
    record SflowLine(long frame, BigDecimal ts, String agent, @JsonProperty("sub_agent") long subAgent,
                     @JsonProperty("dgram_seq") long datagramSequence, @JsonProperty("uptime_ms") long uptimeMillis,
                     @JsonProperty("sample_seq") long sampleSequence, Boolean expanded, long source, long rate,
                     long pool, long drops, @JsonProperty("input_format") Integer inputFormat, long input,
                     @JsonProperty("output_format") Integer outputFormat, long output,
                     @JsonProperty("header_protocol") int headerProtocol,
                     @JsonProperty("frame_length") long frameLength, long stripped, String src, int sport, String dst,
                     int dport, long seq, long ack, int len, String flags, String missing,
                     @JsonInclude(JsonInclude.Include.NON_EMPTY) List<MptcpOption> mptcp) {
    }

    @Override
    public Integer call() throws Exception {
        if (input.kind == InputKind.sflow) {
            return dumpSflow();
        }
        PacketDecoder decoder = new PacketDecoder();
        Packet packet = new Packet();
        Frame frame = new Frame();
        BufferedWriter out = new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
        PrintWriter err = spec.commandLine().getErr();
        long written = 0;
        try (CaptureReader reader = CaptureFiles.open(file);
             SequenceWriter lines = Json.MAPPER.writer().withRootValueSeparator("\n").writeValues(out)) {
            while (reader.next(frame)) {
                if (!frame.decodeWith(decoder, packet) || (!all && packet.mptcpCount == 0)) {
                    continue;
                }
                PacketRecord r = PacketRecord.of(packet, 1, null);
                lines.write(new Line(r.frame(), BigDecimal.valueOf(packet.timestampNanos, 9).stripTrailingZeros(),
                        r.src().toString(), r.sport(), r.dst().toString(), r.dport(), r.seq(), r.ack(), r.len(),
                        packet.flagString(), r.missing() == null ? null : r.missing().name(), r.mptcp()));
                written++;
            }
            lines.flush();
            if (written > 0) {
                out.write('\n');
            }
            out.flush();
            if (reader.truncatedRecords() > 0) {
                err.println("sampo dump: " + reader.truncatedRecords() + " truncated last record skipped");
            }
        }
        SflowRecording.rejectAsPackets(file, written);
        return 0;
    }

    private int dumpSflow() throws IOException {
        BufferedWriter out = new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
        long[] written = new long[1];
        try (SflowCaptureReader reader = new SflowCaptureReader(file);
             SequenceWriter lines = Json.MAPPER.writer().withRootValueSeparator("\n").writeValues(out)) {
            SflowDecoder decoder = new SflowDecoder((d, s) -> {
                Packet p = s.packet;
                if (!s.tcp || (!all && p.mptcpCount == 0)) {
                    return;
                }
                PacketRecord r = PacketRecord.of(p, 1, null);
                try {
                    lines.write(new SflowLine(s.number, BigDecimal.valueOf(d.timestampNanos, 9).stripTrailingZeros(),
                            d.agent().toString(), d.subAgentId, d.sequence, d.uptimeMillis, s.sequence,
                            s.expanded ? Boolean.TRUE : null, s.sourceIdIndex, s.samplingRate, s.samplePool, s.drops,
                            s.inputFormat == FlowSample.IF_INDEX ? null : s.inputFormat, s.inputValue,
                            s.outputFormat == FlowSample.IF_INDEX ? null : s.outputFormat, s.outputValue,
                            s.headerProtocol, s.frameLength, s.stripped, r.src().toString(), r.sport(),
                            r.dst().toString(), r.dport(), r.seq(), r.ack(), r.len(), p.flagString(),
                            r.missing() == null ? null : r.missing().name(), r.mptcp()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                written[0]++;
            });
            while (reader.next()) {
                decoder.decode(reader.frame().data, reader.udp().payloadOffset, reader.udp().payloadLength,
                        reader.frame().timestampNanos);
            }
            lines.flush();
            if (written[0] > 0) {
                out.write('\n');
            }
            out.flush();
            String problems = decoder.stats().summary();
            String warnings = reader.warnings();
            if (!problems.isEmpty() || !warnings.isEmpty()) {
                spec.commandLine().getErr().println("sampo dump: " + (problems.isEmpty() ? "" : "sFlow: " + problems)
                        + (!problems.isEmpty() && !warnings.isEmpty() ? "; " : "") + warnings);
            }
        }
        return 0;
    }
}
