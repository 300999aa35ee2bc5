package dev.sampo.sflow;

import dev.sampo.pcap.Pacer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;

/**
 * Resends the UDP datagrams of a capture (an sFlow recording) to a collector, byte for byte, in
 * capture order: at the capture's own pace scaled by a speed factor, or as fast as the socket
 * takes them.
 */
public final class SflowReplay {
    /** Sent and skipped counts, and how long it took. */
    public record Result(long datagrams, long bytes, long truncatedSkipped, double seconds) {
        public double datagramsPerSecond() {
            return seconds > 0 ? datagrams / seconds : 0;
        }
    }

    private SflowReplay() {
    }

    /**
     * @param speed how many times faster than captured; {@link Double#POSITIVE_INFINITY} for no pacing
     */
    public static Result replay(Path capture, InetSocketAddress target, double speed) throws IOException {
        Pacer pacer = new Pacer(speed);
        long datagrams = 0;
        long bytes = 0;
        long truncated = 0;
        long start = System.nanoTime();
        try (SflowCaptureReader reader = new SflowCaptureReader(capture);
             DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(target);
            while (reader.next()) {
                if (reader.udp().truncated) {
                    truncated++; // a datagram the capture cut short would reach the collector damaged
                    continue;
                }
                pacer.await(reader.frame().timestampNanos);
                channel.write(ByteBuffer.wrap(reader.frame().data, reader.udp().payloadOffset,
                        reader.udp().payloadLength));
                datagrams++;
                bytes += reader.udp().payloadLength;
            }
        }
        return new Result(datagrams, bytes, truncated, (System.nanoTime() - start) / 1e9);
    }
}
