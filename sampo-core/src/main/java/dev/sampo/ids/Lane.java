package dev.sampo.ids;

/** A stream being reassembled, with where its matches go. */
record Lane(OrderedStream stream, StreamScanner.Matches matches) {
    void offer(long absolute, byte[] b, int off, int len, int subflow, long tsMicros) {
        stream.offer(absolute, b, off, len, subflow, tsMicros, matches);
    }

    void finish() {
        stream.finish(matches);
    }
}
