package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    /** The sentence of OPERATIONS.md that lists the uids, each in backquotes. */
    private static final Pattern PROMISE = Pattern.compile("State is matched to operators by their `uid`s, which must "
            + "never change: ([^.]*)\\.");

    @Test
    void everyOperatorOfTheJobHasAnExplicitUidAndTheyAreTheDocumentedOnes() throws IOException {
        Set<String> uids = new TreeSet<>();
        Set<String> committed = new TreeSet<>();
        for (StreamNode node : graph(Map.of()).getStreamNodes()) {
            String uid = node.getTransformationUID();
            assertTrue(uid != null && !uid.isBlank(), "operator '" + node.getOperatorName() + "' has no uid");
            if (uid.startsWith(COMMITTER)) {
                committed.add(uid.substring(COMMITTER.length()));
            } else {
                assertTrue(uids.add(uid), "uid " + uid + " twice");
            }
        }
        assertEquals(documented(), uids, "the job's uids against " + OPERATIONS);
        assertTrue(uids.containsAll(committed), "a committer's uid " + committed + " derives from no sink's");
    }

    @Test
    void theUidsDoNotDependOnSettings() {
        Set<String> defaults = uidsOf(graph(Map.of()));
        Set<String> other = uidsOf(graph(Map.of("sampo.parallelism", "3", "sampo.buckets", "4",
                "sampo.state-backend", "rocksdb")));
        assertEquals(defaults, other);
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
