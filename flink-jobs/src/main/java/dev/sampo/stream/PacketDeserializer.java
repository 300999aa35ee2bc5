package dev.sampo.stream;

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
    private static final byte[] NO_KEY = new byte[0];

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<WirePacket> out) {
        byte[] key = record.key() == null ? NO_KEY : record.key();
        out.collect(WirePacket.of(key, record.value(), record.partition(), record.offset()));
    }

    @Override
    public TypeInformation<WirePacket> getProducedType() {
        return WirePacket.TYPE;
    }
}
