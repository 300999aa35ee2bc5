package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * A savepoint's state finds its operators by their {@code uid}: every operator of the job must
 * carry one of its own, never one Flink derives from the graph's shape (which changes with any
 * edit of the job), and the uids are those docs/OPERATIONS.md promises operators never change. A
 * Kafka sink's committer is the one operator whose uid Flink derives, from its sink's.
 */
class OperatorUidTest {
    /** How Flink names a sink committer's uid after its sink's (SinkTransformationTranslator). */
    private static final String COMMITTER = "Sink Committer: ";
    private static final Path OPERATIONS = Path.of("..", "docs", "OPERATIONS.md");
    /** The IDS stage's operators, there only with {@code sampo.ids.rules} set, are named with this prefix. */
    private static final String IDS_PREFIX = "ids-";
    private static final Map<String, String> WITH_IDS = Map.of("sampo.ids.rules",
            Path.of("..", "samples", "ids-split.rules").toString());
    /** The sentence of OPERATIONS.md that lists the uids, each in backquotes. */
    private static final Pattern PROMISE = Pattern.compile("State is matched to operators by their `uid`s, which must "
            + "never change: ([^.]*)\\.");

    @Test
    void everyOperatorOfTheJobHasAnExplicitUidAndTheyAreTheDocumentedOnes() throws IOException {
        assertEquals(documented(), uidsChecked(graph(WITH_IDS)), "the job's uids, IDS stage on, against " + OPERATIONS);
        Set<String> withoutIds = new TreeSet<>(documented());
        withoutIds.removeIf(uid -> uid.startsWith(IDS_PREFIX));
        assertEquals(withoutIds, uidsChecked(graph(Map.of())), "the job's uids, IDS stage off, against " + OPERATIONS);
    }

    /** The graph's uids, after checking each operator has one of its own and each committer's comes from a sink. */
    private static Set<String> uidsChecked(StreamGraph graph) {
        Set<String> uids = new TreeSet<>();
        Set<String> committed = new TreeSet<>();
        for (StreamNode node : graph.getStreamNodes()) {
            String uid = node.getTransformationUID();
            assertTrue(uid != null && !uid.isBlank(), "operator '" + node.getOperatorName() + "' has no uid");
            if (uid.startsWith(COMMITTER)) {
                committed.add(uid.substring(COMMITTER.length()));
            } else {
                assertTrue(uids.add(uid), "uid " + uid + " twice");
            }
        }
        assertTrue(uids.containsAll(committed), "a committer's uid " + committed + " derives from no sink's");
        return uids;
    }

    @Test
    void theUidsDoNotDependOnSettings() {
        Set<String> defaults = uidsOf(graph(Map.of()));
        Set<String> other = uidsOf(graph(Map.of("sampo.parallelism", "3", "sampo.buckets", "4",
                "sampo.state-backend", "rocksdb")));
        assertEquals(defaults, other);
        Map<String, String> idsOther = new HashMap<>(WITH_IDS);
        idsOther.put("sampo.ids.window", "4096");
        idsOther.put("sampo.parallelism", "3");
        assertEquals(uidsOf(graph(WITH_IDS)), uidsOf(graph(idsOther)));
    }

    private static StreamGraph graph(Map<String, String> settings) {
        JobConfig config = JobConfig.defaultsWith(settings);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SampoJob.configure(env, config);
        SampoJob.build(SampoJob.kafkaSource(env, config), config, SampoJob.kafkaSink(config));
        return env.getStreamGraph();
    }

    private static Set<String> uidsOf(StreamGraph graph) {
        return graph.getStreamNodes().stream().map(StreamNode::getTransformationUID).collect(Collectors.toSet());
    }

    private static Set<String> documented() throws IOException {
        Matcher m = PROMISE.matcher(Files.readString(OPERATIONS).replaceAll("\\s+", " "));
        assertTrue(m.find(), OPERATIONS + " no longer lists the uids");
        Set<String> uids = new TreeSet<>();
        Matcher quoted = Pattern.compile("`([^`]+)`").matcher(m.group(1));
        while (quoted.find()) {
            uids.add(quoted.group(1));
        }
        return uids;
    }
}
