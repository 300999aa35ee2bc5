package dev.sampo.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random captures written field by field must read back exactly, however the stream splits them
 * (seeded, so a failure names its reproducible seed).
 */
class RoundTripTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void randomPcapFiles(long seed) throws IOException {
        Random random = new Random(seed);
        ByteOrder order = random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        boolean nanos = random.nextBoolean();
        int linkType = random.nextInt(300);
        CaptureBytes file = CaptureBytes.pcap(order,
                nanos ? PcapReader.MAGIC_NANOS : PcapReader.MAGIC_MICROS, linkType, 65535);
        List<CapturedFrame> expected = new ArrayList<>();
        for (int n = 1; n <= 200; n++) {
            byte[] data = CaptureBytes.payload(length(random), random.nextInt());
            long seconds = random.nextLong() >>> 32;
            long subsecond = nanos ? random.nextInt(1_000_000_000) : random.nextInt(1_000_000);
            int originalLength = data.length + random.nextInt(100);
            file.pcapRecord(seconds, subsecond, data, originalLength);
            expected.add(new CapturedFrame(n, seconds * 1_000_000_000L
                    + subsecond * (nanos ? 1 : 1000), linkType, 0, data, originalLength));
        }

        assertEquals(expected, CapturedFrame.readAll(CaptureFiles.open(
                new TrickleInputStream(file.toByteArray(), seed, 1 + random.nextInt(70_000)),
                "random.pcap")));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void randomPcapngFiles(long seed) throws IOException {
        Random random = new Random(seed);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        List<CapturedFrame> expected = new ArrayList<>();
        long number = 0;
        int sections = 1 + random.nextInt(3);
        for (int section = 0; section < sections; section++) {
            ByteOrder order = random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            CaptureBytes bytes = new CaptureBytes(order).shb();
            int interfaces = 1 + random.nextInt(4);
            int[] linkTypes = new int[interfaces];
            long[] tickNanos = new long[interfaces];
            for (int i = 0; i < interfaces; i++) {
                linkTypes[i] = random.nextInt(300);
                int resolution = random.nextInt(10);
                tickNanos[i] = (long) Math.pow(10, 9 - resolution);
                bytes.idb(linkTypes[i], 0, resolution, 0);
            }
            for (int p = 0; p < 100; p++) {
                byte[] data = CaptureBytes.payload(length(random), random.nextInt());
                int iface = random.nextInt(interfaces);
                // Below 2^32 ticks even 1 s ticks stay within a long of nanoseconds.
                long ticks = random.nextLong() >>> 32;
                long nanos = ticks * tickNanos[iface];
                switch (random.nextInt(4)) {
                    case 0 -> {
                        bytes.spb(data, data.length);
                        expected.add(new CapturedFrame(++number, 0, linkTypes[0], 0, data,
                                data.length));
                    }
                    case 1 -> {
                        bytes.opb(iface, ticks, data, data.length + 1);
                        expected.add(new CapturedFrame(++number, nanos, linkTypes[iface], iface,
                                data, data.length + 1));
                    }
                    default -> {
                        bytes.epb(iface, ticks, data, data.length + 2);
                        expected.add(new CapturedFrame(++number, nanos, linkTypes[iface], iface,
                                data, data.length + 2));
                    }
                }
                if (random.nextInt(10) == 0) {
                    bytes.block(0x40000BAD, b -> b.bytes(CaptureBytes.payload(length(random), 0)));
                }
            }
            file.writeBytes(bytes.toByteArray());
        }

        assertEquals(expected, CapturedFrame.readAll(CaptureFiles.open(
                new TrickleInputStream(file.toByteArray(), seed, 1 + random.nextInt(70_000)),
                "random.pcapng")));
    }

    /** Mostly small frames, sometimes empty or large enough to force the buffer to grow. */
    private static int length(Random random) {
        return switch (random.nextInt(20)) {
            case 0 -> 0;
            case 1 -> random.nextInt(Frame.MAX_CAPTURED_LENGTH + 1);
            default -> random.nextInt(1600);
        };
    }
}
