package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.kafka.BrokerExtension;
import dev.sampo.kafka.TopicSetup;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sampo enforce} as an operator runs it: a bridge it cannot reach is said and retried for the
 * whole run, the counters come on stderr, and bad settings are one-line usage errors. (Its work on a
 * real bridge: {@code EnforcerOvsTest}, {@code LabOvsEnforcementEndToEndTest}.)
 */
class EnforceCliTest {
    @RegisterExtension
    static final BrokerExtension kafka = new BrokerExtension();

    @TempDir
    Path dir;

    @Test
    void anUnreachableBridgeIsRetriedUntilTheEnd() {
        TopicSetup.ensure(kafka.bootstrap(), 1);
        String bridge = "unix:" + dir.resolve("nobody.mgmt");
        CliRun r = CliRun.of("enforce", "--ovs", bridge, "--kafka", kafka.bootstrap(), "--duration", "3s",
                "--retry", "500ms", "--every", "1s");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("sampo enforce: switch " + bridge + ": "), r.err());
        assertTrue(r.err().contains("; retrying every 500 ms"), r.err());
        assertTrue(r.err().matches("(?s).*0 batches applied \\(\\+0 -0 rules\\), 0 refused; [2-9] switch errors.*"),
                "retried, and counted: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void dropRulesMustOutrankSteeringRules() {
        CliRun r = CliRun.of("enforce", "--ovs", "br0", "--kafka", kafka.bootstrap(), "--priority", "50000");
        assertEquals(2, r.exit());
        assertEquals("sampo enforce: priorities must satisfy 0 < steer (50000) < drop (40100) ≤ 65535",
                r.err().lines().findFirst().orElseThrow());
    }

    @Test
    void aCookieTagIsSixteenBitsAndNotZero() {
        CliRun r = CliRun.of("enforce", "--ovs", "br0", "--kafka", kafka.bootstrap(), "--cookie-tag", "0x10000");
        assertEquals(2, r.exit());
        assertEquals("sampo enforce: cookie tag must be 0x0001..0xffff, not 0x10000", r.err().lines().findFirst().orElseThrow());
    }
}
