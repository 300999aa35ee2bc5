package dev.sampo.migration.sim;

import dev.sampo.migration.nf.NfKind;
import dev.sampo.migration.plan.MigrationProtocol;

/**
 * One simulated run. Every session starts on the source instance and migrates once, at a random
 * time in the middle of the run, to the destination. Durations are in milliseconds.
 *
 * @param protocol how sessions migrate
 * @param nf what the reference NF keeps per session
 * @param sessions how many sessions (default 20)
 * @param subflowsPerSession subflows per session; the last one joins during the session's
 *     migration (default 4)
 * @param ratePps packets per second per session, Poisson (default 100)
 * @param durationMs how long sessions send (default 2000)
 * @param transferMs time to export, transfer and import one session's state (default 20)
 * @param rerouteMs from a controller's rule command to the switch applying it (default 5)
 * @param rerouteJitterMs a uniform extra on each reroute (default 2)
 * @param srcDelayMs switch to source instance (default 1)
 * @param dstDelayMs switch to destination instance (default 1)
 * @param controlDelayMs controller to switch or to an instance, one way (default 1)
 * @param peerDelayMs instance to instance, one way, for Weak-O's streamed updates (default 0.5)
 * @param handshakeGapMs spacing of a subflow's handshake packets, half an RTT (default 10)
 * @param weakOGuardMs Weak-O's timer T: the switch flips only this long after the last cohesive
 *     packet; it must exceed srcDelay + peerDelay - dstDelay for the critical state to arrive first
 *     (default 5)
 * @param bufferLimit packets a buffer (all sessions at the controller, or at an NF) may hold (default 10000)
 * @param seed the seed of the workload and the reroute jitter (default 1)
 */
public record SimSettings(MigrationProtocol protocol, NfKind nf, int sessions, int subflowsPerSession, double ratePps,
        double durationMs, double transferMs, double rerouteMs, double rerouteJitterMs, double srcDelayMs,
        double dstDelayMs, double controlDelayMs, double peerDelayMs, double handshakeGapMs, double weakOGuardMs,
        int bufferLimit, long seed) {
    /** A run keeps every packet and every processing in memory: this bounds it to about a gigabyte. */
    public static final long MAX_PACKETS = 5_000_000;

    public SimSettings {
        if (protocol == null || nf == null) {
            throw new IllegalArgumentException("simulation needs a protocol and an NF kind");
        }
        if (sessions < 1 || subflowsPerSession < 1 || !(ratePps > 0) || !(durationMs > 0) || bufferLimit < 0) {
            throw new IllegalArgumentException("simulation: sessions ≥ 1, subflows ≥ 1, rate > 0, duration > 0 and"
                    + " buffer limit ≥ 0 are required");
        }
        if (sessions * ratePps * durationMs / 1000 > MAX_PACKETS) {
            throw new IllegalArgumentException("simulation: sessions × rate × duration is "
                    + Math.round(sessions * ratePps * durationMs / 1000) + " packets, above the " + MAX_PACKETS
                    + " a run holds in memory");
        }
        for (double d : new double[] {transferMs, rerouteMs, rerouteJitterMs, srcDelayMs, dstDelayMs, controlDelayMs,
            peerDelayMs, handshakeGapMs, weakOGuardMs}) {
            if (!(d >= 0)) {
                throw new IllegalArgumentException("simulation: every delay must be ≥ 0, got " + d);
            }
        }
    }

    /** The defaults above, with the NF kind that suits the protocol: counters for Weak-O, the IDS otherwise. */
    public static SimSettings defaults(MigrationProtocol protocol) {
        return new SimSettings(protocol, protocol == MigrationProtocol.WEAK_O ? NfKind.COUNTERS : NfKind.STREAM_IDS,
                20, 4, 100, 2000, 20, 5, 2, 1, 1, 1, 0.5, 10, 5, 10_000, 1);
    }

    public SimSettings withNf(NfKind kind) {
        return new SimSettings(protocol, kind, sessions, subflowsPerSession, ratePps, durationMs, transferMs, rerouteMs,
                rerouteJitterMs, srcDelayMs, dstDelayMs, controlDelayMs, peerDelayMs, handshakeGapMs, weakOGuardMs,
                bufferLimit, seed);
    }

    public SimSettings withLoad(int sessionCount, double rate, double transfer) {
        return new SimSettings(protocol, nf, sessionCount, subflowsPerSession, rate, durationMs, transfer, rerouteMs,
                rerouteJitterMs, srcDelayMs, dstDelayMs, controlDelayMs, peerDelayMs, handshakeGapMs, weakOGuardMs,
                bufferLimit, seed);
    }

    public SimSettings withPaths(double src, double dst, double peer, double guard) {
        return new SimSettings(protocol, nf, sessions, subflowsPerSession, ratePps, durationMs, transferMs, rerouteMs,
                rerouteJitterMs, src, dst, controlDelayMs, peer, handshakeGapMs, guard, bufferLimit, seed);
    }

    public SimSettings withProtocol(MigrationProtocol other) {
        return new SimSettings(other, nf, sessions, subflowsPerSession, ratePps, durationMs, transferMs, rerouteMs,
                rerouteJitterMs, srcDelayMs, dstDelayMs, controlDelayMs, peerDelayMs, handshakeGapMs, weakOGuardMs,
                bufferLimit, seed);
    }

    public SimSettings withBufferLimit(int limit) {
        return new SimSettings(protocol, nf, sessions, subflowsPerSession, ratePps, durationMs, transferMs, rerouteMs,
                rerouteJitterMs, srcDelayMs, dstDelayMs, controlDelayMs, peerDelayMs, handshakeGapMs, weakOGuardMs,
                limit, seed);
    }

    public SimSettings withSeed(long newSeed) {
        return new SimSettings(protocol, nf, sessions, subflowsPerSession, ratePps, durationMs, transferMs, rerouteMs,
                rerouteJitterMs, srcDelayMs, dstDelayMs, controlDelayMs, peerDelayMs, handshakeGapMs, weakOGuardMs,
                bufferLimit, newSeed);
    }

    static long micros(double ms) {
        return Math.round(ms * 1000);
    }
}
