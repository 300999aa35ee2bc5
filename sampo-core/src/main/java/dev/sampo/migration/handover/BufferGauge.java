package dev.sampo.migration.handover;

/** Packets held at one place (the controller, or the NF instances), with the most ever held. */
public final class BufferGauge {
    private long held;
    private long max;

    public void add() {
        max = Math.max(max, ++held);
    }

    public void remove(int n) {
        held -= n;
        if (held < 0) {
            throw new IllegalStateException("buffer gauge went negative");
        }
    }

    public long held() {
        return held;
    }

    public long max() {
        return max;
    }
}
