package dev.sampo.association;

import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import dev.sampo.mptcp.MptcpOption;
import dev.sampo.packet.Packet;
import dev.sampo.packet.PacketRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Downloads shaped like Linux MPTCP traffic: the server spreads mappings over its subflows,
 * every data segment carries the mapping and a constant DATA_ACK of the client's request, the
 * client acknowledges on every subflow. Only for unit tests of the decision steps.
 */
final class SyntheticSessions {
    private static final int MSS = 1448;
    private static final int MAPPING = 8 * MSS;
    static final int SERVER_PORT = 5000;

    private SyntheticSessions() {
    }

    static SubflowId subflow(int client, int path, int port) {
        return SubflowId.of(IpAddress.parse("10.1.0.2"), SERVER_PORT, IpAddress.parse("10.2." + path + "." + client), port);
    }

    /**
     * @param serverIdsn where the server's DSN space starts
     * @param clientAck the constant DATA_ACK the server sends (client IDSN + request)
     * @param startMicros when the session starts
     * @param bytesPerSecond the session's goodput
     */
    static List<PacketRecord> download(List<SubflowId> subflows, long serverIdsn, long clientAck, long startMicros,
                                       long bytes, long bytesPerSecond, int dsnBytes, SplittableRandom random) {
        List<PacketRecord> out = new ArrayList<>();
        long[] ssn = new long[subflows.size()];
        for (long dsn = serverIdsn; dsn < serverIdsn + bytes; dsn += MAPPING) {
            int s = random.nextInt(subflows.size());
            SubflowId id = subflows.get(s);
            boolean serverIsA = id.aPort() == SERVER_PORT;
            var server = serverIsA ? id.a() : id.b();
            var client = serverIsA ? id.b() : id.a();
            int clientPort = serverIsA ? id.bPort() : id.aPort();
            for (int off = 0; off < MAPPING; off += MSS) {
                long t = startMicros + (dsn - serverIdsn + off) * 1_000_000 / bytesPerSecond;
                MptcpOption dss = new MptcpOption.Dss(trunc(dsn, dsnBytes), ssn[s] + 1, MAPPING, trunc(clientAck, 8),
                        false, dsnBytes, 8, null);
                out.add(new PacketRecord(0, t, null, server, SERVER_PORT, client, clientPort, 1000 + ssn[s] + off,
                        1, MSS, Packet.ACK, 1, null, List.of(dss)));
                long acked = dsn + off + MSS;
                MptcpOption ack = new MptcpOption.Dss(null, null, null, trunc(acked, 8), false, null, 8, null);
                out.add(new PacketRecord(0, t + 200, null, client, clientPort, server, SERVER_PORT, 1,
                        1000 + ssn[s] + off + MSS, 0, Packet.ACK, 1, null, List.of(ack)));
            }
            ssn[s] += MAPPING;
        }
        return out;
    }

    /**
     * {@code sessions} downloads of 2 to 4 subflows each, of random sizes, rates, DSN widths and
     * start times, in time order; their server IDSNs crowd into one corner of both spaces, so that
     * 32- and 64-bit tracks of different sessions meet.
     */
    static List<PacketRecord> crowded(int sessions, SplittableRandom random) {
        List<PacketRecord> packets = new ArrayList<>();
        for (int session = 0; session < sessions; session++) {
            List<SubflowId> subflows = new ArrayList<>();
            for (int path = 0; path < 2 + random.nextInt(3); path++) {
                subflows.add(subflow(session, path, 40_000 + path));
            }
            long idsn = (random.nextLong() & ~0xFFFF_FFFFL) | random.nextLong(1L << 26);
            packets.addAll(download(subflows, idsn, random.nextLong(), random.nextLong(20_000_000),
                    200_000 + random.nextLong(3_000_000), 100_000 + random.nextLong(1_000_000),
                    random.nextBoolean() ? 4 : 8, random));
        }
        packets.sort(Comparator.comparingLong(PacketRecord::tsMicros));
        return packets;
    }

    /** Every n-th packet, as count sampling would keep. */
    static List<PacketRecord> sample(List<PacketRecord> packets, int n) {
        List<PacketRecord> out = new ArrayList<>();
        for (int i = n - 1; i < packets.size(); i += n) {
            PacketRecord p = packets.get(i);
            out.add(new PacketRecord(p.frame(), p.tsMicros(), null, p.src(), p.sport(), p.dst(), p.dport(), p.seq(),
                    p.ack(), p.len(), p.flags(), n, null, p.mptcp()));
        }
        return out;
    }

    private static long trunc(long v, int bytes) {
        return bytes == 8 ? v : v & 0xFFFF_FFFFL;
    }
}
