package dev.sampo.kafka;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.commons.io.file.PathUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real {@link EmbeddedKafka} broker for a test class, on a free port in a directory of its own:
 * {@code @RegisterExtension static final BrokerExtension KAFKA = new BrokerExtension();}, or
 * {@link #saslSsl()} for one that takes only SASL/SCRAM over TLS.
 */
public final class BrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private static final String USER = "sampo";

    private final boolean secured;
    private Path dir;
    private EmbeddedKafka broker;
    private ThrowawayTls tls;
    private String password;

    public BrokerExtension() {
        this(false);
    }

    private BrokerExtension(boolean secured) {
        this.secured = secured;
    }

    /**
     * A broker whose only client listener is SASL_SSL (SCRAM-SHA-256 over TLS), with a certificate
     * and a password made for the test class; {@link #clientProperties} is how clients reach it.
     */
    public static BrokerExtension saslSsl() {
        return new BrokerExtension(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("sampo-kafka-test");
        if (secured) {
            tls = ThrowawayTls.create(Files.createDirectory(dir.resolve("tls")));
            password = UUID.randomUUID().toString();
            broker = EmbeddedKafka.startSaslSsl(dir.resolve("broker"), 0,
                    new EmbeddedKafka.SaslSsl(tls.keyStore(), tls.password(), USER, password));
        } else {
            broker = EmbeddedKafka.start(dir, 0);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (broker != null) {
            broker.close();
        }
        PathUtils.deleteDirectory(dir);
    }

    /** Stops the broker and starts it again on the same port and data: a broker restart, for clients. */
    public void restart() {
        broker = broker.restart();
    }

    /**
     * Stops the broker and starts a new one on the same port with no data, as {@code ./sampo up} does
     * on every start: clients find the same address, but none of the topics and records they knew.
     */
    public void restartEmpty() throws IOException {
        if (secured) {
            throw new IllegalStateException("restartEmpty would delete the SASL_SSL broker's certificate");
        }
        int port = broker.port();
        broker.close();
        PathUtils.deleteDirectory(dir);
        Files.createDirectories(dir);
        broker = EmbeddedKafka.start(dir, port);
    }

    public String bootstrap() {
        return broker.bootstrap();
    }

    /**
     * Creates a topic and returns once the broker leads every partition of it. A producer that
     * writes at once can meet NOT_LEADER_OR_FOLLOWER on a partition whose leadership the broker has
     * not taken up yet; on a loaded machine the idempotent producer's retry then failed every later
     * batch of that partition with OUT_OF_ORDER_SEQUENCE_NUMBER until they expired (a CI run of
     * {@code KafkaPacketSinkTest}). Plaintext brokers only.
     */
    public void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!led(admin.describeTopics(List.of(name)).allTopicNames().get().get(name))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + name + " has a partition without a leader after 30 s");
                }
                Thread.sleep(20);
            }
        }
    }

    private static boolean led(TopicDescription topic) {
        return topic.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }

    /**
     * The client settings that reach this broker: none for a plaintext one; for a SASL_SSL one, TLS
     * trusting its certificate and SCRAM with its user and password.
     */
    public Map<String, String> clientSettings() {
        return clientSettings(password);
    }

    /** The settings of a client that logs in with {@code password} instead (a wrong one, say). */
    public Map<String, String> clientSettings(String password) {
        if (!secured) {
            return Map.of();
        }
        return Map.of("security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-256",
                "sasl.jaas.config", new EmbeddedKafka.SaslSsl(tls.keyStore(), tls.password(), USER, password)
                        .jaasConfig(),
                "ssl.truststore.location", tls.trustStore().toString(),
                "ssl.truststore.password", tls.password(),
                "ssl.truststore.type", "PKCS12");
    }

    /** {@link #clientSettings(String)} as a client properties file (--kafka-config), in {@code dir}. */
    public Path clientProperties(Path dir, String password) throws IOException {
        Properties p = new Properties();
        p.putAll(clientSettings(password));
        Path file = dir.resolve("kafka-client-" + UUID.randomUUID() + ".properties");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "Kafka client settings for the test broker at " + bootstrap());
        }
        return file;
    }

    /** {@link #clientSettings()} as a client properties file (--kafka-config), in {@code dir}. */
    public Path clientProperties(Path dir) throws IOException {
        return clientProperties(dir, password);
    }

    /**
     * Every record of a topic from the beginning, once at least {@code atLeast} have come (or 30 s
     * have passed), and half a second more so a duplicate or stray record would show up too.
     */
    public List<ConsumerRecord<byte[], byte[]>> consume(String topic, long atLeast) {
        List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
        Map<String, Object> settings = new HashMap<>(clientSettings());
        settings.putAll(Map.of("bootstrap.servers", bootstrap(), "group.id", "check-" + topic,
                "auto.offset.reset", "earliest"));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (got.size() < atLeast && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(got::add);
        }
        return got;
    }
}
