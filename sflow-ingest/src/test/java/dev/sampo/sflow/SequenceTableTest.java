package dev.sampo.sflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-key loss and the cap on keys tracked. */
class SequenceTableTest {

    @Test
    void eachKeyKeepsItsOwnLossAndAttachedCounts() {
        SequenceTable t = new SequenceTable(SequenceTable.DATAGRAM_REORDER_WINDOW, 32);
        for (long seq : new long[] {1, 2, 5, 6}) {
            t.observe(0, 1, 0, 0, seq, -1, -1, false);
            t.attach(3, 1);
        }
        for (long seq : new long[] {10, 11, 12}) {
            t.observe(0, 2, 0, 0, seq, -1, -1, false);
        }
        t.observe(0, 1, 0, 0, 4, -1, -1, false);

        assertEquals(1, t.late);
        assertEquals(1, t.lost, "2 missing for key 1, one of them arrived late");
        List<SequenceTable.Key> keys = t.keys().stream().sorted((a, b) -> Long.compare(a.lo(), b.lo())).toList();
        assertEquals(new SequenceTable.Key(0, 1, 0, 0, 5, 1, 12, 4), keys.get(0));
        assertEquals(new SequenceTable.Key(0, 2, 0, 0, 3, 0, 0, 0), keys.get(1));
    }

    /** A flood of spoofed agents fills the table to its cap; the rest is counted, not stored. */
    @Test
    void keysPastTheCapAreCountedAsUntracked() {
        SequenceTable t = new SequenceTable(SequenceTable.DATAGRAM_REORDER_WINDOW, 32);
        for (long agent = 0; agent < 1000; agent++) {
            t.observe(0, agent, 0, 0, 1, -1, -1, false);
            t.attach(1, 0);
        }
        assertEquals(32, t.size());
        assertEquals(32, t.keys().size());
        assertEquals(1000 - 32, t.untracked);
        assertEquals(32, t.keys().stream().mapToLong(SequenceTable.Key::attachedCount).sum(),
                "an untracked observation attaches nothing");
        assertThrows(IllegalArgumentException.class, () -> new SequenceTable(1, 100));
    }
}
