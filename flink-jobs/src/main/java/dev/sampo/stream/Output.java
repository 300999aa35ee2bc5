package dev.sampo.stream;

/**
 * One record for an output topic. A null value is a tombstone on the compacted topics. A Flink
 * POJO: public fields and a no-argument constructor.
 */
public class Output {
    public String topic;
    public String key;
    public String value;
    /** The value's schema, one of {@code dev.sampo.wire.Schemas}, sent as the {@code sampo.schema} header. */
    public String schema;

    public Output() {
    }

    static Output of(String topic, String key, String value, String schema) {
        Output o = new Output();
        o.topic = topic;
        o.key = key;
        o.value = value;
        o.schema = schema;
        return o;
    }

    @Override
    public String toString() {
        return topic + " " + key + " = " + value;
    }
}
