package dev.sampo.stream;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads {@code sampo.packets} without decoding values (see {@link WirePacket}); the Kafka source
 * stamps each with its Kafka timestamp, which the wire contract makes the packet's time.
 */
final class PacketDeserializer implements KafkaRecordDeserializationSchema<WirePacket> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<WirePacket> out) {
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        out.collect(WirePacket.of(key, record.value(), record.partition(), record.offset()));
    }

    @Override
    public TypeInformation<WirePacket> getProducedType() {
        return TypeInformation.of(WirePacket.class);
    }
}
