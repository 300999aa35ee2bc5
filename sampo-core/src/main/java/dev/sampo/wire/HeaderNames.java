package dev.sampo.wire;

/** The names of the Kafka record headers Sampo writes; the values are UTF-8 text. */
public final class HeaderNames {
    /** The schema of an output value, one of {@link Schemas}; on tombstones too. */
    public static final String SCHEMA = "sampo.schema";
    /** On a dead letter: why the record could not be read. */
    public static final String ERROR = "sampo.error";
    /** On a dead letter: where it came from, {@code topic-partition@offset}. */
    public static final String SOURCE = "sampo.source";

    private HeaderNames() {
    }
}
