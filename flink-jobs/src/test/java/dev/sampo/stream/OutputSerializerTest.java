package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sampo.association.Evidence;
import dev.sampo.association.Session;
import dev.sampo.flow.SubflowId;
import dev.sampo.wire.HeaderNames;
import dev.sampo.wire.Schemas;
import dev.sampo.wire.SubflowRecord;
import dev.sampo.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** What the job's two Kafka sinks put into a record: topic, key, value and the contract's headers. */
class OutputSerializerTest {
    private static final SubflowId SUBFLOW = SubflowId.parse("10.0.0.1:40000-10.0.0.2:443");
    private static final Session SESSION = new Session(Session.idOf(SUBFLOW), null,
            List.of(new Session.Member(SUBFLOW, 4, 100)), 0.0, Evidence.NONE, 1, 2);

    @Test
    void anUpsertCarriesItsSchemaAndReadsBackAsItsRecord() {
        String value = SubflowRecord.of(SESSION, SESSION.subflows().get(0)).toJson();
        ProducerRecord<byte[], byte[]> r = new OutputSerializer()
                .serialize(Output.of(Topics.SUBFLOWS, SUBFLOW.toString(), value, Schemas.SUBFLOW_V1), null, 42L);
        assertEquals(Topics.SUBFLOWS, r.topic());
        assertEquals(42L, r.timestamp());
        assertEquals(SUBFLOW.toString(), text(r.key()));
        assertEquals(Schemas.SUBFLOW_V1, text(r.headers().lastHeader(HeaderNames.SCHEMA).value()));
        assertEquals(SESSION.id(), SubflowRecord.parse(text(r.value())).session());
    }

    @Test
    void aTombstoneStaysNullAndKeepsItsSchema() {
        ProducerRecord<byte[], byte[]> r = new OutputSerializer()
                .serialize(Output.of(Topics.SESSIONS, SESSION.id(), null, Schemas.SESSION_V1), null, 7L);
        assertNull(r.value());
        assertEquals(Schemas.SESSION_V1, text(r.headers().lastHeader(HeaderNames.SCHEMA).value()));
    }

    @Test
    void aDeadLetterIsTheInputByteForByteWithWhyAndWhereFrom() {
        WirePacket w = WirePacket.of("", new byte[] {2, (byte) 0xA0}, 3, 99);
        ProducerRecord<byte[], byte[]> r = new DeadLetterSerializer(Topics.PACKETS_DLQ, Topics.PACKETS)
                .serialize(DeadLetter.of(w, "unknown wire version 2"), null, 5L);
        assertEquals(Topics.PACKETS_DLQ, r.topic());
        assertNull(r.key(), "an empty key goes out as no key");
        assertArrayEquals(w.value(), r.value());
        assertEquals("unknown wire version 2", text(r.headers().lastHeader(HeaderNames.ERROR).value()));
        assertEquals(Topics.PACKETS + "-3@99", text(r.headers().lastHeader(HeaderNames.SOURCE).value()));
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
