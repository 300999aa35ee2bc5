package dev.sampo.directory;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A {@code sampo.subflows} value, {@code subflow.v1}. */
record SubflowRecord(
        String subflow,
        String session,
        String token,
        double confidence,
        String evidence,
        @JsonProperty("session_subflows") int sessionSubflows) {
}
