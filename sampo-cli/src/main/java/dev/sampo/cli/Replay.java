package dev.sampo.cli;

import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSink;
import dev.sampo.packet.PacketSource;
import dev.sampo.pcap.Pacer;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Feeds a packet source into a sink at the capture's pace times a speed, or as fast as possible:
 * what {@code replay} and {@code demo} publish with.
 *
 * @param records records delivered
 * @param seconds wall-clock time taken
 * @param firstSampled when each subflow's first MPTCP record was (µs), for the oracle recall
 */
record Replay(long records, double seconds, Map<SubflowId, Long> firstSampled) {
    private static final long PROGRESS_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    double recordsPerSecond() {
        return records / seconds;
    }

    /**
     * @param speed times the captured pace; {@link Double#POSITIVE_INFINITY} for as fast as possible
     * @param progress where a one-line progress report is redrawn twice a second, or null
     */
    static Replay run(PacketSource source, PacketSink sink, double speed, PrintWriter progress)
            throws IOException {
        long start = System.nanoTime();
        Pacer pacer = new Pacer(speed);
        long firstTs = Long.MIN_VALUE;
        long nextProgress = start + PROGRESS_NANOS;
        long n = 0;
        Map<SubflowId, Long> firstSampled = new HashMap<>();
        for (PacketRecord r = source.next(); r != null; r = source.next()) {
            if (firstTs == Long.MIN_VALUE) {
                firstTs = r.tsMicros();
            }
            pacer.await(r.tsMicros() * 1000);
            if (!r.mptcp().isEmpty()) {
                firstSampled.putIfAbsent(SubflowId.of(r.src(), r.sport(), r.dst(), r.dport()), r.tsMicros());
            }
            sink.accept(r);
            n++;
            long now = System.nanoTime();
            if (progress != null && now >= nextProgress) {
                progress.printf("\rpublished %d records, %.0f records/s, %.1f s of capture   ", n,
                        n / ((now - start) / 1e9), (r.tsMicros() - firstTs) / 1e6);
                progress.flush();
                nextProgress = now + PROGRESS_NANOS;
            }
        }
        sink.flush();
        if (progress != null) {
            progress.print("\r\033[K");
            progress.flush();
        }
        return new Replay(n, (System.nanoTime() - start) / 1e9, firstSampled);
    }
}
