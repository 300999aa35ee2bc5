package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * A period's results wait for its closing watermark, which the source emits every
 * {@link SampoJob#WATERMARK_INTERVAL} and every exchange holds until its buffer is flushed
 * ({@link SampoJob#BUFFER_TIMEOUT}): the job sets both on every operator, and leaves a cluster's
 * own choice alone.
 */
class LatencySettingsTest {
    @Test
    void everyOperatorFlushesItsBuffersAndTheSourceItsWatermarksAtTheJobsIntervals() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamGraph graph = graph(env);
        assertFalse(graph.getStreamNodes().isEmpty());
        for (StreamNode node : graph.getStreamNodes()) {
            assertEquals(SampoJob.BUFFER_TIMEOUT.toMillis(), node.getBufferTimeout(), node.getOperatorName());
        }
        assertEquals(SampoJob.WATERMARK_INTERVAL.toMillis(), env.getConfig().getAutoWatermarkInterval());
    }

    @Test
    void aClustersOwnSettingsWin() {
        Configuration cluster = new Configuration();
        cluster.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(70));
        cluster.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(300));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        for (StreamNode node : graph(env).getStreamNodes()) {
            assertEquals(70, node.getBufferTimeout(), node.getOperatorName());
        }
        assertEquals(300, env.getConfig().getAutoWatermarkInterval());
    }

    private static StreamGraph graph(StreamExecutionEnvironment env) {
        JobConfig config = JobConfig.defaultsWith(Map.of());
        SampoJob.configure(env, config);
        SampoJob.build(SampoJob.kafkaSource(env, config), config, SampoJob.kafkaSink(config));
        return env.getStreamGraph();
    }
}
