package dev.sampo.flow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.sampo.flow.IpAddress;

/**
 * A subflow: an unordered pair of (IP, port) endpoints, stored canonically with the lower
 * endpoint first so that both directions of a subflow share one id.
 */
public record SubflowId(IpAddress a, int aPort, IpAddress b, int bPort) implements Comparable<SubflowId> {

    public static SubflowId of(IpAddress x, int xPort, IpAddress y, int yPort) {
        int c = x.compareTo(y);
        if (c < 0 || (c == 0 && xPort <= yPort)) {
            return new SubflowId(x, xPort, y, yPort);
        }
        return new SubflowId(y, yPort, x, xPort);
    }

    /** Parses the canonical text form {@code IP:PORT-IP:PORT} (IPv6 in brackets). */
    @JsonCreator
    public static SubflowId parse(String text) {
        int dash = text.indexOf('-'); // neither IPv4 nor IPv6 text contains '-'
        if (dash < 0) {
            throw new IllegalArgumentException("not a subflow id IP:PORT-IP:PORT: " + text);
        }
        String x = text.substring(0, dash);
        String y = text.substring(dash + 1);
        return of(host(x), port(x), host(y), port(y));
    }

    /** 0 when a packet goes from endpoint a to endpoint b, 1 for the reverse. */
    public int direction(IpAddress src, int srcPort) {
        return src.equals(a) && srcPort == aPort ? 0 : 1;
    }

    public String endpointA() {
        return endpoint(a, aPort);
    }

    public String endpointB() {
        return endpoint(b, bPort);
    }

    @JsonValue
    @Override
    public String toString() {
        return endpointA() + "-" + endpointB();
    }

    @Override
    public int compareTo(SubflowId o) {
        int c = a.compareTo(o.a);
        if (c == 0) {
            c = Integer.compare(aPort, o.aPort);
        }
        if (c == 0) {
            c = b.compareTo(o.b);
        }
        return c != 0 ? c : Integer.compare(bPort, o.bPort);
    }

    static String endpoint(IpAddress ip, int port) {
        return ip.isV4() ? ip + ":" + port : "[" + ip + "]:" + port;
    }

    private static IpAddress host(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        String h = endpoint.substring(0, colon);
        return IpAddress.parse(h.startsWith("[") ? h.substring(1, h.length() - 1) : h);
    }

    private static int port(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }
}
