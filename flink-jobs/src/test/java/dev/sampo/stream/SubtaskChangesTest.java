package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.flow.SubflowId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a period's inputs change for a subtask's buckets together, in either order of the two
 * inputs: a subflow stays indexed while an update reached one of its buckets that the same period
 * did not remove it from, and leaves when it left all of them (moved to another subtask's
 * buckets, gone, or evicted in the very period its update was sent).
 */
class SubtaskChangesTest {
    private static final SubflowId MOVED_HERE = SubflowId.parse("10.0.0.1:1000-10.0.0.2:2000");
    private static final SubflowId MOVED_AWAY = SubflowId.parse("10.0.0.1:1001-10.0.0.2:2000");
    private static final SubflowId EVICTED = SubflowId.parse("10.0.0.1:1002-10.0.0.2:2000");
    private static final SubflowId GONE = SubflowId.parse("10.0.0.1:1003-10.0.0.2:2000");

    @Test
    void aSubflowStaysInTheSubtaskIfAnUpdateReachedABucketItWasNotRemovedFrom() {
        for (boolean removalsFirst : new boolean[] {false, true}) {
            SubtaskChanges changes = new SubtaskChanges();
            SubflowUpdate here = update(100, MOVED_HERE);
            SubflowUpdate evicted = update(100, EVICTED);
            Runnable updates = () -> {
                changes.update(new BucketUpdate(3, here));
                changes.update(new BucketUpdate(4, update(100, MOVED_HERE))); // another bucket's copy
                changes.update(new BucketUpdate(5, evicted));
            };
            Runnable removals = () -> {
                changes.removal(new BucketRemoval(2, 100, MOVED_HERE));
                changes.removal(new BucketRemoval(6, 100, MOVED_AWAY));
                changes.removal(new BucketRemoval(5, 100, EVICTED));
                changes.removal(new BucketRemoval(7, 100, GONE));
            };
            (removalsFirst ? removals : updates).run();
            (removalsFirst ? updates : removals).run();
            changes.update(new BucketUpdate(3, update(200, GONE))); // a later period waits
            assertTrue(changes.anyThrough(100));
            SubtaskChanges.Applied applied = changes.takeThrough(100);
            assertEquals(Map.of(MOVED_HERE, here), applied.changed());
            assertSame(here, applied.changed().get(MOVED_HERE), "the first copy stands for every bucket's");
            assertEquals(Set.of(MOVED_AWAY, EVICTED, GONE), applied.left());
            assertSame(here, applied.copyOf(update(100, MOVED_HERE)));
            SubflowUpdate later = update(200, MOVED_HERE);
            assertSame(later, applied.copyOf(later), "a copy of another period is not the one to store");
            assertFalse(changes.anyThrough(199));
            assertEquals(Set.of(GONE), changes.takeThrough(200).changed().keySet());
        }
    }

    @Test
    void aLaterPeriodTakenTogetherWithAnEarlierOneDecidesWhereTheSubflowIs() {
        SubtaskChanges changes = new SubtaskChanges();
        changes.removal(new BucketRemoval(1, 100, GONE));
        SubflowUpdate back = update(200, GONE);
        changes.update(new BucketUpdate(1, back));
        changes.update(new BucketUpdate(1, update(100, EVICTED)));
        changes.removal(new BucketRemoval(1, 200, EVICTED));
        SubtaskChanges.Applied applied = changes.takeThrough(200);
        assertEquals(Map.of(GONE, back), applied.changed());
        assertEquals(Set.of(EVICTED), applied.left());
    }

    private static SubflowUpdate update(long period, SubflowId subflow) {
        return new SubflowUpdate(period, subflow, new byte[] {2});
    }
}
