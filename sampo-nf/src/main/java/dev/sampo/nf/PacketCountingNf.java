package dev.sampo.nf;

import dev.sampo.directory.DirectoryConfig;
import dev.sampo.directory.DirectoryListener;
import dev.sampo.directory.DirectoryStats;
import dev.sampo.directory.SessionDirectory;
import dev.sampo.directory.SessionView;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import dev.sampo.wire.PacketWire;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * An example network function built on the {@link SessionDirectory}: it reads {@code sampo.packets}
 * and counts, per MPTCP session, the packets it sees. Counts are kept per subflow and summed by
 * session when reported, so packets that came before the engine associated their subflow still
 * count for its session. When the directory reports a session ended, the NF prints its total and
 * forgets its subflows; {@code maxSubflows} bounds what it tracks (beyond it, new subflows are
 * refused and counted).
 */
public final class PacketCountingNf implements AutoCloseable {
    /** A session's packets as this NF counted them. */
    public record SessionCount(SessionView session, long packets) {
    }

    /**
     * @param sessions per session id, the packets of its subflows
     * @param unassociatedSubflows subflows seen that no session (yet) names
     * @param unassociatedPackets their packets
     * @param malformed {@code sampo.packets} records that were not wire version 1
     * @param refusedSubflows new subflows not tracked because {@code maxSubflows} were
     */
    public record Tally(Map<String, SessionCount> sessions, long unassociatedSubflows, long unassociatedPackets,
                        long packets, long malformed, long refusedSubflows) {
    }

    private final SessionDirectory directory;
    private final KafkaConsumer<byte[], byte[]> packets;
    private final String packetsTopic;
    private final boolean fromBeginning;
    private final int maxSubflows;
    private final PrintWriter out;
    private final Map<SubflowId, AtomicLong> bySubflow = new ConcurrentHashMap<>();
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private boolean assigned;

    /**
     * Starts the directory at once; packets are read by {@link #poll}.
     *
     * @param kafka the packets consumer's Kafka client settings: {@code bootstrap.servers}, and any
     *     others (TLS, SASL)
     * @param fromBeginning read {@code packetsTopic} from its start rather than from now on
     * @param out where ended sessions and {@link #report}s go
     */
    public PacketCountingNf(DirectoryConfig directoryConfig, Map<String, ?> kafka, String packetsTopic,
                            boolean fromBeginning, int maxSubflows, PrintWriter out) {
        if (maxSubflows < 1) {
            throw new IllegalArgumentException("maxSubflows must be ≥ 1, not " + maxSubflows);
        }
        this.packetsTopic = packetsTopic;
        this.fromBeginning = fromBeginning;
        this.maxSubflows = maxSubflows;
        this.out = out;
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "sampo-nf-example");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.packets = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.directory = new SessionDirectory(directoryConfig);
        directory.addListener(new DirectoryListener() {
            @Override
            public void ended(SessionView session) {
                long total = forget(session);
                out.printf("session %s ended: %d packets on %d subflows%n", session.id(), total,
                        session.subflows().size());
            }
        });
        directory.start();
    }

    public SessionDirectory directory() {
        return directory;
    }

    /** Reads and counts what {@code sampo.packets} has, waiting up to {@code timeout}; the caller's thread. */
    public void poll(Duration timeout) {
        if (!assigned && !assign(timeout)) {
            return;
        }
        for (ConsumerRecord<byte[], byte[]> r : packets.poll(timeout)) {
            seen.incrementAndGet();
            PacketRecord p;
            try {
                p = PacketWire.decodeHeaders(r.value());
            } catch (PacketWire.MalformedRecordException e) {
                malformed.incrementAndGet();
                continue;
            }
            SubflowId id = SubflowId.of(p.src(), p.sport(), p.dst(), p.dport());
            AtomicLong count = bySubflow.get(id);
            if (count == null) {
                if (bySubflow.size() >= maxSubflows) {
                    refused.incrementAndGet();
                    continue;
                }
                count = bySubflow.computeIfAbsent(id, k -> new AtomicLong());
            }
            count.incrementAndGet();
        }
    }

    /** The counts now, each subflow's under the session the directory names for it. */
    public Tally tally() {
        Map<String, SessionCount> sessions = new HashMap<>();
        long loneSubflows = 0;
        long lonePackets = 0;
        for (Map.Entry<SubflowId, AtomicLong> e : bySubflow.entrySet()) {
            long n = e.getValue().get();
            Optional<SessionView> session = directory.lookup(e.getKey());
            if (session.isPresent()) {
                sessions.merge(session.get().id(), new SessionCount(session.get(), n),
                        (a, b) -> new SessionCount(a.session(), a.packets() + b.packets()));
            } else {
                loneSubflows++;
                lonePackets += n;
            }
        }
        return new Tally(sessions, loneSubflows, lonePackets, seen.get(), malformed.get(), refused.get());
    }

    /** Prints the {@code top} sessions by packets and a summary line. */
    public void report(int top) {
        Tally t = tally();
        List<SessionCount> ranked = new ArrayList<>(t.sessions().values());
        ranked.sort(Comparator.comparingLong(SessionCount::packets).reversed());
        out.printf("%-16s %-8s %-9s %5s %8s %10s%n", "session", "token", "evidence", "Φ", "subflows", "packets");
        for (SessionCount c : ranked.subList(0, Math.min(top, ranked.size()))) {
            SessionView s = c.session();
            out.printf("%-16s %-8s %-9s %5.2f %8d %10d%n", s.id(), s.token() == null ? "-" : s.token(), s.evidence(),
                    s.confidence(), s.subflows().size(), c.packets());
        }
        DirectoryStats d = directory.stats();
        out.printf("%d sessions; %d packets read, %d on %d subflows not (yet) in a session, %d malformed, %d refused;"
                + " directory%s: %d sessions, %d subflows, %d records (%d malformed), %d sessions refused%n",
                t.sessions().size(), t.packets(), t.unassociatedPackets(), t.unassociatedSubflows(), t.malformed(),
                t.refusedSubflows(), directory.isReady() ? "" : " (catching up)", d.sessions(), d.subflows(),
                d.records(), d.malformed(), d.refusedSessions());
    }

    private long forget(SessionView session) {
        long total = 0;
        for (SessionView.Member m : session.subflows()) {
            AtomicLong n = bySubflow.remove(m.id());
            total += n == null ? 0 : n.get();
        }
        return total;
    }

    private boolean assign(Duration timeout) {
        List<PartitionInfo> infos;
        try {
            infos = packets.partitionsFor(packetsTopic, timeout);
        } catch (TimeoutException e) {
            return false; // no broker yet: the next poll asks again
        }
        if (infos == null || infos.isEmpty()) {
            return false;
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        packets.assign(partitions);
        if (fromBeginning) {
            packets.seekToBeginning(partitions);
        } else {
            packets.seekToEnd(partitions);
        }
        assigned = true;
        return true;
    }

    @Override
    public void close() {
        packets.close();
        directory.close();
    }
}
