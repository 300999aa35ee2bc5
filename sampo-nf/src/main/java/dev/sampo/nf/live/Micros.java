package dev.sampo.nf.live;

import java.time.Instant;

/** Wall-clock microseconds: one clock for the steering point and the NF processes of one host. */
final class Micros {
    private Micros() {
    }

    static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }
}
