package dev.sampo.flow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A subflow: an unordered pair of (IP, port) endpoints, stored canonically with the lower
 * endpoint first so that both directions of a subflow share one id.
 *
 * <p>A class rather than a record of two {@link IpAddress}es: the addresses' longs are held in the
 * id itself. Every stage keeps an id per live subflow and looks ids up in maps of up to a million
 * of them; inline, an id is one object of 56 bytes instead of three of 96, and comparing two ids
 * reads one object each instead of three (docs/PERFORMANCE.md, "State per live subflow"). The
 * accessors make an {@link IpAddress} on demand, which the JIT's escape analysis mostly removes.
 */
public final class SubflowId implements Comparable<SubflowId> {
    private final long aHi;
    private final long aLo;
    private final long bHi;
    private final long bLo;
    private final int aPort;
    private final int bPort;

    /** Endpoint a and endpoint b as given: {@link #of} puts them in canonical order. */
    public SubflowId(IpAddress a, int aPort, IpAddress b, int bPort) {
        this.aHi = a.hi();
        this.aLo = a.lo();
        this.aPort = aPort;
        this.bHi = b.hi();
        this.bLo = b.lo();
        this.bPort = bPort;
    }

    private SubflowId(long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {
        this.aHi = aHi;
        this.aLo = aLo;
        this.aPort = aPort;
        this.bHi = bHi;
        this.bLo = bLo;
        this.bPort = bPort;
    }

    public IpAddress a() {
        return new IpAddress(aHi, aLo);
    }

    public int aPort() {
        return aPort;
    }

    public IpAddress b() {
        return new IpAddress(bHi, bLo);
    }

    public int bPort() {
        return bPort;
    }

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
        out.writeLong(aHi);
        out.writeLong(aLo);
        out.writeShort(aPort);
        out.writeLong(bHi);
        out.writeLong(bLo);
        out.writeShort(bPort);
    }

    /** Reads what {@link #writeTo} wrote. */
    public static SubflowId readFrom(DataInput in) throws IOException {
        return new SubflowId(in.readLong(), in.readLong(), in.readUnsignedShort(), in.readLong(), in.readLong(),
                in.readUnsignedShort());
    }

    /** 0 when a packet goes from endpoint a to endpoint b, 1 for the reverse. */
    public int direction(IpAddress src, int srcPort) {
        return src.hi() == aHi && src.lo() == aLo && srcPort == aPort ? 0 : 1;
    }

    public String endpointA() {
        return endpoint(a(), aPort);
    }

    public String endpointB() {
        return endpoint(b(), bPort);
    }

    @JsonValue
    @Override
    public String toString() {
        return endpointA() + "-" + endpointB();
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof SubflowId s && aPort == s.aPort && bPort == s.bPort
                && aHi == s.aHi && aLo == s.aLo && bHi == s.bHi && bLo == s.bLo;
    }

    /** The hash the record of two {@link IpAddress}es had, so that hash maps iterate ids in the same order. */
    @Override
    public int hashCode() {
        return (((Long.hashCode(aHi) * 31 + Long.hashCode(aLo)) * 31 + aPort) * 31
                + Long.hashCode(bHi) * 31 + Long.hashCode(bLo)) * 31 + bPort;
    }

    @Override
    public int compareTo(SubflowId o) {
        int c = Long.compareUnsigned(aHi, o.aHi);
        if (c == 0) {
            c = Long.compareUnsigned(aLo, o.aLo);
        }
        if (c == 0) {
            c = Integer.compare(aPort, o.aPort);
        }
        if (c == 0) {
            c = Long.compareUnsigned(bHi, o.bHi);
        }
        if (c == 0) {
            c = Long.compareUnsigned(bLo, o.bLo);
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
