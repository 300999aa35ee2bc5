package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.migration.plan.MigrationProtocol;
import dev.sampo.migration.plan.PairBackoff;
import dev.sampo.wire.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        JobConfig c = JobConfig.defaultsWith(Map.of());
        assertEquals("localhost:9092", c.bootstrap());
        assertEquals(Topics.SUBFLOWS, c.subflowsTopic());
        assertEquals(1_000_000L, c.association().periodMicros());
        assertEquals(120_000_000L, c.association().idleTimeoutMicros());
        assertEquals(1_000_000, c.association().maxSubflows());
        assertEquals(Duration.ofSeconds(5), c.checkpointInterval());
    }

    @Test
    void settingsOverrideDefaultsWithFlinkDurations() {
        JobConfig c = JobConfig.defaultsWith(Map.of("sampo.period", "500ms", "sampo.horizon", "10min",
                "sampo.dsn-bits", "32", "sampo.tokens", "false", "sampo.parallelism", "4",
                "sampo.max-subflows", "2000"));
        assertEquals(500_000L, c.association().periodMicros());
        assertEquals(600_000_000L, c.association().horizonMicros());
        assertEquals(32, c.association().dsnBits());
        assertEquals(false, c.association().useTokens());
        assertEquals(4, c.parallelism());
        assertEquals(2_000, c.association().maxSubflows());
        assertEquals(500, c.periodMillis());
    }

    @Test
    void topicNamesListTheContractTopicsSetToOtherNames() {
        assertEquals(Map.of(), JobConfig.defaultsWith(Map.of()).topicNames());
        assertEquals(Map.of(Topics.PACKETS, "bench.packets", Topics.STEERING, "edge.steering"),
                JobConfig.defaultsWith(Map.of("sampo.topic.packets", "bench.packets",
                        "sampo.topic.steering", "edge.steering", "sampo.topic.dead-letters", "",
                        "sampo.topic.pairs", Topics.PAIRS)).topicNames(),
                "a topic turned off (empty) or set to its own name is not a rename");
    }

    @Test
    void wrongSettingsSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of("sampo.perod", "1s"))).getMessage().contains("unknown setting sampo.perod"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of("sampo.period", "soon"))).getMessage().startsWith("sampo.period"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of("sampo.period", "1500us"))).getMessage().contains("milliseconds"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of("sampo.idle-timeout", "0s"))).getMessage().contains("positive"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of("sampo.tokens", "yes"))).getMessage().contains("true or false"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of("sampo.parallelism", "0"))).getMessage().contains("≥ 1"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of("sampo.max-subflows", "0"))).getMessage().startsWith("sampo.max-subflows"));
        assertThrows(IllegalArgumentException.class, () -> JobConfig.defaultsWith(Map.of("sampo.buckets", "many")));
    }

    @Test
    void idsSettingsReadTheRulesFileAndRejectNonsense(@TempDir Path dir) throws IOException {
        assertFalse(JobConfig.defaultsWith(Map.of()).ids().enabled(), "no rules: no IDS stage");
        Path rules = Files.write(dir.resolve("r.rules"), List.of(
                "alert tcp any any -> any any (msg:\"x\"; content:\"abc\"; sid:1;)",
                "alert tcp any any -> any any (msg:\"pcre\"; pcre:\"/x/\"; sid:2;)"));
        IdsSettings ids = JobConfig.defaultsWith(Map.of("sampo.ids.rules", rules.toString(), "sampo.ids.window", "4096"))
                .ids();
        assertTrue(ids.enabled());
        assertEquals(1, ids.ruleSet().rules().size());
        assertEquals(1, ids.ruleSet().problems().size(), "a rule outside the subset is skipped, not fatal");
        assertEquals(4096, ids.windowBytes());
        assertEquals(2 * 1000 + 500, ids.sortMillis(), "two periods and the watermark skew");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobConfig.defaultsWith(Map.of("sampo.ids.rules",
                dir.resolve("none.rules").toString()))).getMessage().startsWith("sampo.ids.rules: cannot read "));
        Path unusable = Files.write(dir.resolve("u.rules"), List.of("alert udp any any -> any any (content:\"x\"; sid:1;)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobConfig.defaultsWith(Map.of("sampo.ids.rules",
                unusable.toString()))).getMessage().startsWith("sampo.ids.rules: no usable rule in "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobConfig.defaultsWith(Map.of("sampo.ids.window",
                "0"))).getMessage().startsWith("sampo.ids.window"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobConfig.defaultsWith(Map.of("sampo.ids.hold",
                "0s"))).getMessage().startsWith("sampo.ids.hold"));
    }

    @Test
    void steeringSettingsParseAndRejectNonsense() {
        JobConfig c = JobConfig.defaultsWith(Map.of("sampo.steering.instances", "nf-a, nf-b,",
                "sampo.steering.silence", "3s"));
        assertEquals(java.util.Set.of("nf-a", "nf-b"), c.steering().placement().instances());
        assertEquals(3_000, c.steering().placement().silenceMillis());
        assertEquals("sampo.steering", c.steering().steeringTopic());
        assertTrue(c.steering().enabled());
        assertTrue(!JobConfig.defaultsWith(Map.of("sampo.topic.nf-load", "")).steering().enabled());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of("sampo.steering.load-bound", "-1"))).getMessage()
                .startsWith("sampo.steering"));
        assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of("sampo.steering.silence", "never")));
    }

    @Test
    void migrationSettingsParseAndRejectNonsense() {
        MigrationSettings m = JobConfig.defaultsWith(Map.of("sampo.migration.protocol", "sharp",
                "sampo.migration.queue-threshold", "35", "sampo.migration.max-instances", "4")).steering().migration();
        assertEquals(MigrationProtocol.SHARP, m.protocol());
        assertEquals(35.0, m.planner().queueThreshold());
        assertEquals(4, m.planner().minInstances(), "no scale-in by default: the minimum is the maximum");
        assertEquals(1, JobConfig.defaultsWith(Map.of("sampo.migration.scale-in", "true")).steering().migration()
                .planner().minInstances());
        assertEquals("sampo.migrations", m.topic());
        assertEquals(new PairBackoff.Settings(2, 30_000, 600_000), m.backoff());
        assertEquals(new PairBackoff.Settings(3, 5_000, 60_000), JobConfig.defaultsWith(Map.of(
                "sampo.migration.backoff-after", "3", "sampo.migration.backoff", "5s", "sampo.migration.backoff-max",
                "1m")).steering().migration().backoff());
        assertTrue(!JobConfig.defaultsWith(Map.of("sampo.topic.migrations", "")).steering().migration().enabled());
        for (Map<String, String> bad : List.of(Map.of("sampo.migration.protocol", "teleport"),
                Map.of("sampo.migration.margin", "1.5"), Map.of("sampo.migration.max-instances", "0"),
                Map.of("sampo.migration.backoff-after", "0"),
                Map.of("sampo.migration.backoff", "2m", "sampo.migration.backoff-max", "1m"))) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> JobConfig.defaultsWith(bad)).getMessage()
                    .startsWith("sampo.migration"), bad.toString());
        }
    }
}
