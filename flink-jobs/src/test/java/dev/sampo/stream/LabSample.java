package dev.sampo.stream;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.AssociationEngine;
import dev.sampo.association.OfflineRun;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import dev.sampo.wire.PacketWire;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The bundled lab capture ({@code samples/}, 12 sessions of 4 subflows over two seconds) and its offline answer. */
final class LabSample {
    static final Path CAPTURE = Path.of("..", "samples", "lab-small.pcap.gz");

    private LabSample() {
    }

    /** Every MPTCP packet record of the capture, in capture order. */
    static List<PacketRecord> records() throws IOException {
        List<PacketRecord> records = new ArrayList<>();
        try (CapturePacketSource source = new CapturePacketSource(CAPTURE, Sampler.parse("none"), true)) {
            for (PacketRecord r = source.next(); r != null; r = source.next()) {
                records.add(r);
            }
        }
        return records;
    }

    /** The groups the offline engine finds. */
    static Set<Set<SubflowId>> offlineGroups(AssociationConfig config) throws IOException {
        try (CapturePacketSource source = new CapturePacketSource(CAPTURE, Sampler.parse("none"), true)) {
            return OfflineRun.run(source, new AssociationEngine(config), r -> { }).result().groups();
        }
    }

    static SubflowId subflowOf(PacketRecord p) {
        return SubflowId.of(p.src(), p.sport(), p.dst(), p.dport());
    }

    /** A record as the job reads it from Kafka, keyed by its subflow. */
    static WirePacket wire(PacketRecord p) {
        return WirePacket.of(subflowOf(p).toString(), PacketWire.encode(p), 0, p.frame());
    }
}
