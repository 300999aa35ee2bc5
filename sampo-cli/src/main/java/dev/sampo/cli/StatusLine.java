package dev.sampo.cli;

import dev.sampo.kafka.KafkaClientConfig;
import dev.sampo.kafka.TopicView;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What {@code up} is doing, one line every few seconds on stderr, and the totals when it stops:
 * records/s into the association (the job's REST API), live subflows and sessions (the
 * {@code sampo.subflows} and {@code sampo.sessions} tables as a client reads them), consumer lag
 * (Kafka's end offsets against the job's committed ones, which move at checkpoints) and the last
 * checkpoint. It reads only what an operator could.
 */
final class StatusLine implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** How long one catch-up poll of a table waits; a table is read until a poll brings nothing. */
    private static final Duration TABLE_POLL = Duration.ofMillis(50);

    /** @param lag records in the input topic beyond the job's committed offsets */
    record Snapshot(long recordsIn, int liveSubflows, int sessions, long lag, JobMetrics.Checkpoints checkpoints,
                    long atNanos) {
    }

    private final JobMetrics job;
    private final String topic;
    private final String group;
    private final Admin admin;
    private final TopicView subflows;
    private final TopicView sessions;
    private final PrintWriter err;
    private final ScheduledExecutorService timer;
    private final long startNanos = System.nanoTime();
    private Snapshot last;

    /**
     * @param topic the job's input topic
     * @param group the job's consumer group
     */
    StatusLine(JobMetrics job, String bootstrap, KafkaClientConfig client, String topic, String group, String subflowsTopic,
               String sessionsTopic, PrintWriter err) {
        this.job = job;
        this.topic = topic;
        this.group = group;
        this.admin = Admin.create(client.with(bootstrap, Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis())));
        this.subflows = new TopicView(bootstrap, client, subflowsTopic);
        this.sessions = new TopicView(bootstrap, client, sessionsTopic);
        this.err = err;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sampo-status");
            t.setDaemon(true);
            return t;
        });
    }

    /** Prints a line every {@code every}, beginning one period from now. */
    StatusLine printEvery(Duration every) {
        timer.scheduleAtFixedRate(this::tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private synchronized void tick() {
        try {
            Snapshot now = read();
            err.println(line(last, now));
            last = now;
        } catch (Exception e) {
            // The job restarting or the broker busy: this line is skipped, the next one may work.
            err.println("sampo: status unavailable: " + ErrorReport.reason(e));
        }
        err.flush();
    }

    static String line(Snapshot before, Snapshot now) {
        String rate = before == null ? "-" : String.format("%,.0f",
                (now.recordsIn() - before.recordsIn()) / ((now.atNanos() - before.atNanos()) / 1e9));
        return String.format("sampo: %s records/s in, %,d in all; %,d live subflows, %,d sessions; lag %,d; %s",
                rate, now.recordsIn(), now.liveSubflows(), now.sessions(), now.lag(), checkpoint(now.checkpoints()));
    }

    private static String checkpoint(JobMetrics.Checkpoints c) {
        if (c.completed() == 0) {
            return "no checkpoint yet";
        }
        long ago = Math.max(0, System.currentTimeMillis() - c.lastMillis()) / 1000;
        return "checkpoint " + c.completed() + " " + ago + " s ago";
    }

    private Snapshot read() throws Exception {
        long recordsIn = job.recordsIn();
        return new Snapshot(recordsIn, caughtUp(subflows).table().size(), caughtUp(sessions).table().size(), lag(),
                job.checkpoints(), System.nanoTime());
    }

    private static TopicView caughtUp(TopicView table) {
        while (table.poll(TABLE_POLL) > 0) {
            // reading on: the table is current once a poll brings nothing new
        }
        return table;
    }

    private long lag() throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long lag = 0;
        for (TopicPartition p : partitions) {
            OffsetAndMetadata c = committed.get(p);
            lag += ends.get(p).offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    /** Stops the line and prints the totals, read once more while the job still runs. */
    synchronized void printTotals() {
        timer.shutdownNow();
        try {
            Snapshot s = read();
            err.printf("sampo: totals: %,d records in over %.0f s, %,d live subflows and %,d sessions at the end,"
                    + " %d checkpoints%n", s.recordsIn(), (s.atNanos() - startNanos) / 1e9, s.liveSubflows(),
                    s.sessions(), s.checkpoints().completed());
        } catch (Exception e) {
            err.println("sampo: totals unavailable: " + ErrorReport.reason(e));
        }
        err.flush();
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        subflows.close();
        sessions.close();
        admin.close(Duration.ofSeconds(1));
    }
}
