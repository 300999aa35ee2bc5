package dev.sampo.migration.handover;

import dev.sampo.migration.nf.Packet;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * SHarP's destination side for one session: packets the controller released (marked) wait in
 * {@code ctrl_buff} and packets the switch sends once it points here wait in {@code sw_buff}, until
 * the state is imported; then {@code ctrl_buff} is processed, and {@code sw_buff} once the
 * end-of-release sentinel has come, so the session's packets are processed in the order the
 * switch saw them. After that, packets are processed as they come.
 */
public final class DestinationBuffers {
    private final Deque<Packet> ctrlBuff = new ArrayDeque<>();
    private final Deque<Packet> swBuff = new ArrayDeque<>();
    private final BufferGauge gauge;
    private final Consumer<Packet> process;
    private final Runnable released;
    private boolean imported;
    private boolean sentinel;
    private boolean done;

    /**
     * @param gauge counts what the buffers hold
     * @param process applies a packet to the destination instance, with output
     * @param released called once, when both buffers are empty after the state and the sentinel came
     */
    public DestinationBuffers(BufferGauge gauge, Consumer<Packet> process, Runnable released) {
        this.gauge = gauge;
        this.process = process;
        this.released = released;
    }

    /** A packet the controller held and released. */
    public void fromController(Packet p) {
        if (imported) {
            process.accept(p);
        } else {
            ctrlBuff.add(p);
            gauge.add();
        }
    }

    /** A packet the switch sent here after the rule changed. */
    public void fromSwitch(Packet p) {
        if (imported && sentinel) {
            process.accept(p);
        } else {
            swBuff.add(p);
            gauge.add();
        }
    }

    /** The session's state is in. */
    public void imported() {
        imported = true;
        drain();
    }

    /** The end-of-release sentinel: nothing more comes from the controller. */
    public void sentinel() {
        sentinel = true;
        drain();
    }

    /** Packets waiting in either buffer. */
    public int held() {
        return ctrlBuff.size() + swBuff.size();
    }

    private void drain() {
        if (!imported) {
            return;
        }
        drain(ctrlBuff);
        if (sentinel) {
            drain(swBuff);
            if (!done) {
                done = true;
                released.run();
            }
        }
    }

    private void drain(Deque<Packet> buffer) {
        int n = buffer.size();
        while (!buffer.isEmpty()) {
            process.accept(buffer.poll());
        }
        gauge.remove(n);
    }
}
