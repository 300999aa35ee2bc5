package dev.sampo.flow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address as two longs, so that decoding and hashing never allocate. IPv4 is
 * stored IPv4-mapped ({@code ::ffff:a.b.c.d}), which keeps one ordering for both families.
 */
public record IpAddress(long hi, long lo) implements Comparable<IpAddress> {
    /** The ::ffff:0:0/96 prefix (RFC 4291 §2.5.5.2) under which IPv4 addresses are held as IPv6. */
    public static final long V4_MAPPED_PREFIX = 0x0000_FFFF_0000_0000L;

    public static IpAddress ofV4(int address) {
        return new IpAddress(0, V4_MAPPED_PREFIX | (address & 0xFFFF_FFFFL));
    }

    public boolean isV4() {
        return hi == 0 && (lo & 0xFFFF_FFFF_0000_0000L) == V4_MAPPED_PREFIX;
    }

    @JsonCreator
    public static IpAddress parse(String text) {
        int v4 = dottedQuad(text);
        if (v4 != -1 || "255.255.255.255".equals(text)) {
            return ofV4(v4);
        }
        if (text == null || text.indexOf(':') < 0) {
            // Not IPv6, and not four decimal octets: InetAddress would take inet_aton's shorthands
            // ("10.1" for 10.0.0.1), which no capture or exporter writes.
            throw new IllegalArgumentException("not an IP address literal: " + text);
        }
        try {
            byte[] b = InetAddress.getByName(requireLiteral(text)).getAddress();
            if (b.length == 4) {
                return ofV4(((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
            }
            long h = 0;
            long l = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (b[i] & 0xFF);
                l = (l << 8) | (b[i + 8] & 0xFF);
            }
            return new IpAddress(h, l);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
    }

    /**
     * The address of plain dotted-quad text, or −1 for anything else.
     * Every record read from Kafka carries two addresses, and InetAddress took most of a record's
     * decoding time for IPv4.
     */
    private static int dottedQuad(String text) {
        if (text == null || text.length() < 7 || text.length() > 15) {
            return -1;
        }
        int address = 0;
        int octet = 0;
        int digits = 0;
        int dots = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                octet = octet * 10 + (c - '0');
                if (++digits > 3 || octet > 255) {
                    return -1;
                }
            } else if (c == '.' && digits > 0 && ++dots <= 3) {
                address = (address << 8) | octet;
                octet = 0;
                digits = 0;
            } else {
                return -1;
            }
        }
        return dots == 3 && digits > 0 ? (address << 8) | octet : -1;
    }

    private static String requireLiteral(String text) {
        // InetAddress.getByName would resolve a host name; only literals are addresses here.
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("not an IP address literal: " + text);
        }
        // A character loop, not String.matches: that compiles a regex per call, and every record
        // read from Kafka parses two addresses.
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
                throw new IllegalArgumentException("not an IP address literal: " + text);
            }
        }
        return text;
    }

    @JsonValue
    @Override
    public String toString() {
        if (isV4()) {
            int a = (int) lo;
            return ((a >>> 24) & 0xFF) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
        }
        return formatV6();
    }

    /** RFC 5952 text: lower-case hex, the longest run of two or more zero groups as "::". */
    private String formatV6() {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
            g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(g[i]));
            if (i < 7) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    /** Written out, with the record's own values, for the reason {@link SubflowId#equals} is. */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof IpAddress x && hi == x.hi && lo == x.lo;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi) * 31 + Long.hashCode(lo);
    }

    @Override
    public int compareTo(IpAddress o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }
}
