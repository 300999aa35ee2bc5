package dev.sampo.stream;

import dev.sampo.wire.HeaderNames;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Each output to its own topic, keyed, with its schema in a header; a null value stays null (tombstone). */
final class OutputSerializer implements KafkaRecordSerializationSchema<Output> {
    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Output o, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(HeaderNames.SCHEMA, o.schema.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(o.topic, null, timestamp, o.key.getBytes(StandardCharsets.UTF_8),
                o.value == null ? null : o.value.getBytes(StandardCharsets.UTF_8), headers);
    }
}
