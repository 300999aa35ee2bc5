package dev.sampo.bench;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.EvidenceCollector;
import dev.sampo.association.SubflowEvidence;
import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import dev.sampo.mptcp.MptcpOption;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies of a lab capture as distinct concurrent sessions, for load at scale: in copy {@code c}
 * the client side moves into 100.64.0.0/10 (c in the upper 10 bits, the original host and path in
 * the lower 12), or from copy 1024 on, where that range is full, into 2001:db8::/32 (c in the
 * upper half), and every DSN and DATA_ACK shifts to a place of its own in DSN space. Servers
 * listen on ports 5000 and 5001, as in the lab.
 */
final class CaptureCopies {
    private CaptureCopies() {
    }

    /**
     * The sampled packets of the capture to copy, or of the bundled lab sample where that file is
     * absent (a checkout without ../shared).
     */
    static List<PacketRecord> read(String capture, String sampling) throws IOException {
        Path file = Path.of(capture);
        if (!Files.exists(file)) {
            file = Path.of("samples/lab-small.pcap.gz");
        }
        List<PacketRecord> base = new ArrayList<>();
        try (PacketSource src = new CapturePacketSource(file, Sampler.parse(sampling), true)) {
            for (PacketRecord p = src.next(); p != null; p = src.next()) {
                base.add(p);
            }
        }
        System.out.printf("%s (%s): %d packets%n", file, sampling, base.size());
        return base;
    }

    /** The evidence of live subflows made of whole copies, and how many copies that took. */
    record Live(Map<SubflowId, SubflowEvidence> evidence, int copies) {
    }

    /**
     * Each MPTCP subflow's evidence (no retention) over as many whole copies as make at least
     * {@code target} of them, in the order the copies meet them: a benchmark's live subflows.
     */
    static Live live(List<PacketRecord> base, AssociationConfig config, int target) {
        EvidenceCollector collector = new EvidenceCollector(config);
        Map<SubflowId, SubflowEvidence> live = new LinkedHashMap<>();
        int copies = 0;
        while (live.size() < target) {
            int before = live.size();
            for (PacketRecord p : base) {
                PacketRecord c = packet(p, copies);
                SubflowId id = SubflowId.of(c.src(), c.sport(), c.dst(), c.dport());
                SubflowEvidence s = collector.apply(c, id, live.get(id));
                if (s != null) {
                    live.put(id, s);
                }
            }
            copies++;
            if (live.size() == before) {
                throw new IllegalArgumentException("the capture has no MPTCP subflow to copy");
            }
        }
        return new Live(live, copies);
    }

    static PacketRecord packet(PacketRecord p, int copy) {
        long dsnShift = (copy + 1) * 0x9E37_79B9_7F4A_7C15L;
        boolean srcIsServer = isServer(p.sport());
        IpAddress src = srcIsServer ? p.src() : client(p.src(), copy);
        IpAddress dst = srcIsServer ? client(p.dst(), copy) : p.dst();
        List<MptcpOption> options = new ArrayList<>();
        for (MptcpOption o : p.mptcp()) {
            if (o instanceof MptcpOption.Dss d) {
                options.add(new MptcpOption.Dss(d.dsn() == null ? null : d.dsn() + dsnShift, d.ssn(), d.dll(),
                        d.dataAck() == null ? null : d.dataAck() + dsnShift, d.dataFin(), d.dsnBytes(),
                        d.dataAckBytes(), d.checksum()));
            } else {
                options.add(o);
            }
        }
        return new PacketRecord(p.frame(), p.tsMicros(), null, src, p.sport(), dst, p.dport(), p.seq(), p.ack(),
                p.len(), p.flags(), p.samplingRate(), p.missing(), options);
    }

    static SubflowId subflow(SubflowId id, int copy) {
        IpAddress a = isServer(id.aPort()) ? id.a() : client(id.a(), copy);
        IpAddress b = isServer(id.bPort()) ? id.b() : client(id.b(), copy);
        return SubflowId.of(a, id.aPort(), b, id.bPort());
    }

    static boolean isServer(int port) {
        return port == 5000 || port == 5001;
    }

    static IpAddress client(IpAddress a, int copy) {
        int host = (int) (a.lo() >>> 8) & 0xFF;
        int path = (int) (a.lo() >>> 16) & 0x0F;
        if (copy < 1024) {
            return IpAddress.ofV4(0x6440_0000 | (copy << 12) | (path << 8) | host);
        }
        return new IpAddress(0x2001_0db8_0000_0000L | copy, (path << 8) | host);
    }
}
