package dev.sampo.migration.handover;

import dev.sampo.migration.nf.Packet;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * What the controller holds for one session: packets (or reprocessing's copies) kept in FIFO order
 * until {@link #release}, then everything forwarded, and later arrivals passed straight on.
 */
public final class ControllerQueue {
    private final Deque<Packet> held = new ArrayDeque<>();
    private final BufferGauge gauge;
    private final Consumer<Packet> forward;
    private boolean released;

    public ControllerQueue(BufferGauge gauge, Consumer<Packet> forward) {
        this.gauge = gauge;
        this.forward = forward;
    }

    public void arrive(Packet p) {
        if (released) {
            forward.accept(p);
        } else {
            held.add(p);
            gauge.add();
        }
    }

    public void release() {
        released = true;
        int n = held.size();
        while (!held.isEmpty()) {
            forward.accept(held.poll());
        }
        gauge.remove(n);
    }
}
