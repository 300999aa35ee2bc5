package dev.sampo.packet;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.mptcp.MptcpOptionView;
import dev.sampo.packet.RealFrames.Seed;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whatever the bytes, {@link PacketDecoder#decode} returns normally, reads nothing outside the
 * frame, leaves a self-consistent {@link Packet}, and counts the frame exactly once.
 */
class PacketDecoderFuzzTest {
    private static final List<Seed> SEEDS = RealFrames.seeds();
    private static final int[] LINK_TYPES = {
        LinkType.NULL, LinkType.ETHERNET, LinkType.PPP, LinkType.RAW, LinkType.LINUX_SLL,
        LinkType.IPV4, LinkType.IPV6, LinkType.LINUX_SLL2, 147,
    };

    /** One decoder per test, so that its counters are checked over every try. */
    private final PacketDecoder decoder = new PacketDecoder();
    private long calls;
    private final Packet p = new Packet();
    private final Packet q = new Packet();

    @AfterEach
    void everyFrameWasCountedOnce() {
        assertCounted();
    }

    private void assertCounted() {
        DecodeStats s = decoder.stats();
        assertEquals(calls, s.frames(), "frames() must equal the number of decode calls");
        long sum = Arrays.stream(DecodeError.values()).mapToLong(s::count).sum();
        assertEquals(s.frames(), sum, "every frame is OK or exactly one kind of error");
        assertTrue(s.tcpSegments() <= s.frames() && s.mptcpSegments() <= s.tcpSegments());
        assertEquals(s.count(DecodeError.NONE) + s.count(DecodeError.BAD_OPTION), s.tcpSegments());
    }

    /** A frame after mutations, named for the report when a try fails. */
    record Case(String description, int linkType, byte[] frame) {
        @Override
        public String toString() {
            return description + " " + HexFormat.of().formatHex(frame);
        }
    }

    /** One to four mutations of a real frame: bit flips, byte overwrites, length-byte lies, a cut. */
    static Case mutate(Seed seed, long randomSeed) {
        Random r = new Random(randomSeed);
        byte[] b = seed.frame().clone();
        int len = b.length;
        List<Integer> lengths = RealFrames.lengthBytes(seed);
        StringBuilder what = new StringBuilder(seed.name());
        for (int m = 1 + r.nextInt(4); m > 0; m--) {
            switch (r.nextInt(4)) {
                case 0 -> {
                    int bit = r.nextInt(len * 8);
                    b[bit / 8] ^= (byte) (1 << (bit % 8));
                    what.append(", flip bit ").append(bit);
                }
                case 1 -> {
                    int at = r.nextInt(len);
                    b[at] = (byte) r.nextInt(256);
                    what.append(", byte ").append(at).append("=").append(b[at] & 0xFF);
                }
                case 2 -> {
                    int at = lengths.get(r.nextInt(lengths.size()));
                    int value = r.nextBoolean() ? r.nextInt(256) : (b[at] & 0xFF) + r.nextInt(9) - 4;
                    b[at] = (byte) value;
                    what.append(", length byte ").append(at).append("=").append(value & 0xFF);
                }
                default -> {
                    len = r.nextInt(len + 1);
                    what.append(", cut at ").append(len);
                    if (len == 0) {
                        return new Case(what.toString(), seed.linkType(), new byte[0]);
                    }
                }
            }
        }
        return new Case(what.toString(), seed.linkType(), Arrays.copyOf(b, len));
    }

    /** Seeded, so a failure names a case that reproduces; the seed is in the assertion message. */
    @Test
    void mutatedRealFramesOfEveryLinkType() {
        Random tries = new Random(20261123);
        for (int i = 0; i < 3000; i++) {
            Case c = mutate(SEEDS.get(tries.nextInt(SEEDS.size())), tries.nextLong());
            assertDoesNotThrow(() -> decodeBothWays(c.linkType(), c.frame()), c::toString);
        }
    }

    @Test
    void randomBytesUnderEveryLinkType() {
        Random tries = new Random(61);
        for (int i = 0; i < 1500; i++) {
            int linkType = LINK_TYPES[tries.nextInt(LINK_TYPES.length)];
            byte[] bytes = new byte[tries.nextInt(161)];
            tries.nextBytes(bytes);
            decodeBothWays(linkType, bytes);
        }
    }

    @Test
    void theSeedsThemselvesDecodeCleanly() {
        for (Seed seed : SEEDS) {
            assertTrue(decoder.decode(seed.linkType(), seed.frame(), 0, seed.frame().length, 1, 0, p), seed.name());
            calls++;
            assertEquals(DecodeError.NONE, p.error, seed.name());
            assertEquals(Missing.NOTHING, p.missing, seed.name());
            assertTrue(p.mptcpCount >= 1, seed.name());
        }
        assertCounted();
    }

    @Test
    void truncationAtEveryLengthOfEverySeed() {
        for (Seed seed : SEEDS) {
            for (int len = 0; len <= seed.frame().length; len++) {
                decodeBothWays(seed.linkType(), Arrays.copyOf(seed.frame(), len));
            }
        }
        assertCounted();
    }

    @Test
    void everyValueOfEveryLengthByte() {
        for (Seed seed : SEEDS) {
            if (seed.linkType() != LinkType.ETHERNET && seed.linkType() != LinkType.RAW) {
                continue; // the layers above the link are the same bytes under every link type
            }
            for (int at : RealFrames.lengthBytes(seed)) {
                byte[] b = seed.frame().clone();
                for (int v = 0; v < 256; v++) {
                    b[at] = (byte) v;
                    decodeBothWays(seed.linkType(), b);
                }
            }
        }
        assertCounted();
    }

    /**
     * Decodes the frame alone in an exact-size array and again inside a larger buffer padded with
     * junk: equal results show that no byte outside {@code [off, off+len)} was read.
     */
    private void decodeBothWays(int linkType, byte[] frame) {
        boolean tcp = decoder.decode(linkType, frame, 0, frame.length, 1, 0, p);
        calls++;
        assertConsistent(tcp, p);

        byte[] junk = new byte[frame.length + 64];
        new Random(frame.length).nextBytes(junk);
        System.arraycopy(frame, 0, junk, 32, frame.length);
        boolean again = decoder.decode(linkType, junk, 32, frame.length, 1, 0, q);
        calls++;
        assertEquals(tcp, again);
        assertEquals(p.error, q.error);
        assertEquals(p.missing, q.missing);
        if (tcp) {
            assertEquals(PacketRecord.of(p, 1, null), PacketRecord.of(q, 1, null));
        }
    }

    private static void assertConsistent(boolean tcp, Packet p) {
        assertEquals(tcp, p.isTcp());
        assertNotNull(p.error);
        if (p.error == DecodeError.TRUNCATED) {
            assertTrue(p.missing != Missing.NOTHING && p.missing != Missing.TCP_OPTIONS, p.missing::toString);
        } else if (p.missing != Missing.NOTHING) {
            assertTrue(tcp && p.missing == Missing.TCP_OPTIONS, p.missing::toString);
        }
        if (!tcp) {
            assertEquals(0, p.mptcpCount);
            return;
        }
        assertTrue(p.ipVersion == 4 || p.ipVersion == 6);
        assertTrue(p.tcpHeaderLength >= 20 && p.tcpHeaderLength <= 60);
        assertTrue(p.payloadLength >= 0);
        assertTrue(p.mptcpCount <= Packet.MAX_MPTCP_OPTIONS);
        for (int i = 0; i < p.mptcpCount; i++) {
            MptcpOptionView v = p.mptcp[i];
            assertNotNull(v.subtype);
            assertTrue(v.availableLength <= v.length);
            assertEquals(v.availableLength < v.length, v.truncated);
            assertTrue(v.removedCount <= v.removedIds.length);
        }
    }
}
