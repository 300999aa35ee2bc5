package dev.sampo.sflow;

import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An in-memory sink: keeps every record, for tests to read from another thread. */
final class RecordingSink implements PacketSink {
    private final List<PacketRecord> records = new ArrayList<>();
    private int flushes;

    @Override
    public synchronized void accept(PacketRecord record) {
        records.add(record);
        notifyAll();
    }

    @Override
    public synchronized void flush() {
        flushes++;
    }

    synchronized List<PacketRecord> records() {
        return List.copyOf(records);
    }

    synchronized int flushes() {
        return flushes;
    }

    /** Waits until at least {@code n} records arrived or the timeout passed; returns the count. */
    synchronized int await(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return records.size();
    }
}
