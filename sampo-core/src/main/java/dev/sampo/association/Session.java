package dev.sampo.association;

import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import java.util.HexFormat;
import java.util.List;

/**
 * One MPTCP session as association sees it: its subflows, the token that names it when a key or
 * MP_JOIN was seen, and the weakest link Φ that holds the group together. Its JSON is
 * {@code dev.sampo.wire.SessionRecord}.
 *
 * @param id stable while the session's lowest subflow stays in it ({@link #idOf})
 * @param token the session's token (the passive opener's, what MP_JOIN SYNs carry), or null
 * @param evidence {@link Evidence#NONE} for a lone subflow
 */
public record Session(
        String id,
        String token,
        List<Member> subflows,
        double confidence,
        Evidence evidence,
        long firstSeenMicros,
        long lastSeenMicros) {

    /** A subflow of a session, with what was sampled of it. */
    public record Member(SubflowId id, long packets, long bytes) {
    }

    /** A session id from its lowest subflow id: 16 hex digits of a 64-bit FNV-1a hash of the id's text. */
    public static String idOf(SubflowId lowest) {
        return HexFormat.of().toHexDigits(hashOf(lowest));
    }

    /**
     * {@code Fnv1a.hash64(id.toString())}, with the text's characters fed to the hash as they are
     * made, not built into a string: a period regroups thousands of sessions, each named by the
     * hash of its lowest subflow's text. An IPv6 address (RFC 5952's zero runs) is formatted by
     * {@link IpAddress#toString}.
     */
    static long hashOf(SubflowId id) {
        long h = endpoint(Fnv1a.OFFSET, id.a(), id.aPort());
        return endpoint(Fnv1a.add(h, '-'), id.b(), id.bPort());
    }

    /** As {@code SubflowId.endpoint}: {@code a.b.c.d:port}, or {@code [v6]:port}. */
    private static long endpoint(long h, IpAddress ip, int port) {
        if (ip.isV4()) {
            int a = (int) ip.lo();
            h = Fnv1a.add(decimal(h, (a >>> 24) & 0xFF), '.');
            h = Fnv1a.add(decimal(h, (a >>> 16) & 0xFF), '.');
            h = Fnv1a.add(decimal(h, (a >>> 8) & 0xFF), '.');
            h = decimal(h, a & 0xFF);
        } else {
            h = Fnv1a.add(Fnv1a.add(Fnv1a.add(h, '['), ip.toString()), ']');
        }
        return decimal(Fnv1a.add(h, ':'), port);
    }

    /** The digits of {@code Integer.toString(v)}. */
    private static long decimal(long h, int v) {
        if (v < 0) {
            return Fnv1a.add(h, Integer.toString(v));
        }
        if (v >= 10) {
            h = decimal(h, v / 10);
        }
        return Fnv1a.add(h, (char) ('0' + v % 10));
    }
}
