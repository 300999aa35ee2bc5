package dev.sampo.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The JSON of the output records, one mapper for writing and reading them. A reader skips fields it
 * does not know (a producer may add some within a version) but needs every field of the version
 * it reads, so a value of another shape fails loudly instead of reading as zeros. The few fields
 * added to a version after its first values were written are the exception: each is marked
 * {@code @JacksonInject} with one of the absence values here, which a value without it reads.
 */
final class OutputJson {
    /** An added list field's value where it is absent: empty. */
    static final String ABSENT_LIST = "absent-list";
    /** An added counter's value where it is absent: 0. */
    static final String ABSENT_LONG = "absent-long";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .setInjectableValues(new InjectableValues.Std().addValue(ABSENT_LIST, List.of()).addValue(ABSENT_LONG, 0L));

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
