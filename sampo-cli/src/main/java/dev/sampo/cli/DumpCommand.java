package dev.sampo.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.SequenceWriter;
import dev.sampo.mptcp.MptcpOption;
import dev.sampo.packet.Packet;
import dev.sampo.packet.PacketDecoder;
import dev.sampo.packet.PacketRecord;
import dev.sampo.pcap.CaptureFiles;
import dev.sampo.pcap.CaptureReader;
import dev.sampo.pcap.Frame;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Print one JSON object per line for every frame that carries an MPTCP option.",
            "64-bit values are unsigned decimal numbers; absent fields are omitted; frame is 1-based."})
final class DumpCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A pcap or pcapng capture, optionally gzip'd.")
    Path file;

    @Option(names = "--all", description = "Print every TCP frame, with or without MPTCP options.")
    boolean all;

    /** The dump line format of the README. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"frame", "ts", "src", "sport", "dst", "dport", "seq", "ack", "len", "flags", "missing", "mptcp"})
    record Line(long frame, BigDecimal ts, String src, int sport, String dst, int dport, long seq, long ack, int len,
                String flags, String missing, List<MptcpOption> mptcp) {
    }

    @Override
    public Integer call() throws Exception {
        PacketDecoder decoder = new PacketDecoder();
        Packet packet = new Packet();
        Frame frame = new Frame();
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        try (CaptureReader reader = CaptureFiles.open(file);
             SequenceWriter lines = Json.MAPPER.writer().withRootValueSeparator("\n").writeValues(out)) {
            long written = 0;
            while (reader.next(frame)) {
                if (!decoder.decode(frame, packet) || (!all && packet.mptcpCount == 0)) {
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
                System.err.println("sampo dump: " + reader.truncatedRecords() + " truncated last record skipped");
            }
        }
        return 0;
    }
}
