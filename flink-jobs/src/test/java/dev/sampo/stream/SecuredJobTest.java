package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.kafka.BrokerExtension;
import dev.sampo.kafka.KafkaClientConfig;
import dev.sampo.kafka.TopicSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job against a broker that takes only SASL/SCRAM over TLS: given a wrong password in its
 * client properties file ({@code sampo.kafka.config}) it fails, with the broker's reason, once its
 * restarts are spent, rather than restarting forever. (The job reading and writing through the
 * right credentials is {@code SecuredKafkaCliTest}'s, behind {@code ./sampo replay}.)
 */
@Timeout(180)
class SecuredJobTest {
    @RegisterExtension
    static final BrokerExtension KAFKA = BrokerExtension.saslSsl();

    @TempDir
    static Path dir;

    @Test
    void aWrongPasswordFailsTheJobWithTheBrokersReason() throws Exception {
        TopicSetup.ensure(KAFKA.bootstrap(), KafkaClientConfig.load(KAFKA.clientProperties(dir)), 1);
        JobConfig config = JobConfig.defaultsWith(Map.of(
                "sampo.kafka.bootstrap", KAFKA.bootstrap(),
                "sampo.kafka.config", KAFKA.clientProperties(dir, "not-the-password").toString(),
                "sampo.restart.attempts", "1"));
        try (EmbeddedFlink flink = EmbeddedFlink.start(1, 0, dir.resolve("checkpoints"))) {
            JobID job = flink.submit(config);
            Optional<Throwable> failure = flink.awaitEnd(job, Duration.ofSeconds(120));
            assertTrue(failure.isPresent(), "the job must fail, not finish");
            Optional<SaslAuthenticationException> reason =
                    ExceptionUtils.findThrowable(failure.get(), SaslAuthenticationException.class);
            assertTrue(reason.isPresent(), () -> "no authentication failure in " + ExceptionUtils.stringifyException(failure.get()));
            assertEquals("Authentication failed during authentication due to invalid credentials with SASL mechanism"
                    + " SCRAM-SHA-256", reason.get().getMessage());
        }
    }
}
