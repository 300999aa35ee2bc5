package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A session's id is the FNV-1a hash of its lowest subflow id's text, hashed without building the text. */
class SessionTest {
    @Test
    void theIdIsTheHashOfTheSubflowIdsText() {
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < 200_000; i++) {
            SubflowId id = SubflowId.of(address(random), port(random), address(random), port(random));
            String text = HexFormat.of().toHexDigits(Fnv1a.hash64(id.toString()));
            assertEquals(text, Session.idOf(id), id.toString());
        }
    }

    @Test
    void knownIdsKeepTheirValues() {
        // Written down from the build that hashed the text itself: these are keys on the output topics.
        assertEquals("bf096f40aa28683e", Session.idOf(SubflowId.parse("10.0.0.1:40000-192.168.1.9:443")));
        assertEquals("d1e909fa9e1bdd0c", Session.idOf(SubflowId.parse("[::1]:0-[2001:db8::1:0:0:1]:65535")));
    }

    /** IPv4, and IPv6 with runs of zero groups of every length and place (RFC 5952's "::"). */
    private static IpAddress address(SplittableRandom random) {
        if (random.nextInt(3) == 0) {
            return IpAddress.ofV4(random.nextInt());
        }
        long[] halves = new long[2];
        for (int g = 0; g < 8; g++) {
            long group = random.nextInt(3) == 0 ? 0 : random.nextInt(4) == 0 ? random.nextInt(16) : random.nextInt(65_536);
            halves[g / 4] |= group << (48 - 16 * (g % 4));
        }
        return new IpAddress(halves[0], halves[1]);
    }

    private static int port(SplittableRandom random) {
        return random.nextInt(4) == 0 ? random.nextInt(10) : random.nextInt(65_536);
    }
}
