package dev.sampo.stream;

import dev.sampo.wire.HeaderNames;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** A dead letter as it arrived, with headers {@link HeaderNames#ERROR} and {@link HeaderNames#SOURCE}. */
final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;
    private final String topic;
    private final String packetsTopic;

    DeadLetterSerializer(String topic, String packetsTopic) {
        this.topic = topic;
        this.packetsTopic = packetsTopic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter d, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(HeaderNames.ERROR, d.error.getBytes(StandardCharsets.UTF_8));
        headers.add(HeaderNames.SOURCE, (packetsTopic + "-" + d.source).getBytes(StandardCharsets.UTF_8));
        byte[] key = d.key.isEmpty() ? null : d.key.getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, timestamp, key, d.value, headers);
    }
}
