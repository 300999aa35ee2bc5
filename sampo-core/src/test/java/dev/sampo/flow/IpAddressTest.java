package dev.sampo.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IpAddressTest {
    @Test
    void dottedQuadsParseAsInetAddressParsesThem() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            int a = i < 2 ? (i == 0 ? 0 : -1) : random.nextInt();
            byte[] b = {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
            String text = InetAddress.getByAddress(b).getHostAddress();
            IpAddress ip = IpAddress.parse(text);
            assertEquals(IpAddress.ofV4(a), ip, text);
            assertEquals(text, ip.toString());
        }
    }

    @Test
    void whatIsNotADottedQuadIsLeftToInetAddressOrRejected() {
        assertTrue(!IpAddress.parse("::ffff:10.0.0.1").toString().isEmpty());
        assertEquals(IpAddress.parse("2001:db8::1"), IpAddress.parse("2001:0db8:0:0:0:0:0:1"));
        for (String bad : new String[] {"1.2.3", "1.2.3.256", "1..2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3", "1.2.3.1234",
            "localhost", "a.b.c.d", "", "1.2.3.4 "}) {
            assertThrows(IllegalArgumentException.class, () -> IpAddress.parse(bad), bad);
        }
    }
}
