package dev.sampo.migration.sim;

import dev.sampo.migration.handover.BufferGauge;
import dev.sampo.migration.handover.CohesionTracker;
import dev.sampo.migration.nf.NfInstance;
import dev.sampo.migration.nf.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated network: a switch that maps every subflow to its session (as Sampo's table lets
 * it) and forwards by one rule per session, so all subflows of a session switch together; a
 * controller; the source and destination instances; FIFO links of fixed delay. Handovers drive it.
 */
final class Fabric {
    final EventLoop loop = new EventLoop();
    final SimSettings settings;
    final NfInstance source = new NfInstance("nf-0");
    final NfInstance destination = new NfInstance("nf-1");
    final BufferGauge controllerBuffer = new BufferGauge();
    final BufferGauge nfBuffer = new BufferGauge();
    final List<Processing> processings = new ArrayList<>();
    /** Per session, its handover once its migration started. */
    final Handover[] handovers;
    /** Per session, the switch's view of its handshakes. */
    final CohesionTracker[] cohesion;
    private final int[] inFlightToSource;
    final long srcDelay;
    final long dstDelay;
    final long controlDelay;
    final long peerDelay;
    final long transfer;
    private final SplittableRandom jitter;

    Fabric(SimSettings settings) {
        this.settings = settings;
        this.handovers = new Handover[settings.sessions()];
        this.cohesion = new CohesionTracker[settings.sessions()];
        for (int i = 0; i < cohesion.length; i++) {
            cohesion[i] = new CohesionTracker();
        }
        this.inFlightToSource = new int[settings.sessions()];
        this.srcDelay = SimSettings.micros(settings.srcDelayMs());
        this.dstDelay = SimSettings.micros(settings.dstDelayMs());
        this.controlDelay = SimSettings.micros(settings.controlDelayMs());
        this.peerDelay = SimSettings.micros(settings.peerDelayMs());
        this.transfer = SimSettings.micros(settings.transferMs());
        this.jitter = new SplittableRandom(settings.seed() ^ 0x5eed_0f_ba11L);
    }

    /** The time one rule change takes, with its jitter; each call is one change. */
    long rerouteLatency() {
        return SimSettings.micros(settings.rerouteMs()) + jitter.nextLong(SimSettings.micros(settings.rerouteJitterMs()) + 1);
    }

    void after(long delayMicros, Runnable action) {
        loop.after(delayMicros, action);
    }

    long now() {
        return loop.now();
    }

    /**
     * Down the source path, processed on arrival; the session's handover, if any, sees it processed
     * (even a packet sent before the migration started).
     */
    void toSource(Packet p) {
        inFlightToSource[p.session()]++;
        after(srcDelay, () -> {
            inFlightToSource[p.session()]--;
            record(p, Side.SOURCE, true, source.process(p));
            Handover handover = handovers[p.session()];
            if (handover != null) {
                handover.processedAtSource(p);
            }
        });
    }

    int inFlightToSource(int session) {
        return inFlightToSource[session];
    }

    void processAtDestination(Packet p) {
        record(p, Side.DESTINATION, true, destination.process(p));
    }

    /** Applies a copy at the destination with its output suppressed (reprocessing). */
    void replayAtDestination(Packet p) {
        record(p, Side.DESTINATION, false, destination.process(p));
    }

    private void record(Packet p, Side side, boolean output, boolean hadCriticalState) {
        processings.add(new Processing(processings.size(), loop.now(), side, output, hadCriticalState, p));
    }
}
