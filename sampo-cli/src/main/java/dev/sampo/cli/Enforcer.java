package dev.sampo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sampo.enforcement.FlowRule;
import dev.sampo.enforcement.Reconciliation;
import dev.sampo.enforcement.RuleBook;
import dev.sampo.enforcement.RuleSettings;
import dev.sampo.flow.SubflowId;
import dev.sampo.kafka.KafkaClientConfig;
import dev.sampo.kafka.TopicView;
import dev.sampo.wire.DirectiveRecord;
import dev.sampo.wire.SteeringRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Keeps a switch's OpenFlow rules in step with {@code sampo.steering} and {@code sampo.directives}:
 * both compacted topics are read from the start as tables, and once both have caught up (so a
 * restart acts on the whole state, never on half of it) every change, every expiry of a block and
 * every {@code resync} the rules the tables call for ({@link RuleBook}) are reconciled with the
 * rules the switch holds under the enforcer's cookie ({@link Reconciliation}).
 *
 * <p>Nothing is fatal: an unreadable record is counted and skipped; an unreachable switch or a
 * refused batch is reported and the round retried after {@code retry}; a steering record naming an
 * instance with no port is reported once, with how much of its session is steered.
 */
final class Enforcer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OvsOfctl sw;
    private final Map<String, String> portOf;
    private final RuleSettings settings;
    private final Duration resync;
    private final Duration retry;
    private final PrintWriter out;
    private final PrintWriter err;
    private final TopicView steeringView;
    private final TopicView directivesView;
    private final Map<SubflowId, SteeringRecord> steering = new HashMap<>();
    private final Map<SubflowId, DirectiveRecord> directives = new HashMap<>();
    private final Set<RuleBook.Skip> reportedSkips = new HashSet<>();
    /** The units the switch refused, with the reason last said. */
    private final Map<String, String> refusals = new HashMap<>();
    private boolean changed = true;
    private long nextExpiryMicros = Long.MAX_VALUE;
    private long nextResyncNanos;
    private long retryAtNanos;
    private String lastSwitchError;
    private final Counters counters = new Counters();

    /** The compacted topics followed. */
    record Topics(String steering, String directives) {
        static final Topics CONTRACT = new Topics(dev.sampo.wire.Topics.STEERING, dev.sampo.wire.Topics.DIRECTIVES);
    }

    /** What the enforcer did so far. */
    static final class Counters {
        volatile long records;
        volatile long malformed;
        volatile long batches;
        volatile long refused;
        volatile long rulesAdded;
        volatile long rulesDeleted;
        volatile long switchErrors;
        volatile int rulesOnSwitch;
        volatile int skipped;
    }

    /**
     * @param client the Kafka client settings (TLS, SASL) of {@code --kafka-config}
     * @param topics where the steering table and the directives are
     * @param portOf each NF instance's port on the switch (a name or a number); an instance not
     *     listed goes to the port that has its name
     */
    Enforcer(String bootstrap, KafkaClientConfig client, Topics topics, OvsOfctl sw, Map<String, String> portOf, RuleSettings settings,
             Duration resync, Duration retry, PrintWriter out, PrintWriter err) {
        this.sw = sw;
        this.portOf = Map.copyOf(portOf);
        this.settings = settings;
        this.resync = resync;
        this.retry = retry;
        this.out = out;
        this.err = err;
        this.steeringView = new TopicView(bootstrap, client, topics.steering());
        this.directivesView = new TopicView(bootstrap, client, topics.directives());
    }

    Counters counters() {
        return counters;
    }

    int steered() {
        return steering.size();
    }

    int directives() {
        return directives.size();
    }

    /** One turn: read what arrived, then reconcile if anything is due. */
    void poll(Duration wait) {
        steeringView.poll(wait.dividedBy(2), (key, value) -> update(steering, key, value, SteeringRecord::parse));
        directivesView.poll(wait.dividedBy(2), (key, value) -> update(directives, key, value, DirectiveRecord::parse));
        if (!steeringView.caughtUp() || !directivesView.caughtUp()) {
            return;
        }
        long now = System.nanoTime();
        boolean due = changed || nowMicros() >= nextExpiryMicros || now - nextResyncNanos >= 0;
        if (due && now - retryAtNanos >= 0) {
            reconcile();
        }
    }

    private <R> void update(Map<SubflowId, R> table, String key, String value, Function<String, R> parse) {
        counters.records++;
        try {
            SubflowId id = SubflowId.parse(key);
            if (value == null) {
                table.remove(id);
            } else {
                table.put(id, parse.apply(value));
            }
            changed = true;
        } catch (IllegalArgumentException e) {
            counters.malformed++;
            err.printf("sampo enforce: skipped the record of key %s: %s%n", key, e.getMessage());
        }
    }

    private void reconcile() {
        long now = nowMicros();
        try {
            Map<String, Integer> ports = ports(sw.ports());
            RuleBook.Plan plan = RuleBook.plan(steering.values(), directives.values(), ports, now, settings);
            reportSkips(plan);
            List<Reconciliation.Batch> batches = Reconciliation.diff(plan, sw.rules(settings.cookieFilter()), settings);
            int refused = apply(batches);
            counters.rulesOnSwitch = plan.units().values().stream().mapToInt(List::size).sum();
            nextExpiryMicros = plan.nextExpiryMicros();
            changed = refused > 0;
            retryAtNanos = System.nanoTime() + (refused > 0 ? retry.toNanos() : 0);
            nextResyncNanos = System.nanoTime() + resync.toNanos();
            if (lastSwitchError != null) {
                err.printf("sampo enforce: %s answers again%n", sw.target());
                lastSwitchError = null;
            }
        } catch (OvsOfctl.SwitchException e) {
            counters.switchErrors++;
            retryAtNanos = System.nanoTime() + retry.toNanos();
            if (!e.getMessage().equals(lastSwitchError)) {
                err.printf("sampo enforce: switch %s: %s; retrying every %d ms%n", sw.target(), e.getMessage(),
                        retry.toMillis());
                lastSwitchError = e.getMessage();
            }
        }
    }

    /** Every instance the steering table names, to its port number, if the switch has that port. */
    private Map<String, Integer> ports(Map<String, Integer> onSwitch) {
        Map<String, Integer> ports = new HashMap<>();
        for (SteeringRecord r : steering.values()) {
            Integer port = onSwitch.get(portOf.getOrDefault(r.instance(), r.instance()));
            if (port != null) {
                ports.put(r.instance(), port);
            }
        }
        return ports;
    }

    private void reportSkips(RuleBook.Plan plan) {
        counters.skipped = plan.skipped().size();
        reportedSkips.retainAll(plan.skipped());
        for (RuleBook.Skip s : plan.skipped()) {
            if (reportedSkips.add(s)) {
                long ofUnit = plan.skipped().stream().filter(o -> o.unit().equals(s.unit())).count();
                err.printf("sampo enforce: %s: subflow %s not steered: %s (port %s); %d of the session's %d subflows "
                                + "are steered%n", s.unit(), s.subflow(), s.reason(),
                        portOf.getOrDefault(s.instance(), s.instance()), plan.subflows(s.unit()),
                        plan.subflows(s.unit()) + ofUnit);
            }
        }
    }

    /**
     * All batches in one bundle (a restart or a burst applies at the switch's pace, not a process
     * per session); if the switch refuses it, nothing of it was applied, and each batch is tried
     * alone so one bad unit does not hold back the others.
     *
     * @return how many batches the switch refused
     */
    private int apply(List<Reconciliation.Batch> batches) throws OvsOfctl.SwitchException {
        if (batches.isEmpty()) {
            return 0;
        }
        try {
            sw.apply(batches.stream().flatMap(b -> b.lines().stream()).toList());
            batches.forEach(this::applied);
            return 0;
        } catch (OvsOfctl.SwitchException e) {
            if (batches.size() == 1) {
                refused(batches.get(0), e);
                return 1;
            }
        }
        int refused = 0;
        for (Reconciliation.Batch b : batches) {
            try {
                sw.apply(b.lines());
                applied(b);
            } catch (OvsOfctl.SwitchException e) {
                refused(b, e);
                refused++;
            }
        }
        return refused;
    }

    private void applied(Reconciliation.Batch b) {
        if (refusals.remove(b.unit()) != null) {
            err.printf("sampo enforce: %s applied after all%n", b.unit());
        }
        counters.batches++;
        counters.rulesAdded += b.added().size();
        counters.rulesDeleted += b.deleted().size();
        ObjectNode line = JSON.createObjectNode().put("at_us", nowMicros()).put("unit", b.unit())
                .put("added", b.added().size()).put("deleted", b.deleted().size());
        b.added().stream().map(FlowRule::match).forEach(line.putArray("matches")::add);
        out.println(line);
        out.flush();
    }

    /** Says why a unit was refused, once while the switch keeps refusing it for the same reason. */
    private void refused(Reconciliation.Batch b, OvsOfctl.SwitchException e) {
        counters.refused++;
        if (!e.getMessage().equals(refusals.put(b.unit(), e.getMessage()))) {
            err.printf("sampo enforce: %s refused by the switch, none of its %d changes applied: %s; retrying every %d ms%n",
                    b.unit(), b.lines().size(), e.getMessage(), retry.toMillis());
        }
    }

    private static long nowMicros() {
        return System.currentTimeMillis() * 1000;
    }

    @Override
    public void close() {
        steeringView.close();
        directivesView.close();
    }
}
