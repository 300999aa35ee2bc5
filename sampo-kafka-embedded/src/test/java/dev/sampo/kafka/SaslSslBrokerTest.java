package dev.sampo.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SASL_SSL broker takes SCRAM over TLS with its password, refuses another, and has no plaintext listener. */
@Timeout(120)
class SaslSslBrokerTest {
    @RegisterExtension
    static final BrokerExtension KAFKA = BrokerExtension.saslSsl();

    @Test
    void clientsWithTheCredentialsProduceAndConsume() throws Exception {
        try (Admin admin = Admin.create(settings(KAFKA.clientSettings()))) {
            admin.createTopics(List.of(new NewTopic("secured", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings(KAFKA.clientSettings()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("secured", "k", "over TLS")).get(30, TimeUnit.SECONDS);
        }
        var got = KAFKA.consume("secured", 1);
        assertEquals(1, got.size());
        assertEquals("over TLS", new String(got.get(0).value(), StandardCharsets.UTF_8));
    }

    @Test
    void aWrongPasswordIsRefusedAsSuch() {
        try (Admin admin = Admin.create(settings(KAFKA.clientSettings("not-the-password")))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.listTopics().names().get(30, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause());
        }
    }

    @Test
    void aPlaintextClientGetsNoAnswer() {
        Map<String, Object> plaintext = settings(Map.of());
        plaintext.put("default.api.timeout.ms", 3000);
        plaintext.put("request.timeout.ms", 3000);
        try (Admin admin = Admin.create(plaintext)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.listTopics().names().get(30, TimeUnit.SECONDS));
            assertInstanceOf(org.apache.kafka.common.errors.TimeoutException.class, e.getCause());
        }
    }

    private static Map<String, Object> settings(Map<String, String> client) {
        Map<String, Object> settings = new HashMap<>(client);
        settings.put("bootstrap.servers", KAFKA.bootstrap());
        return settings;
    }
}
