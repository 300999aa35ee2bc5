package dev.sampo.ids;

import dev.sampo.flow.IpAddress;
import java.util.List;

/**
 * A content rule in the Suricata subset Sampo matches: {@code alert|drop tcp SRC SPORT ->|<> DST
 * DPORT (msg; content[; nocase]…; sid; rev)}. It fires when every content has been seen in one
 * direction of a stream whose endpoints fit the header.
 *
 * @param bidirectional {@code <>}: the header fits either way round
 * @param where the rule's file and line, for messages
 */
public record Rule(String action, Endpoint source, Endpoint destination, boolean bidirectional, String msg,
                   long sid, int rev, List<Content> contents, String where) {

    /** Whether a segment from {@code src:sport} to {@code dst:dport} fits the header. */
    public boolean appliesTo(IpAddress src, int sport, IpAddress dst, int dport) {
        return source.matches(src, sport) && destination.matches(dst, dport)
                || bidirectional && source.matches(dst, dport) && destination.matches(src, sport);
    }
}
