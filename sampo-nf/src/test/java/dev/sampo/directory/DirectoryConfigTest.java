package dev.sampo.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class DirectoryConfigTest {
    @Test
    void defaultsAreTheContractTopicsAndDocumentedCaps() {
        DirectoryConfig c = new DirectoryConfig(Map.of("bootstrap.servers", "a:9092,b:9092"));
        assertEquals("a:9092,b:9092", c.bootstrapServers());
        assertEquals("sampo.sessions", c.sessionsTopic());
        assertEquals("sampo.subflows", c.subflowsTopic());
        assertEquals(100_000, c.maxSessions());
        assertEquals(400_000, c.maxSubflows());
        assertEquals(Duration.ofMillis(200), c.pollTimeout());
        DirectoryConfig.definition().names().forEach(key ->
                assertTrue(DirectoryConfig.definition().configKeys().get(key).documentation.length() > 10, key));
    }

    @Test
    void badValuesAreRejectedWhenParsedNamingTheKey() {
        assertTrue(assertThrows(ConfigException.class, () -> new DirectoryConfig(Map.of()))
                .getMessage().contains("bootstrap.servers"));
        assertTrue(assertThrows(ConfigException.class, () -> new DirectoryConfig(
                Map.of("bootstrap.servers", "a:1", "max.sessions", 0))).getMessage().contains("max.sessions"));
        assertTrue(assertThrows(ConfigException.class, () -> new DirectoryConfig(
                Map.of("bootstrap.servers", "a:1", "max.subflows", "many"))).getMessage().contains("max.subflows"));
        assertTrue(assertThrows(ConfigException.class, () -> new DirectoryConfig(
                Map.of("bootstrap.servers", "a:1", "sessions.topic", ""))).getMessage().contains("sessions.topic"));
    }

    @Test
    void consumerPrefixedKeysGoToTheConsumer() {
        DirectoryConfig c = new DirectoryConfig(Map.of("bootstrap.servers", "a:1", "consumer.security.protocol", "SSL"));
        assertEquals(Map.of("security.protocol", "SSL"), c.consumerOverrides());
    }
}
