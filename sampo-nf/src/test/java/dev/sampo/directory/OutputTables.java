package dev.sampo.directory;

import dev.sampo.association.Evidence;
import dev.sampo.association.Session;
import dev.sampo.flow.SubflowId;
import dev.sampo.wire.Schemas;
import dev.sampo.wire.SessionRecord;
import dev.sampo.wire.SubflowRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a test's own pair of compacted session tables as the engine does: the values are
 * sampo-core's wire records (what the job sends), each with its {@code sampo.schema} header.
 */
public final class OutputTables implements AutoCloseable {
    final String sessions;
    final String subflows;
    private final KafkaProducer<byte[], byte[]> producer;

    /** Writes to two topics that exist. */
    public OutputTables(String bootstrap, String sessions, String subflows) {
        this.sessions = sessions;
        this.subflows = subflows;
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** Creates {@code name.sessions} and {@code name.subflows}, compacted, and writes to them. */
    static OutputTables create(String bootstrap, String name) throws ExecutionException, InterruptedException {
        Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(name + ".sessions", 1, (short) 1).configs(compact),
                    new NewTopic(name + ".subflows", 1, (short) 1).configs(compact))).all().get();
        }
        return new OutputTables(bootstrap, name + ".sessions", name + ".subflows");
    }

    Map<String, Object> directorySettings(String bootstrap) {
        return Map.of(DirectoryConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                DirectoryConfig.SESSIONS_TOPIC_CONFIG, sessions,
                DirectoryConfig.SUBFLOWS_TOPIC_CONFIG, subflows,
                DirectoryConfig.POLL_TIMEOUT_CONFIG, 50L);
    }

    /** The session and each of its subflows, as the engine publishes a session it formed or changed. */
    public void publish(Session s) throws Exception {
        List<Future<RecordMetadata>> written = new ArrayList<>();
        written.add(sendAsync(sessions, s.id(), SessionRecord.of(s).toJson(), Schemas.SESSION_V1));
        for (Session.Member m : s.subflows()) {
            written.add(sendAsync(subflows, m.id().toString(), SubflowRecord.of(s, m).toJson(), Schemas.SUBFLOW_V1));
        }
        for (Future<RecordMetadata> w : written) {
            w.get();
        }
    }

    void session(Session s) throws Exception {
        send(sessions, s.id(), SessionRecord.of(s).toJson(), Schemas.SESSION_V1);
    }

    public void endSession(String id) throws Exception {
        send(sessions, id, null, "session.v1");
    }

    void endSubflow(SubflowId id) throws Exception {
        send(subflows, id.toString(), null, "subflow.v1");
    }

    /** Any bytes under any key, with a schema header unless {@code schema} is null; returns once written. */
    void send(String topic, String key, String value, String schema) throws Exception {
        sendAsync(topic, key, value, schema).get();
    }

    private Future<RecordMetadata> sendAsync(String topic, String key, String value, String schema) {
        RecordHeaders headers = new RecordHeaders();
        if (schema != null) {
            headers.add("sampo.schema", schema.getBytes(StandardCharsets.UTF_8));
        }
        return producer.send(new ProducerRecord<>(topic, null, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), headers));
    }

    static Session session(String token, String evidence, double confidence, String... subflows) {
        List<Session.Member> members = Arrays.stream(subflows).map(SubflowId::parse).sorted()
                .map(id -> new Session.Member(id, 10, 1000)).toList();
        return new Session(Session.idOf(members.get(0).id()), token, members, confidence, Evidence.of(evidence), 1_000_000, 2_000_000);
    }

    @Override
    public void close() {
        producer.close();
    }
}
