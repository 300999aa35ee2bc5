package dev.sampo.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka (KRaft, broker and controller in one process) started in this JVM, for
 * tests, demos and measurements on a machine without a Kafka installation. Settings suit one node:
 * internal topics have one replica and one partition, consumer groups start without delay, and
 * topics are never created implicitly, so a missing {@code TopicSetup.ensure} (sampo-kafka) shows up as an error.
 *
 * <p>Its client listener is plaintext, or, {@link #startSaslSsl}, SASL/SCRAM-SHA-256 over TLS and
 * nothing else, as operators' clusters are. The controller's own listener, which clients never
 * reach, stays plaintext on localhost.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final int NODE_ID = 1;
    private static final String CONTROLLER = "CONTROLLER";
    private static final String SCRAM = "SCRAM-SHA-256";

    /**
     * A SASL_SSL client listener: the broker's certificate and key, and the one SCRAM user it knows,
     * which it also authenticates as to itself.
     *
     * @param keyStore a PKCS12 store whose key entry is a certificate for localhost; the broker also
     *     trusts it, for its own connections
     * @param keyStorePassword the store's password, which is also the key's
     */
    public record SaslSsl(Path keyStore, String keyStorePassword, String user, String password) {
        /** The JAAS line of a SCRAM client with these credentials. */
        public String jaasConfig() {
            return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                    + "\" password=\"" + password + "\";";
        }
    }

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final SaslSsl saslSsl;

    private EmbeddedKafka(KafkaRaftServer server, Path dataDir, int port, int controllerPort, SaslSsl saslSsl) {
        this.server = server;
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.saslSsl = saslSsl;
    }

    /**
     * Formats {@code dataDir} (unless a previous run already did) and starts the node; returns once it
     * accepts clients.
     *
     * @param port the client port, or 0 for a free one; the controller always gets a free port of its own
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        int clientPort = port == 0 ? freePort() : port;
        return start(dataDir, clientPort, freePortOtherThan(clientPort), null);
    }

    /**
     * As {@link #start}, with a SASL_SSL client listener and no plaintext one: clients need TLS
     * trusting {@code listener}'s certificate and SCRAM-SHA-256 with its user and password.
     */
    public static EmbeddedKafka startSaslSsl(Path dataDir, int port, SaslSsl listener) {
        int clientPort = port == 0 ? freePort() : port;
        return start(dataDir, clientPort, freePortOtherThan(clientPort), listener);
    }

    /**
     * Stops this node and starts it again on the same ports and data directory, as a broker
     * restart looks to clients: its topics and records are still there, and clients reconnect.
     */
    public EmbeddedKafka restart() {
        close();
        return start(dataDir, port, controllerPort, saslSsl);
    }

    private static EmbeddedKafka start(Path dataDir, int clientPort, int controllerPort, SaslSsl saslSsl) {
        Path logs = dataDir.resolve("logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka data directory " + logs, e);
        }
        Properties properties = properties(logs, clientPort, controllerPort,
                saslSsl == null ? "PLAINTEXT" : "SASL_SSL");
        if (saslSsl != null) {
            properties.putAll(saslSslSettings(saslSsl));
        }
        KafkaConfig config = KafkaConfig.fromProps(properties, false);
        // A directory formatted by an earlier run keeps its cluster id, its topics and its users.
        if (!Files.exists(logs.resolve("meta.properties"))) {
            format(config, logs, saslSsl);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            throw new IllegalStateException("embedded Kafka did not start on port " + clientPort + ": "
                    + e.getMessage(), e);
        }
        return new EmbeddedKafka(server, dataDir, clientPort, controllerPort, saslSsl);
    }

    /** The bootstrap server clients connect to, {@code localhost:PORT}. */
    public String bootstrap() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    /** @param protocol the client listener's security protocol, which is also its name */
    private static Properties properties(Path logs, int clientPort, int controllerPort, String protocol) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        p.put("listeners", protocol + "://localhost:" + clientPort + "," + CONTROLLER + "://localhost:" + controllerPort);
        p.put("advertised.listeners", protocol + "://localhost:" + clientPort);
        p.put("controller.listener.names", CONTROLLER);
        p.put("inter.broker.listener.name", protocol);
        p.put("listener.security.protocol.map", protocol + ":" + protocol + "," + CONTROLLER + ":PLAINTEXT");
        p.put("log.dirs", logs.toString());
        // One node: internal topics cannot have more replicas than brokers, and one partition each
        // keeps the first consumer group and the first transaction from creating 50 logs.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        // The machines this runs on have two cores and share them; the defaults assume a server.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        // The cleaner's default 128 MiB dedupe buffer is for production volumes of compacted data.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 << 20));
        return p;
    }

    /**
     * The client listener replaced by a SASL_SSL one; the broker's connections to itself use it
     * too, so it trusts its own certificate and logs in as the one user.
     */
    private static Properties saslSslSettings(SaslSsl listener) {
        Properties p = new Properties();
        p.put("sasl.enabled.mechanisms", SCRAM);
        p.put("sasl.mechanism.inter.broker.protocol", SCRAM);
        p.put("listener.name.sasl_ssl." + SCRAM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config", listener.jaasConfig());
        for (String store : List.of("keystore", "truststore")) {
            p.put("ssl." + store + ".location", listener.keyStore().toString());
            p.put("ssl." + store + ".password", listener.keyStorePassword());
            p.put("ssl." + store + ".type", "PKCS12");
        }
        p.put("ssl.key.password", listener.keyStorePassword());
        return p;
    }

    private static void format(KafkaConfig config, Path logs, SaslSsl saslSsl) {
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(messages, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(out)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setControllerListenerName(CONTROLLER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setDirectories(List.of(logs.toString()))
                    // SCRAM credentials live in the cluster metadata; the first ones are written with it.
                    .setScramArguments(saslSsl == null ? List.of()
                            : List.of(SCRAM + "=[name=" + saslSsl.user() + ",password=" + saslSsl.password() + "]"))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka storage in " + logs + ": " + e.getMessage()
                    + (messages.size() > 0 ? " (" + messages.toString(StandardCharsets.UTF_8).strip() + ")" : ""), e);
        }
    }

    /**
     * A free port that is not {@code taken}: the client port is not bound yet when the controller's
     * is chosen, so the system may offer the same one twice (a CI run failed on "Each listener must
     * have a different port").
     */
    private static int freePortOtherThan(int taken) {
        int port = freePort();
        while (port == taken) {
            port = freePort();
        }
        return port;
    }

    /** A port nobody listens on right now; the broker binds it moments later. */
    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port for embedded Kafka", e);
        }
    }
}
