package dev.sampo.stream;

import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Keys a packet record by the subflow its Kafka key names, parsed once by the source
 * ({@link WirePacket#of}). A key that names none (absent, garbage) goes to {@link #UNKEYED}, whose
 * records the subflow stage turns into dead letters: a bad key must neither fail the job nor
 * reach a real subflow's state.
 */
final class SubflowKey implements KeySelector<WirePacket, SubflowId> {
    private static final long serialVersionUID = 1L;
    /** [::]:0 both ways: no TCP segment carries port 0. */
    static final SubflowId UNKEYED = new SubflowId(new IpAddress(0, 0), 0, new IpAddress(0, 0), 0);

    @Override
    public SubflowId getKey(WirePacket w) {
        return w.subflow();
    }

    /** The subflow a record key names, or {@link #UNKEYED}. */
    static SubflowId parse(String key) {
        try {
            return SubflowId.parse(key);
        } catch (IllegalArgumentException e) {
            return UNKEYED;
        }
    }

    /**
     * The subflow a record key's bytes name, or {@link #UNKEYED}: what {@link #parse(String)} gives
     * for their UTF-8 text. The key of an IPv4 subflow ({@code a.b.c.d:p-e.f.g.h:q}, what the agents
     * write for IPv4) is read straight from the bytes; any other goes through the text. In a drain
     * at parallelism 1 the source's thread is the busiest, and decoding each key into a String,
     * cutting it into substrings and parsing those took about a tenth of it
     * (docs/PERFORMANCE.md, "Where a drain's time goes, by thread").
     */
    static SubflowId parse(byte[] key) {
        SubflowId v4 = v4Key(key);
        return v4 != null ? v4 : parse(new String(key, StandardCharsets.UTF_8));
    }

    /** The IPv4 subflow of {@code a.b.c.d:p-e.f.g.h:q} in ASCII digits, or null for anything else. */
    private static SubflowId v4Key(byte[] key) {
        int dash = endpointEnd(key, 0);
        if (dash < 0 || dash == key.length || key[dash] != '-') {
            return null;
        }
        int end = endpointEnd(key, dash + 1);
        if (end != key.length) {
            return null;
        }
        return SubflowId.of(IpAddress.ofV4(address(key, 0)), port(key, dash),
                IpAddress.ofV4(address(key, dash + 1)), port(key, end));
    }

    /**
     * Where the endpoint {@code a.b.c.d:p} that starts at {@code from} ends (the index after its
     * port), or −1 if none starts there: four octets of 1–3 digits up to 255, a port of 1–5 digits up
     * to 65535, as {@code IpAddress.parse} and {@code SubflowId.parse} accept them.
     */
    private static int endpointEnd(byte[] key, int from) {
        int i = from;
        for (int octet = 0; octet < 4; octet++) {
            int start = i;
            int value = 0;
            while (i < key.length && i - start < 3 && isDigit(key[i])) {
                value = value * 10 + key[i++] - '0';
            }
            if (i == start || value > 255 || i == key.length || key[i] != (octet < 3 ? '.' : ':')) {
                return -1;
            }
            i++;
        }
        int start = i;
        int port = 0;
        while (i < key.length && i - start < 5 && isDigit(key[i])) {
            port = port * 10 + key[i++] - '0';
        }
        return i == start || port > 65_535 || (i < key.length && isDigit(key[i])) ? -1 : i;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** The address of the dotted quad that starts at {@code from}, which {@link #endpointEnd} checked. */
    private static int address(byte[] key, int from) {
        int address = 0;
        int octet = 0;
        for (int i = from; key[i] != ':'; i++) {
            if (key[i] == '.') {
                address = (address << 8) | octet;
                octet = 0;
            } else {
                octet = octet * 10 + key[i] - '0';
            }
        }
        return (address << 8) | octet;
    }

    /** The port that ends at {@code end}, which {@link #endpointEnd} checked. */
    private static int port(byte[] key, int end) {
        int start = end;
        while (key[start - 1] != ':') {
            start--;
        }
        int port = 0;
        for (int i = start; i < end; i++) {
            port = port * 10 + key[i] - '0';
        }
        return port;
    }
}
