package dev.sampo.ids;

import dev.sampo.association.Evidence;
import dev.sampo.flow.SubflowId;
import dev.sampo.wire.DirectiveRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns IDS alerts on single subflows into directives for whole sessions, and keeps each decision
 * alive for its TTL so that subflows joining the session later are covered too. A decision
 * follows subflows and the token, not the session id: the id changes when sessions merge or the
 * lowest subflow leaves, but a session holding any subflow the decision covers, or carrying its
 * token, is the same session. The one place this logic lives, for {@code ./sampo directives}
 * and the streaming service alike; thread-safe.
 *
 * <p>The confidence gate: the subflow the alert named gets what the alert asks for (the IDS saw
 * it); its siblings get {@code block} only when the session's Φ reaches the policy's minimum and,
 * if so configured, its grouping rests on more than DSN evidence; otherwise {@code alert}.
 */
public final class DirectiveBook {
    /** What the book did, for counters. */
    public static final class Stats {
        public long alerts;
        /** Alerts on a subflow no session holds (yet): the decision waits for it to be associated. */
        public long unknownFlows;
        public long directives;
        /** Directives for subflows that joined a convicted session after the alert. */
        public long joins;
        /** Sibling blocks turned into alerts by the confidence gate. */
        public long gated;
        public long expired;
        /** Decisions dropped at the cap before their TTL. */
        public long evicted;

        public String line() {
            return "alerts=" + alerts + " unknown_flows=" + unknownFlows + " directives=" + directives + " joins="
                    + joins + " gated=" + gated + " expired=" + expired + " evicted=" + evicted;
        }
    }

    private static final class Decision {
        final EveAlert alert;
        /** A repeated alert that asks for block upgrades a decision that asked for alert. */
        boolean block;
        /** Subflows known to be of the convicted session. */
        final Set<SubflowId> covered = new HashSet<>();
        /** Subflows that got their directive. */
        final Set<SubflowId> sent = new HashSet<>();
        String token;
        long expiresMicros;

        Decision(EveAlert alert, boolean block, long expiresMicros) {
            this.alert = alert;
            this.block = block;
            this.expiresMicros = expiresMicros;
        }
    }

    private final DirectivePolicy policy;
    /** Keyed by (sid, alerted subflow): a repeated alert refreshes its decision. */
    private final LinkedHashMap<String, Decision> decisions = new LinkedHashMap<>();
    private final Stats stats = new Stats();

    public DirectiveBook(DirectivePolicy policy) {
        this.policy = policy;
    }

    public synchronized Stats stats() {
        return stats;
    }

    public synchronized int liveDecisions() {
        return decisions.size();
    }

    /**
     * An alert, with the session that holds its subflow now (null if none): a directive for every
     * subflow of that session.
     */
    public synchronized List<DirectiveRecord> alert(EveAlert alert, SessionFacts session) {
        long now = alert.tsMicros();
        expire(now);
        stats.alerts++;
        String key = alert.signatureId() + "@" + alert.subflow();
        boolean block = alert.blocked() || alert.severity() <= policy.blockSeverity();
        Decision d = decisions.remove(key);
        if (d == null) {
            d = new Decision(alert, block, now + policy.ttlMicros());
        }
        d.block |= block;
        d.expiresMicros = now + policy.ttlMicros();
        d.covered.add(alert.subflow());
        decisions.put(key, d);
        while (decisions.size() > policy.maxDecisions()) {
            Iterator<Decision> oldest = decisions.values().iterator();
            oldest.next();
            oldest.remove();
            stats.evicted++;
        }
        if (session == null || !session.subflows().contains(alert.subflow())) {
            stats.unknownFlows++;
            return List.of();
        }
        List<DirectiveRecord> out = new ArrayList<>();
        for (SubflowId s : session.subflows()) {
            d.covered.add(s);
            d.sent.add(s);
            out.add(directive(d, s, session, "alert", now));
        }
        if (session.token() != null) {
            d.token = session.token();
        }
        return out;
    }

    /**
     * A session as the grouping now has it (it appeared, or its subflows changed): a directive for
     * each of its subflows that a live decision covers by sibling or token but had not yet reached.
     */
    public synchronized List<DirectiveRecord> session(SessionFacts session, long nowMicros) {
        expire(nowMicros);
        List<DirectiveRecord> out = new ArrayList<>();
        for (Decision d : decisions.values()) {
            boolean same = d.token != null && d.token.equals(session.token());
            for (SubflowId s : session.subflows()) {
                same |= d.covered.contains(s);
            }
            if (!same) {
                continue;
            }
            for (SubflowId s : session.subflows()) {
                d.covered.add(s);
                if (d.sent.add(s)) {
                    boolean named = s.equals(d.alert.subflow());
                    stats.joins += named ? 0 : 1;
                    out.add(directive(d, s, session, named ? "alert" : "join", nowMicros));
                }
            }
            if (d.token == null && session.token() != null) {
                d.token = session.token();
            }
        }
        return out;
    }

    private DirectiveRecord directive(Decision d, SubflowId subflow, SessionFacts session, String trigger, long now) {
        boolean named = subflow.equals(d.alert.subflow());
        boolean trusted = session.confidence() >= policy.minConfidence()
                && !(policy.dsnOnlyAlerts() && session.evidence() == Evidence.DSN);
        boolean block = d.block && (named || trusted);
        if (d.block && !block) {
            stats.gated++;
        }
        stats.directives++;
        EveAlert a = d.alert;
        return new DirectiveRecord(block ? DirectiveRecord.BLOCK : DirectiveRecord.ALERT, subflow, session.id(),
                session.token() != null ? session.token() : d.token, a.signatureId(),
                new DirectiveRecord.Cause(a.srcIp().toString(), a.srcPort(), a.destIp().toString(), a.destPort(),
                        a.proto()),
                session.confidence(), session.evidence(), trigger, now, d.expiresMicros);
    }

    private void expire(long now) {
        Iterator<Map.Entry<String, Decision>> it = decisions.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue().expiresMicros <= now) {
                it.remove();
                stats.expired++;
            }
        }
    }
}
