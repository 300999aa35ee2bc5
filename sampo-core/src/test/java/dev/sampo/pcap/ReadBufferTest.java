package dev.sampo.pcap;

import static dev.sampo.pcap.CaptureBytes.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReadBufferTest {

    @Test
    void requestsSpanRefillsAndTrackTheStreamOffset() throws IOException {
        byte[] bytes = payload(10_000, 1);
        ReadBuffer in = new ReadBuffer(new TrickleInputStream(bytes, 1, 7), 64);

        for (int at = 0; at < bytes.length; at += 50) {
            int n = Math.min(50, bytes.length - at);
            assertTrue(in.request(n));
            assertEquals(at, in.offset());
            assertArrayEquals(Arrays.copyOfRange(bytes, at, at + n),
                    Arrays.copyOfRange(in.array(), in.position(), in.position() + n));
            in.skip(n);
        }

        assertFalse(in.request(1));
        assertEquals(0, in.available());
    }

    @Test
    void growsOnlyUpToItsBound() throws IOException {
        ReadBuffer in = new ReadBuffer(new ByteArrayInputStream(payload(300_000, 2)), 100_000);

        assertTrue(in.request(100_000));
        assertEquals(100_000, in.array().length);
        assertThrows(IllegalArgumentException.class, () -> in.request(100_001));
    }

    @Test
    void endOfStreamLeavesThePartialTailAvailable() throws IOException {
        ReadBuffer in = new ReadBuffer(new ByteArrayInputStream(payload(30, 3)));

        assertFalse(in.request(31));
        assertEquals(30, in.available());
    }

    @Test
    void discardsBeyondTheBufferWithoutGrowing() throws IOException {
        byte[] bytes = payload(1_000_000, 4);
        ReadBuffer in = new ReadBuffer(new TrickleInputStream(bytes, 2, 10_000), 4096);

        assertTrue(in.discard(999_990));
        assertTrue(in.request(10));

        assertEquals(999_990, in.offset());
        assertEquals(bytes[999_990], in.array()[in.position()]);
        assertEquals(4096, in.array().length);
        assertFalse(in.discard(11));
    }

    @Test
    void aDecompressorCutShortIsTheEndOfTheStream() throws IOException {
        InputStream cutShort = new InputStream() {
            private int left = 5;

            @Override
            public int read() throws IOException {
                if (left == 0) {
                    throw new EOFException("Unexpected end of ZLIB input stream");
                }
                left--;
                return 'x';
            }
        };
        ReadBuffer in = new ReadBuffer(cutShort);

        assertFalse(in.request(8));
        assertEquals(5, in.available());
    }
}
