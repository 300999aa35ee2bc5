package dev.sampo.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientConfigTest {
    @TempDir
    Path dir;

    @Test
    void loadsTheSettingsOfAClientPropertiesFile() throws IOException {
        Path trustStore = Files.writeString(dir.resolve("truststore.p12"), "");
        Path file = write("# SASL over TLS\n"
                + "security.protocol=SASL_SSL\n"
                + "sasl.mechanism = SCRAM-SHA-512\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\\n"
                + "    username=\"sampo\" password=\"secret\";\n"
                + "ssl.truststore.location=" + trustStore + "\n");
        KafkaClientConfig config = KafkaClientConfig.load(file);
        assertEquals("SASL_SSL", config.settings().get("security.protocol"));
        assertEquals("SCRAM-SHA-512", config.settings().get("sasl.mechanism"));
        assertEquals(trustStore.toString(), config.settings().get("ssl.truststore.location"));
        assertEquals(4, config.properties().size());
        assertFalse(config.toString().contains("secret"), config.toString());
        Map<String, Object> producer = config.with("broker:9093", Map.of("security.protocol", "PLAINTEXT", "acks", "all"));
        assertEquals("SASL_SSL", producer.get("security.protocol"), "the file's settings win over a client's defaults");
        assertEquals("all", producer.get("acks"));
        assertEquals("broker:9093", producer.get("bootstrap.servers"));
    }

    @Test
    void aMisspeltKeyNamesTheFileTheLineAndTheKey() throws IOException {
        assertRefused("security.protocol=SASL_SSL\n\nsasl.mechanisms=PLAIN\n",
                " line 3: unknown Kafka client setting sasl.mechanisms");
    }

    @Test
    void aValueItsKeyDoesNotTakeNamesTheKey() throws IOException {
        assertRefused("request.timeout.ms=soon\n", " line 1: ", "request.timeout.ms", "soon");
        assertRefused("security.protocol=SASL_TLS\n", " line 1: ", "security.protocol", "SASL_TLS");
    }

    @Test
    void aJaasLineThatDoesNotParseIsRefused() throws IOException {
        assertRefused("sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"sampo\" password=\"secret\"\n", " line 1: sasl.jaas.config: ", "semi-colon");
    }

    @Test
    void aMissingTrustStoreIsNamed() throws IOException {
        assertRefused("ssl.truststore.location=/nonexistent/truststore.p12\n",
                " line 1: ssl.truststore.location: cannot read /nonexistent/truststore.p12");
    }

    @Test
    void theBrokersAndTheFormatsAreSamposOwn() throws IOException {
        assertRefused("bootstrap.servers=elsewhere:9092\n", " line 1: bootstrap.servers is Sampo's own setting",
                "--kafka");
        assertRefused("value.serializer=org.apache.kafka.common.serialization.StringSerializer\n",
                " line 1: value.serializer is Sampo's own setting");
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("nope.properties");
        assertError(file + ": no such Kafka client properties file", file);
    }

    private Path write(String text) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "client", ".properties"), text);
    }

    private static String message(Path file) {
        return assertThrows(IllegalArgumentException.class, () -> KafkaClientConfig.load(file)).getMessage();
    }

    private static void assertError(String expected, Path file) {
        assertEquals(expected, message(file));
    }

    /** A file of {@code text} is refused with a message that starts with its name and {@code start}, and holds {@code parts}. */
    private void assertRefused(String text, String start, String... parts) throws IOException {
        Path file = write(text);
        String message = message(file);
        assertTrue(message.startsWith(file + start), message);
        for (String part : parts) {
            assertTrue(message.contains(part), message);
        }
    }
}
