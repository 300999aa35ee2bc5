package dev.sampo.sflow;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.function.Predicate;

/** Sends test datagrams over a real UDP socket and waits on a collector's stats. */
final class Udp implements AutoCloseable {
    private final DatagramChannel channel;

    Udp(InetSocketAddress target) throws IOException {
        channel = DatagramChannel.open();
        channel.connect(target);
    }

    void send(byte[] payload) throws IOException {
        channel.write(ByteBuffer.wrap(payload));
    }

    static CollectorStats await(SflowCollector c, Predicate<CollectorStats> done, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        CollectorStats s = c.stats();
        while (!done.test(s) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            s = c.stats();
        }
        return s;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
