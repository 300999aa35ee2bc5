package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.kafka.BrokerExtension;
import dev.sampo.kafka.KafkaClientConfig;
import dev.sampo.kafka.TopicSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job against a broker that takes only SASL/SCRAM over TLS: given a wrong password in its
 * client properties file ({@code sampo.kafka.config}), or a topic that does not exist, it fails
 * with the reason once its restarts are spent, rather than restarting forever. (The job reading and writing through the
 * right credentials is {@code SecuredKafkaCliTest}'s, behind {@code ./sampo replay}.)
 */
@Timeout(180)
class SecuredJobTest {
    @RegisterExtension
    static final BrokerExtension KAFKA = BrokerExtension.saslSsl();

    @TempDir
    static Path dir;

    @BeforeAll
    static void createTheTopics() throws Exception {
        TopicSetup.ensure(KAFKA.bootstrap(), KafkaClientConfig.load(KAFKA.clientProperties(dir)), 1);
    }

    @Test
    void aWrongPasswordFailsTheJobWithTheBrokersReason() throws Exception {
        Throwable failure = failureOf(Map.of("sampo.kafka.config",
                KAFKA.clientProperties(dir, "not-the-password").toString()));
        Optional<SaslAuthenticationException> reason = ExceptionUtils.findThrowable(failure,
                SaslAuthenticationException.class);
        assertTrue(reason.isPresent(), () -> "no authentication failure in " + ExceptionUtils.stringifyException(failure));
        assertEquals("Authentication failed during authentication due to invalid credentials with SASL mechanism"
                + " SCRAM-SHA-256", reason.get().getMessage());
    }

    @Test
    void aMissingTopicFailsTheJobNamingIt() throws Exception {
        Throwable failure = failureOf(Map.of("sampo.kafka.config", KAFKA.clientProperties(dir).toString(),
                "sampo.topic.packets", "no.such.packets"));
        assertTrue(ExceptionUtils.findThrowable(failure, UnknownTopicOrPartitionException.class).isPresent(),
                () -> "no missing topic in " + ExceptionUtils.stringifyException(failure));
        assertTrue(ExceptionUtils.stringifyException(failure).contains("no.such.packets"),
                () -> ExceptionUtils.stringifyException(failure));
    }

    /** Runs the job with these settings and one restart; it must fail within two minutes: why. */
    private static Throwable failureOf(Map<String, String> settings) throws Exception {
        Map<String, String> all = new HashMap<>(settings);
        all.put("sampo.kafka.bootstrap", KAFKA.bootstrap());
        all.put("sampo.restart.attempts", "1");
        try (EmbeddedFlink flink = EmbeddedFlink.start(1, 0, Files.createTempDirectory(dir, "checkpoints"))) {
            JobID job = flink.submit(JobConfig.defaultsWith(all));
            Optional<Throwable> failure = flink.awaitEnd(job, Duration.ofSeconds(120));
            assertTrue(failure.isPresent(), "the job must fail, not finish");
            return failure.get();
        }
    }
}
