package dev.sampo.dashboard;

import dev.sampo.wire.AgentRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ingest agents' latest health from {@code sampo.agents}: one {@link AgentRecord} per agent id.
 * At most {@code maxAgents} are held, so a flood of ids cannot grow memory; records of agents
 * beyond them are counted ({@link #overflow}), as are values that are not {@code agent.v1}
 * ({@link #malformed}). A tombstone forgets its agent.
 */
final class IngestAgents {
    private final int maxAgents;
    private final Map<String, AgentRecord> agents = new ConcurrentHashMap<>();
    private final AtomicLong overflow = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();

    IngestAgents(int maxAgents) {
        this.maxAgents = maxAgents;
    }

    /** One record of the topic, as its key and value bytes. */
    void add(byte[] key, byte[] value) {
        if (value == null) {
            if (key != null) {
                agents.remove(new String(key, StandardCharsets.UTF_8));
            }
            return;
        }
        AgentRecord r;
        try {
            r = AgentRecord.parse(new String(value, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            malformed.incrementAndGet();
            return;
        }
        if (agents.containsKey(r.agent()) || agents.size() < maxAgents) {
            agents.put(r.agent(), r);
        } else {
            overflow.incrementAndGet();
        }
    }

    /** The agents held, by id. */
    List<AgentRecord> snapshot() {
        List<AgentRecord> out = new ArrayList<>(agents.values());
        out.sort(Comparator.comparing(AgentRecord::agent));
        return out;
    }

    /** Frames the capture agents lost before reading them (kernel and interface drops), or null without one. */
    Long captureDrops() {
        Long sum = null;
        for (AgentRecord r : agents.values()) {
            if (r.capture() != null) {
                sum = (sum == null ? 0 : sum) + r.capture().drops();
            }
        }
        return sum;
    }

    long overflow() {
        return overflow.get();
    }

    long malformed() {
        return malformed.get();
    }
}
