package dev.sampo.migration.nf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionStateTest {
    private static final List<Packet> PACKETS = List.of(new Packet(0, 0, 0, 0, 60, 0), new Packet(0, 1, 0, 1, 60, 1),
            new Packet(0, 2, 0, 2, 60, 2), new Packet(0, 3, 0, 3, 1400, 3), new Packet(0, 4, 1, 0, 60, 4),
            new Packet(0, 5, 0, 4, 900, 5));

    @Test
    void countersIgnoreOrderTheIdsDigestDoesNot() {
        List<Packet> swapped = new ArrayList<>(PACKETS);
        swapped.set(3, PACKETS.get(5));
        swapped.set(5, PACKETS.get(3));
        SessionState ideal = SessionState.fold(PACKETS);
        SessionState reordered = SessionState.fold(swapped);
        assertTrue(reordered.sameAs(ideal, NfKind.COUNTERS));
        assertFalse(reordered.sameAs(ideal, NfKind.STREAM_IDS));
        assertFalse(SessionState.fold(PACKETS.subList(0, 5)).sameAs(ideal, NfKind.COUNTERS), "a lost packet shows");
    }

    @Test
    void aSubflowNeedsItsSynBeforeItsOtherPackets() {
        NfInstance nf = new NfInstance("nf-1");
        assertFalse(nf.process(PACKETS.get(3)), "data of a subflow whose SYN this instance never saw");
        assertTrue(nf.process(PACKETS.get(4)), "a SYN makes its own mapping");
        nf.importState(0, SessionState.fold(PACKETS.subList(0, 3)));
        assertTrue(nf.process(PACKETS.get(3)), "the imported mapping serves");
    }

    @Test
    void aSnapshotRestoresTheSameStateAndTheSameDigestGoingOn() {
        SessionState original = SessionState.fold(PACKETS.subList(0, 4));
        SessionState restored = SessionState.of(original.snapshot());
        assertTrue(restored.sameAs(original, NfKind.STREAM_IDS));
        original.apply(PACKETS.get(4));
        assertFalse(restored.sameAs(original, NfKind.COUNTERS), "the restored state is a copy");
        restored.apply(PACKETS.get(4));
        assertTrue(restored.sameAs(original, NfKind.STREAM_IDS));
    }
}
