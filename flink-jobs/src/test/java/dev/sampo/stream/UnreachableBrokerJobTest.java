package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job with no broker where {@code sampo.kafka.bootstrap} points: each attempt waits out the
 * source's admin client ({@code default.api.timeout.ms}, here 3 s through {@code sampo.kafka.config}
 * instead of 60 s), and once {@code sampo.restart.attempts} restarts are spent the job fails with the
 * Kafka client's timeout, under the name of a Kafka source (the packets' or the load reports'), which
 * names the brokers. (The command line's
 * unreachable broker is {@code KafkaCliTest}'s.)
 */
@Timeout(150)
class UnreachableBrokerJobTest {
    @TempDir
    static Path dir;

    @Test
    void theJobFailsAfterItsRestartsNamingTheBrokers() throws Exception {
        String bootstrap;
        try (ServerSocket closedOnceKnown = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            bootstrap = "127.0.0.1:" + closedOnceKnown.getLocalPort();
        }
        Path client = Files.writeString(dir.resolve("client.properties"),
                "default.api.timeout.ms=3000\nrequest.timeout.ms=2000\n");
        try (EmbeddedFlink flink = EmbeddedFlink.start(1, 0, Files.createTempDirectory(dir, "checkpoints"))) {
            JobID job = flink.submit(JobConfig.defaultsWith(Map.of("sampo.kafka.bootstrap", bootstrap,
                    "sampo.kafka.config", client.toString(), "sampo.restart.attempts", "1")));
            Optional<Throwable> failure = flink.awaitEnd(job, Duration.ofSeconds(120));
            assertTrue(failure.isPresent(), "the job must fail, not finish or keep restarting");
            String told = ExceptionUtils.stringifyException(failure.get());
            assertTrue(ExceptionUtils.findThrowable(failure.get(), TimeoutException.class).isPresent(),
                    () -> "no Kafka timeout in " + told);
            // The source's name ends the task's name, or, at parallelism 1, where the subflow stage is
            // chained to it, comes first in the chain's.
            assertTrue(told.contains(" at " + bootstrap + "'") || told.contains(" at " + bootstrap + " -> "),
                    () -> "the failure does not name the brokers " + bootstrap + ": " + told);
        }
    }
}
