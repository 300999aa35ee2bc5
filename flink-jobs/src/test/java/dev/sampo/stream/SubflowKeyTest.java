package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The key read from its bytes names the same subflow as the key read as text, for every key. */
class SubflowKeyTest {
    private static void assertSameAsText(String key) {
        assertEquals(SubflowKey.parse(key), SubflowKey.parse(key.getBytes(StandardCharsets.UTF_8)), key);
    }

    @Test
    void keysAtTheEdgesOfTheIpv4FormAsTheText() {
        List<String> keys = List.of(
                "10.0.0.1:443-10.0.0.2:51000", "10.0.0.2:51000-10.0.0.1:443", "255.255.255.255:65535-0.0.0.0:0",
                "010.001.000.009:00080-1.2.3.4:5", "1.2.3.4:000080-5.6.7.8:9", "1.2.3.4:65536-5.6.7.8:9",
                "256.1.1.1:1-2.2.2.2:2", "1.2.3.4:1-2.2.2.2:2x", "1.2.3.4:1-2.2.2.2:", "1.2.3.4:1-2.2.2:2",
                "1.2.3.4.5:1-2.2.2.2:2", "1.2.3.4:+1-2.2.2.2:2", "1.2.3.4:1--2.2.2.2:2", "0001.2.3.4:1-2.2.2.2:2",
                "[2001:db8::1]:443-[2001:db8::2]:51000", "[::ffff:10.0.0.1]:443-10.0.0.2:51000", "1.2.3.4:1",
                "garbage", "", "é.1.1.1:1-2.2.2.2:2", "1.2.3.4:1-2.2.2.2:2-3.3.3.3:3");
        for (String key : keys) {
            assertSameAsText(key);
        }
        assertEquals(new SubflowId(IpAddress.parse("10.0.0.1"), 443, IpAddress.parse("10.0.0.2"), 51000),
                SubflowKey.parse("10.0.0.2:51000-10.0.0.1:443".getBytes(StandardCharsets.UTF_8)));
        assertEquals(SubflowKey.UNKEYED, SubflowKey.parse("1.2.3.4:65536-5.6.7.8:9".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void randomKeysAndTheirMutationsAsTheText() {
        Random random = new Random(14);
        String alphabet = "0123456789.:-[]af";
        for (int n = 0; n < 20_000; n++) {
            String key = endpoint(random) + "-" + endpoint(random);
            if (random.nextBoolean()) {
                // one character replaced, inserted or dropped: mostly keys that are no longer IPv4 subflows
                StringBuilder b = new StringBuilder(key);
                int at = random.nextInt(b.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> b.setCharAt(at, c);
                    case 1 -> b.insert(at, c);
                    default -> b.deleteCharAt(at);
                }
                key = b.toString();
            }
            assertSameAsText(key);
        }
    }

    private static String endpoint(Random random) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            b.append(i > 0 ? "." : "").append(random.nextInt(random.nextInt(10) == 0 ? 300 : 256));
        }
        return b.append(':').append(random.nextInt(random.nextInt(10) == 0 ? 70_000 : 65_536)).toString();
    }
}
