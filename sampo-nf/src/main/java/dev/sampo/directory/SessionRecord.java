package dev.sampo.directory;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A {@code sampo.sessions} value, {@code session.v1}. */
record SessionRecord(
        String session,
        String token,
        List<Member> subflows,
        double confidence,
        String evidence,
        @JsonProperty("first_seen_us") long firstSeenMicros,
        @JsonProperty("last_seen_us") long lastSeenMicros) {

    /** One subflow of the session by its two endpoints, with what was sampled of it. */
    record Member(String a, String b, long packets, long bytes) {
    }
}
