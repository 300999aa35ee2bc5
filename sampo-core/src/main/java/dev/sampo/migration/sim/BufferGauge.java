package dev.sampo.migration.sim;

/** Packets held at one place (the controller, or the NF instances), with the most ever held. */
final class BufferGauge {
    private long held;
    private long max;

    void add() {
        max = Math.max(max, ++held);
    }

    void remove(int n) {
        held -= n;
        if (held < 0) {
            throw new IllegalStateException("buffer gauge went negative");
        }
    }

    long max() {
        return max;
    }
}
