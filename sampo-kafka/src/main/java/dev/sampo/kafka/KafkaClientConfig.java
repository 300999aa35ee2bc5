package dev.sampo.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;

/**
 * What every Kafka client of Sampo takes beyond the bootstrap servers, from a client properties
 * file, as Kafka's own tools take one ({@code --command-config}): security (TLS, SASL), and any
 * other client setting. Sampo's producers, consumers and admin clients put these on top of their
 * own defaults.
 *
 * <p>The file is checked as it is loaded, key by key against the Kafka clients' own definitions,
 * because a client given a misspelt key only logs a warning and then fails to connect for a minute
 * without saying why: an unknown key, a value its key does not take, a JAAS line that does not
 * parse, or a key or trust store that is not there is one error naming the file, the line and the key.
 *
 * @param file where the settings came from, for messages; empty for none
 */
public record KafkaClientConfig(String file, Map<String, String> settings) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No file: plaintext clients with Sampo's defaults. */
    public static final KafkaClientConfig NONE = new KafkaClientConfig("", Map.of());

    /** Settings Sampo sets itself: the brokers come from its own option, the formats from the topic contract. */
    private static final Set<String> SAMPO_OWN = Set.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);

    /** Settings naming a file the client opens when it starts. */
    private static final List<String> FILE_SETTINGS = List.of("ssl.truststore.location", "ssl.keystore.location");

    public KafkaClientConfig {
        settings = Map.copyOf(settings);
    }

    /**
     * Reads and checks a client properties file.
     *
     * @throws IllegalArgumentException naming the file, and the line and key of a bad setting
     */
    public static KafkaClientConfig load(Path file) {
        List<String> lines;
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such Kafka client properties file", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": not a Kafka client properties file: " + e.getMessage(), e);
        }
        Map<String, String> settings = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).strip();
            String problem = problem(key, value);
            if (problem != null) {
                throw new IllegalArgumentException(file + lineOf(lines, key) + ": " + problem);
            }
            settings.put(key, value);
        }
        return new KafkaClientConfig(file.toString(), settings);
    }

    /** The settings as a client takes them, to put on top of its defaults. */
    public Properties properties() {
        Properties p = new Properties();
        p.putAll(settings);
        return p;
    }

    /** A client's settings: its own {@code defaults}, then this file's, then the brokers. */
    public Map<String, Object> with(String bootstrap, Map<String, ?> defaults) {
        Map<String, Object> all = new HashMap<>(defaults);
        all.putAll(settings);
        all.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return all;
    }

    /** Names the file, never the settings: they hold passwords. */
    @Override
    public String toString() {
        return file.isEmpty() ? "no Kafka client properties" : "Kafka client properties " + file;
    }

    /** What is wrong with one setting, or null. */
    private static String problem(String key, String value) {
        if (SAMPO_OWN.contains(key)) {
            return key + " is Sampo's own setting, not the file's"
                    + (key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
                            ? " (give the brokers with --kafka or sampo.kafka.bootstrap)" : "");
        }
        ConfigDef.ConfigKey definition = ClientKeys.ALL.get(key);
        if (definition == null) {
            return "unknown Kafka client setting " + key;
        }
        try {
            Object parsed = ConfigDef.parseType(key, value, definition.type);
            if (definition.validator != null) {
                definition.validator.ensureValid(key, parsed);
            }
        } catch (ConfigException e) {
            return e.getMessage();
        }
        if (key.equals(SaslConfigs.SASL_JAAS_CONFIG)) {
            try {
                JaasContext.loadClientContext(Map.of(key, new Password(value)));
            } catch (IllegalArgumentException | KafkaException e) {
                return key + ": " + e.getMessage();
            }
        }
        if (FILE_SETTINGS.contains(key) && !Files.isReadable(Path.of(value))) {
            return key + ": cannot read " + value;
        }
        return null;
    }

    /** " line N" of the line that sets {@code key}, or nothing when a continued line hides it. */
    private static String lineOf(List<String> lines, String key) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).stripLeading();
            if (line.startsWith(key) && (line.length() == key.length()
                    || "=: \t".indexOf(line.charAt(key.length())) >= 0)) {
                return " line " + (i + 1);
            }
        }
        return "";
    }

    /**
     * Every setting a Kafka admin client, producer or consumer defines, as the clients define it;
     * built when a file is first read, not by the many clients that take {@link #NONE}.
     */
    private static final class ClientKeys {
        static final Map<String, ConfigDef.ConfigKey> ALL = all();

        private static Map<String, ConfigDef.ConfigKey> all() {
            Map<String, ConfigDef.ConfigKey> keys = new HashMap<>();
            for (ConfigDef def : List.of(AdminClientConfig.configDef(), ProducerConfig.configDef(),
                    ConsumerConfig.configDef())) {
                keys.putAll(def.configKeys());
            }
            return Map.copyOf(keys);
        }
    }
}
