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
        Path file = write("security.protocol=SASL_SSL\n\nsasl.mechanisms=PLAIN\n");
        assertError(file + " line 3: unknown Kafka client setting sasl.mechanisms", file);
    }

    @Test
    void aValueItsKeyDoesNotTakeNamesTheKey() throws IOException {
        Path file = write("request.timeout.ms=soon\n");
        String message = message(file);
        assertTrue(message.startsWith(file + " line 1: "), message);
        assertTrue(message.contains("request.timeout.ms"), message);
        assertTrue(message.contains("soon"), message);
        Path protocol = write("security.protocol=SASL_TLS\n");
        assertTrue(message(protocol).contains("SASL_TLS"), message(protocol));
    }

    @Test
    void aJaasLineThatDoesNotParseIsRefused() throws IOException {
        Path file = write("sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"sampo\" password=\"secret\"\n");
        String message = message(file);
        assertTrue(message.startsWith(file + " line 1: sasl.jaas.config: "), message);
        assertTrue(message.contains("semi-colon"), message);
    }

    @Test
    void aMissingTrustStoreIsNamed() throws IOException {
        Path file = write("ssl.truststore.location=/nonexistent/truststore.p12\n");
        assertError(file + " line 1: ssl.truststore.location: cannot read /nonexistent/truststore.p12", file);
    }

    @Test
    void theBrokersAndTheFormatsAreSamposOwn() throws IOException {
        Path file = write("bootstrap.servers=elsewhere:9092\n");
        assertTrue(message(file).startsWith(file + " line 1: bootstrap.servers is Sampo's own setting"),
                message(file));
        Path serializer = write("value.serializer=org.apache.kafka.common.serialization.StringSerializer\n");
        assertTrue(message(serializer).contains("value.serializer is Sampo's own setting"), message(serializer));
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
}
