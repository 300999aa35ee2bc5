package dev.sampo.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON of the output records, one mapper for writing and reading them. A reader skips fields it
 * does not know (a producer may add some within a version) but needs every field of the version
 * it reads, so a value of another shape fails loudly instead of reading as zeros.
 */
final class OutputJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private OutputJson() {
    }

    static String write(Object record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + record + " as JSON", e);
        }
    }

    /** @throws IllegalArgumentException naming the schema, for a value that is not one of its records */
    static <T> T read(String json, Class<T> type, String schema) {
        if (json == null) {
            throw new IllegalArgumentException("a tombstone is not a " + schema + " value");
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + schema + " value (" + e.getOriginalMessage() + "): " + json, e);
        }
    }
}
