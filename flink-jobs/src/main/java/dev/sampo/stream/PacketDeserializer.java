package dev.sampo.stream;

import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketWire;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code sampo.packets}. A record that is not wire-version-1 data (another schema, garbage,
 * an empty value) is counted in the {@code sampoBadRecords} metric, copied to the dead-letter
 * topic when one is configured, logged with its reason and position (the first ten, then every
 * thousandth) and skipped: one bad producer must not stop association for everyone else.
 */
public final class PacketDeserializer implements KafkaRecordDeserializationSchema<PacketRecord> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PacketDeserializer.class);

    private final String bootstrap;
    private final String deadLetterTopic;
    private transient Counter bad;
    private transient long badSeen;
    private transient DeadLetters deadLetters;

    /** @param deadLetterTopic where unreadable records are copied, or empty for nowhere */
    PacketDeserializer(String bootstrap, String deadLetterTopic) {
        this.bootstrap = bootstrap;
        this.deadLetterTopic = deadLetterTopic;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        bad = context.getMetricGroup().counter("sampoBadRecords");
        if (!deadLetterTopic.isEmpty()) {
            deadLetters = DeadLetters.to(bootstrap, deadLetterTopic);
        }
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<PacketRecord> out) {
        try {
            out.collect(PacketWire.decode(record.value()));
        } catch (PacketWire.MalformedRecordException e) {
            badSeen++;
            bad.inc();
            if (deadLetters != null) {
                deadLetters.send(record, e.getMessage());
            }
            if (badSeen <= 10 || badSeen % 1000 == 0) {
                LOG.warn("skipped bad record #{} at {}-{} offset {}: {}", badSeen, record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
    }

    @Override
    public TypeInformation<PacketRecord> getProducedType() {
        return PacketRecordTypeInfo.INSTANCE;
    }
}
