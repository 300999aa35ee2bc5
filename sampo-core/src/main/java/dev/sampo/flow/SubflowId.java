package dev.sampo.flow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

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

    /**
     * Parses the canonical text form {@code IP:PORT-IP:PORT} (IPv6 in brackets).
     *
     * @throws IllegalArgumentException for any other text
     */
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

    /**
     * The binary form, 36 bytes: endpoint a (address as two longs, port as an unsigned short),
     * then endpoint b. Equal ids are equal bytes, so it serves as a key in serialized form too.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(a.hi());
        out.writeLong(a.lo());
        out.writeShort(aPort);
        out.writeLong(b.hi());
        out.writeLong(b.lo());
        out.writeShort(bPort);
    }

    /** Reads what {@link #writeTo} wrote. */
    public static SubflowId readFrom(DataInput in) throws IOException {
        IpAddress a = new IpAddress(in.readLong(), in.readLong());
        int aPort = in.readUnsignedShort();
        return new SubflowId(a, aPort, new IpAddress(in.readLong(), in.readLong()), in.readUnsignedShort());
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

    /**
     * Written out, with the record's own values: the generated equals and hashCode go through
     * method handles, which the C1 compiler that batch commands run on does not inline, and every
     * map of the engine is keyed by subflow id.
     */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof SubflowId s && aPort == s.aPort && bPort == s.bPort
                && a.hi() == s.a.hi() && a.lo() == s.a.lo() && b.hi() == s.b.hi() && b.lo() == s.b.lo();
    }

    @Override
    public int hashCode() {
        return ((a.hashCode() * 31 + aPort) * 31 + b.hashCode()) * 31 + bPort;
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
        if (colon < 1) {
            throw new IllegalArgumentException("not an endpoint IP:PORT: " + endpoint);
        }
        String h = endpoint.substring(0, colon);
        boolean bracketed = h.length() > 2 && h.startsWith("[") && h.endsWith("]");
        return IpAddress.parse(bracketed ? h.substring(1, h.length() - 1) : h);
    }

    private static int port(String endpoint) {
        int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range in " + endpoint);
        }
        return port;
    }
}
