package dev.sampo.migration.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.migration.nf.NfKind;
import dev.sampo.migration.plan.MigrationProtocol;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Property-based: random workloads and timings, seeded, for each protocol; every promised
 * property must hold on every run, and the limits the papers describe must show where they say.
 */
class MigrationPropertiesTest {
    private static final int RUNS = 60;

    /** A random run; Weak-O's guard is drawn above what its critical state needs (srcDelay + peerDelay - dstDelay). */
    static SimSettings randomSettings(MigrationProtocol protocol, SplittableRandom r) {
        double src = r.nextDouble(0, 10);
        double dst = r.nextDouble(0, 10);
        double peer = r.nextDouble(0, 3);
        NfKind nf = protocol == MigrationProtocol.WEAK_O ? NfKind.COUNTERS : NfKind.values()[r.nextInt(2)];
        return new SimSettings(protocol, nf, 1 + r.nextInt(8), 1 + r.nextInt(5), r.nextDouble(20, 600),
                r.nextDouble(500, 1500), r.nextDouble(0, 80), r.nextDouble(0, 15), r.nextDouble(0, 5), src, dst,
                r.nextDouble(0, 5), peer, r.nextDouble(0.5, 20), Math.max(0, src + peer - dst) + r.nextDouble(0.1, 3),
                10_000, r.nextLong());
    }

    @ParameterizedTest
    @EnumSource(MigrationProtocol.class)
    void everyPromiseHoldsOnRandomWorkloadsAndTimings(MigrationProtocol protocol) {
        SplittableRandom r = new SplittableRandom(protocol.ordinal() * 7919L + 12);
        long packets = 0;
        for (int run = 0; run < RUNS; run++) {
            SimSettings settings = randomSettings(protocol, r);
            SimReport report = MigrationSimulator.run(settings);
            assertEquals(0, report.brokenPromises(), () -> settings + "\n" + report);
            assertEquals(settings.sessions(), report.migrations(), () -> "every migration completes: " + report);
            packets += report.packets();
        }
        assertTrue(packets > 10_000, "the runs carried traffic: " + packets);
    }

    @Test
    void aRunIsAFunctionOfItsSettings() {
        SimSettings settings = SimSettings.defaults(MigrationProtocol.REPROCESS).withSeed(42);
        assertEquals(MigrationSimulator.run(settings), MigrationSimulator.run(settings));
        assertNotEquals(MigrationSimulator.run(settings), MigrationSimulator.run(settings.withSeed(43)),
                "the seed draws the workload");
    }

    /**
     * Weak-O reorders non-cohesive packets when the old path is slower: harmless for counters, wrong
     * for an order-sensitive IDS (the paper: an IDS has no NSP and needs a buffering protocol).
     * Cohesive packets keep their order even then.
     */
    @Test
    void weakOReordersOthersButNeverCohesivePackets() {
        long reordered = 0;
        long wrongIdsState = 0;
        for (long seed = 1; seed <= 10; seed++) {
            SimSettings slowOldPath = SimSettings.defaults(MigrationProtocol.WEAK_O).withLoad(10, 400, 20)
                    .withPaths(8, 1, 0.5, 8.5).withSeed(seed);
            SimReport counters = MigrationSimulator.run(slowOldPath);
            SimReport ids = MigrationSimulator.run(slowOldPath.withNf(NfKind.STREAM_IDS));
            for (SimReport report : new SimReport[] {counters, ids}) {
                assertEquals(0, report.violations(Property.COHESIVE_REORDER), report::toString);
                assertEquals(0, report.violations(Property.CSS_MISSING), report::toString);
                assertEquals(0, report.violations(Property.LOSS) + report.violations(Property.DUPLICATE));
                assertEquals(0, report.maxBuffer(), "Weak-O buffers nothing");
            }
            assertEquals(0, counters.violations(Property.FINAL_STATE), "commutative state converges: " + counters);
            reordered += counters.violations(Property.REORDER);
            wrongIdsState += ids.violations(Property.FINAL_STATE);
            assertEquals(0, MigrationSimulator.run(slowOldPath.withNf(NfKind.STREAM_IDS)
                    .withProtocol(MigrationProtocol.SHARP)).brokenPromises(), "SHarP handles the same case");
        }
        assertTrue(reordered > 0, "in-flight packets on the slower old path are processed after newer ones");
        assertTrue(wrongIdsState > 0, "so an order-sensitive IDS ends in a state no unmigrated IDS would hold");
    }

    /**
     * Weak-O's timer must cover the packets in flight and the critical state's trip: with a guard of 0,
     * a handshake right before the flip leaves the destination without the new subflow's mapping
     * and its handshake processed after its data.
     */
    @Test
    void weakOFailsWhenItsTimerDoesNotCoverTheCriticalState() {
        long tooShort = 0;
        long longEnough = 0;
        for (long seed = 1; seed <= 10; seed++) {
            SimSettings base = new SimSettings(MigrationProtocol.WEAK_O, NfKind.COUNTERS, 10, 4, 500, 1000, 20, 2, 0,
                    8, 1, 1, 2, 1, 0, 10_000, seed);
            SimReport unguarded = MigrationSimulator.run(base);
            tooShort += unguarded.violations(Property.CSS_MISSING) + unguarded.violations(Property.COHESIVE_REORDER);
            longEnough += MigrationSimulator.run(base.withPaths(8, 1, 2, 10)).brokenPromises();
        }
        assertTrue(tooShort > 0, "a guard below srcDelay + peerDelay - dstDelay breaks Weak-O");
        assertEquals(0, longEnough);
    }

    /** Single-subflow sessions, so no handshake delays the flip: the reroute takes ~1 packet gap, the old path 20 ms. */
    @Test
    void weakOSplitsTheSessionWhileTheOldPathDrains() {
        SimSettings fastReroute = new SimSettings(MigrationProtocol.WEAK_O, NfKind.COUNTERS, 10, 1, 500, 1000, 20, 0,
                0, 20, 0, 1, 0.5, 10, 21, 10_000, 3);
        SimReport weakO = MigrationSimulator.run(fastReroute);
        assertTrue(weakO.maxSplitMs() > 10, "packets in flight on the 20 ms path still reach the source: " + weakO);
        assertTrue(weakO.violations(Property.SPLIT) > 0 && weakO.violations(Property.RETURN_TO_SOURCE) > 0, weakO::toString);
        assertEquals(0, weakO.brokenPromises(), "neither is a Weak-O promise");
        SimReport sharp = MigrationSimulator.run(fastReroute.withProtocol(MigrationProtocol.SHARP));
        assertEquals(0, sharp.maxSplitMs());
        assertEquals(0, sharp.brokenPromises(), sharp::toString);
    }

    @Test
    void aBufferBeyondItsBoundIsAViolation() {
        SimSettings settings = SimSettings.defaults(MigrationProtocol.CONTROLLER_BUFFER).withLoad(20, 400, 100);
        SimReport roomy = MigrationSimulator.run(settings);
        assertEquals(0, roomy.brokenPromises());
        SimReport tight = MigrationSimulator.run(settings.withBufferLimit((int) roomy.maxControllerBuffer() - 1));
        assertEquals(1, tight.violations(Property.BUFFER_BOUND), tight::toString);
    }
}
