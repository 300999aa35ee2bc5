package dev.sampo.nf;

import dev.sampo.directory.DirectoryConfig;
import dev.sampo.directory.DirectoryListener;
import dev.sampo.directory.SessionDirectory;
import dev.sampo.directory.SessionView;
import dev.sampo.ids.DirectiveBook;
import dev.sampo.ids.DirectivePolicy;
import dev.sampo.ids.EveAlert;
import dev.sampo.ids.SessionFacts;
import dev.sampo.wire.DirectiveRecord;
import dev.sampo.wire.HeaderNames;
import dev.sampo.wire.Schemas;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The streaming twin of {@code ./sampo directives}: Suricata EVE alerts from {@code ids.alerts}
 * become {@code sampo.directives} for every subflow of the alerted session, with the session
 * directory as the grouping (a Kafka-clients service rather than a Flink operator: the directory
 * already holds the job's groupings, table and changes, so the join needs no state of its own
 * beyond the live decisions, which sampo-core's {@link DirectiveBook} keeps). Directory changes
 * (a session created, grown, merged) reach the live decisions on the directory's thread; alerts are
 * read by {@link #poll} on the caller's.
 *
 * <p>Time is the traffic's: an alert's EVE timestamp, and for a session change the session's last
 * packet time (wall clock when the directory has none), so that a decision's TTL means the same
 * live and on a replay.
 */
public final class DirectiveService implements AutoCloseable {
    /**
     * @param records alert-topic records read
     * @param otherEvents valid EVE records of another event type
     * @param malformed records that are not EVE alerts, each reported with its reason
     * @param sent directives written
     */
    public record Counters(long records, long otherEvents, long malformed, long sent) {
    }

    private final SessionDirectory directory;
    private final DirectiveBook book;
    private final KafkaConsumer<String, String> alerts;
    private final KafkaProducer<String, String> producer;
    private final String directivesTopic;
    private final PrintWriter log;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong other = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    /**
     * Starts the directory at once; alerts are read by {@link #poll}.
     *
     * @param kafka the Kafka client settings of the alerts consumer and the directives producer:
     *     {@code bootstrap.servers}, and any others (TLS, SASL)
     * @param fromBeginning read the alerts topic from its start rather than from now on
     * @param log where malformed alerts are reported
     */
    public DirectiveService(DirectoryConfig directoryConfig, Map<String, ?> kafka, String alertsTopic,
                            String directivesTopic, boolean fromBeginning, DirectivePolicy policy, PrintWriter log) {
        this.book = new DirectiveBook(policy);
        this.directivesTopic = directivesTopic;
        this.log = log;
        Map<String, Object> producerSettings = new HashMap<>(kafka);
        producerSettings.put(ProducerConfig.CLIENT_ID_CONFIG, "sampo-directives");
        this.producer = new KafkaProducer<>(producerSettings, new StringSerializer(), new StringSerializer());
        Map<String, Object> consumerSettings = new HashMap<>(kafka);
        consumerSettings.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "sampo-directives",
                ConsumerConfig.CLIENT_ID_CONFIG, "sampo-directives",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest"));
        this.alerts = new KafkaConsumer<>(consumerSettings, new StringDeserializer(), new StringDeserializer());
        alerts.subscribe(List.of(alertsTopic));
        this.directory = new SessionDirectory(directoryConfig);
        directory.addListener(new DirectoryListener() {
            @Override
            public void created(SessionView session) {
                regrouped(session);
            }

            @Override
            public void changed(SessionView before, SessionView after) {
                regrouped(after);
            }

            @Override
            public void merged(SessionView ended, SessionView into) {
                regrouped(into);
            }
        });
        directory.start();
    }

    public SessionDirectory directory() {
        return directory;
    }

    public DirectiveBook.Stats decisions() {
        return book.stats();
    }

    public Counters counters() {
        return new Counters(records.get(), other.get(), malformed.get(), sent.get());
    }

    /** Reads the alerts there are, waiting up to {@code timeout}, and writes their directives. */
    public void poll(Duration timeout) {
        for (ConsumerRecord<String, String> r : alerts.poll(timeout)) {
            records.incrementAndGet();
            EveAlert alert;
            try {
                alert = EveAlert.parse(r.value() == null ? "" : r.value());
            } catch (IllegalArgumentException e) {
                malformed.incrementAndGet();
                log.printf("sampo directives: %s-%d@%d: %s (skipped)%n", r.topic(), r.partition(), r.offset(),
                        e.getMessage());
                continue;
            }
            if (alert == null) {
                other.incrementAndGet();
                continue;
            }
            SessionFacts session = directory.lookup(alert.subflow()).map(DirectiveService::facts).orElse(null);
            send(book.alert(alert, session));
        }
    }

    private void regrouped(SessionView session) {
        long now = session.lastSeenMicros() > 0 ? session.lastSeenMicros() : System.currentTimeMillis() * 1000;
        send(book.session(facts(session), now));
    }

    private static SessionFacts facts(SessionView v) {
        return new SessionFacts(v.id(), v.token(), v.subflows().stream().map(SessionView.Member::id).toList(),
                v.confidence(), v.evidence());
    }

    private void send(List<DirectiveRecord> directives) {
        for (DirectiveRecord d : directives) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(HeaderNames.SCHEMA, Schemas.DIRECTIVE_V1.getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(directivesTopic, null, d.subflow().toString(), d.toJson(), headers));
            sent.incrementAndGet();
        }
        producer.flush();
    }

    @Override
    public void close() {
        alerts.close();
        directory.close();
        producer.close();
    }
}
