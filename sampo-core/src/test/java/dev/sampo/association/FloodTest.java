package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import dev.sampo.mptcp.MptcpOption;
import dev.sampo.packet.Packet;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.packet.SpoofedFlood;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A flood of 200,000 spoofed subflows over the bundled lab capture (12 sessions of 4 subflows):
 * the cap holds the live subflows at every period, the spoofs are what it evicts, and the real
 * sessions come out as they do without the flood.
 */
class FloodTest {
    /** 200,000 records in the build; {@code -Dsampo.flood.records=1000000} for the million of the benchmark. */
    private static final int FLOOD = Integer.getInteger("sampo.flood.records", 200_000);
    private static final int CAP = 2_000;

    @Test
    void theCapHoldsAndTheRealSessionsAreStillGrouped() throws Exception {
        List<PacketRecord> real = Captures.read(Captures.bundledSample(), "none");
        Set<Set<SubflowId>> alone = OfflineRun.run(PacketSource.of(real.iterator()),
                new AssociationEngine(AssociationConfig.DEFAULTS), r -> { }).result().groups();
        assertTrue(alone.stream().anyMatch(g -> g.size() > 1), "the capture alone groups nothing: a useless reference");

        long start = real.stream().mapToLong(PacketRecord::tsMicros).min().orElseThrow();
        long end = real.stream().mapToLong(PacketRecord::tsMicros).max().orElseThrow();
        List<PacketRecord> mixed = new ArrayList<>(real);
        new SpoofedFlood(14, FLOOD, start, end - start).forEachRemaining(mixed::add);
        mixed.sort(Comparator.comparingLong(PacketRecord::tsMicros)); // stable: the capture keeps its order

        AssociationEngine engine = new AssociationEngine(AssociationConfig.builder().maxSubflows(CAP).build());
        List<Integer> liveEachPeriod = new ArrayList<>();
        long started = System.nanoTime();
        AssociationResult flooded = OfflineRun.run(PacketSource.of(mixed.iterator()), engine,
                r -> liveEachPeriod.add(engine.subflowCount())).result();
        System.out.printf("flood of %d: %.1f s, %d evicted, live per period %s, %d bytes of evidence%n", FLOOD,
                (System.nanoTime() - started) / 1e9, engine.evictedSubflows(), liveEachPeriod, engine.retainedBytes());

        assertTrue(liveEachPeriod.size() >= 2, "the flood spans periods");
        assertTrue(liveEachPeriod.stream().allMatch(n -> n <= CAP), "live subflows past the cap: " + liveEachPeriod);
        assertTrue(engine.evictedSubflows() >= FLOOD - CAP, "evicted " + engine.evictedSubflows());
        assertEquals(alone, realGroups(flooded));
    }

    @Test
    void evictsTheLeastEvidenceFirstAndTheOldestAmongEquals() {
        SubflowCap cap = new SubflowCap(2);
        SubflowEvidence busy = evidence(1, 100, 5);
        SubflowEvidence old = evidence(2, 50, 1);
        SubflowEvidence young = evidence(3, 200, 1);
        cap.update(busy.id, busy);
        cap.update(young.id, young);
        cap.update(old.id, old);
        assertEquals(List.of(old.id), cap.overflow());
        busy.packets = 0; // an update re-ranks: now busy has the least evidence
        SubflowId equalId = SubflowId.parse(busy.id.toString());
        assertSame(busy.id, cap.update(equalId, busy), "the cap keeps the id object it was first given");
        SubflowEvidence newest = evidence(4, 300, 2);
        cap.update(newest.id, newest);
        List<SubflowId> evicted = cap.overflow();
        assertEquals(List.of(busy.id), evicted);
        assertSame(busy.id, evicted.get(0), "an eviction names the subflow by the id the cap holds");
        assertEquals(2, cap.size());
        assertThrows(IllegalArgumentException.class, () -> new SubflowCap(0));
    }

    /** A subflow evicted in the very period it shows its first token: that token was never indexed. */
    @Test
    void evictsASubflowInThePeriodOfItsFirstToken() {
        AssociationEngine engine = new AssociationEngine(AssociationConfig.builder().maxSubflows(2).build());
        for (int k = 0; k < 5; k++) {
            engine.accept(packet(2, 100 + k, dss()));
        }
        engine.accept(packet(1, 100, dss()));
        engine.period(1_000_000);
        engine.accept(packet(1, 1_000_100, new MptcpOption.MpJoin(0x1234L, 7L, null, false, 1)));
        for (int k = 0; k < 5; k++) {
            engine.accept(packet(3, 1_000_100 + k, dss()));
        }
        AssociationDelta delta = engine.period(2_000_000);
        assertEquals(List.of(id(1)), delta.removedSubflows());
        assertEquals(Set.of(id(2), id(3)), Set.copyOf(engine.subflowIds()));
        assertEquals(Set.of(id(2), id(3)),
                engine.result().groups().stream().flatMap(Set::stream).collect(Collectors.toSet()));
    }

    private static MptcpOption dss() {
        return new MptcpOption.Dss(null, null, null, 5_000L, false, null, 8, null);
    }

    private static PacketRecord packet(int host, long micros, MptcpOption option) {
        SubflowId id = id(host);
        return new PacketRecord(0, micros, null, id.a(), id.aPort(), id.b(), id.bPort(), 1, 1, 0, Packet.ACK, 1, null,
                List.of(option));
    }

    private static SubflowId id(int host) {
        return SubflowId.of(IpAddress.ofV4(0x0A00_0000 | host), 1000, IpAddress.ofV4(0x0A00_00FF), 80);
    }

    private static SubflowEvidence evidence(int host, long firstSeen, long packets) {
        SubflowEvidence s = new SubflowEvidence(SubflowId.of(IpAddress.ofV4(0x0A00_0000 | host), 1000,
                IpAddress.ofV4(0x0A00_00FF), 80), 16);
        s.firstSeen = firstSeen;
        s.packets = packets;
        return s;
    }

    /** The groups holding a subflow of the capture: spoofs come out as sessions of their own. */
    private static Set<Set<SubflowId>> realGroups(AssociationResult r) {
        return r.groups().stream()
                .filter(g -> g.stream().noneMatch(FloodTest::spoofed))
                .collect(Collectors.toSet());
    }

    private static boolean spoofed(SubflowId id) {
        String a = id.a().toString();
        return a.startsWith("198.18.") || a.startsWith("198.19.");
    }
}
