package dev.sampo.directory;

import dev.sampo.flow.SubflowId;
import dev.sampo.wire.SubflowRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The materialized tables, bounded: one writer (the directory's poll thread) applies records in log
 * order, any thread looks up. {@code sampo.sessions} is the authority on which subflows form a
 * session, and the only source of events; {@code sampo.subflows} answers for subflows whose
 * session record is not held (yet).
 */
final class SessionIndex {
    private static final System.Logger LOG = System.getLogger(SessionIndex.class.getName());

    private final int maxSessions;
    private final int maxSubflows;
    private final Map<String, SessionView> sessions = new ConcurrentHashMap<>();
    /** Subflow → session, from the held session records. */
    private final Map<SubflowId, String> members = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<SubflowId, SubflowRecord> subflows = new ConcurrentHashMap<>();
    /** Session → its subflows, from the held {@code sampo.subflows} entries, for partial views. */
    private final Map<String, Set<SubflowId>> subflowsBySession = new ConcurrentHashMap<>();
    private final List<DirectoryListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong refusedSessions = new AtomicLong();
    private final AtomicLong refusedSubflows = new AtomicLong();
    private final AtomicLong listenerErrors = new AtomicLong();

    SessionIndex(int maxSessions, int maxSubflows) {
        this.maxSessions = maxSessions;
        this.maxSubflows = maxSubflows;
    }

    void addListener(DirectoryListener listener) {
        listeners.add(listener);
    }

    /** A {@code sampo.sessions} record: a value, or null for a tombstone. */
    void putSession(String id, SessionView session) {
        if (session == null) {
            removeSession(id);
            return;
        }
        SessionView before = sessions.get(id);
        if (before == null && sessions.size() >= maxSessions) {
            refusedSessions.incrementAndGet();
            return;
        }
        sessions.put(id, session);
        if (before != null) {
            forget(before);
        }
        for (SessionView.Member m : session.subflows()) {
            members.put(m.id(), id);
        }
        if (session.token() != null) {
            tokens.put(session.token(), id);
        }
        if (before == null) {
            fire(l -> l.created(session));
        } else if (!before.equals(session)) {
            fire(l -> l.changed(before, session));
        }
    }

    private void removeSession(String id) {
        SessionView ended = sessions.remove(id);
        if (ended == null) {
            return;
        }
        forget(ended);
        // The engine writes the surviving session before the tombstone of the one merged into it,
        // so at the tombstone a former subflow already names the survivor.
        Optional<SessionView> into = ended.subflows().stream().map(m -> members.get(m.id()))
                .filter(s -> s != null && !s.equals(id)).findFirst().map(sessions::get);
        if (into.isPresent()) {
            fire(l -> l.merged(ended, into.get()));
        } else {
            fire(l -> l.ended(ended));
        }
    }

    /** Drops the index entries that still point at {@code session}'s id (a later record may have moved them). */
    private void forget(SessionView session) {
        for (SessionView.Member m : session.subflows()) {
            members.remove(m.id(), session.id());
        }
        if (session.token() != null) {
            tokens.remove(session.token(), session.id());
        }
    }

    /** A {@code sampo.subflows} record: a value, or null for a tombstone. */
    void putSubflow(SubflowId id, SubflowRecord subflow) {
        SubflowRecord before = subflow == null ? subflows.remove(id) : subflows.get(id);
        if (subflow != null) {
            if (before == null && subflows.size() >= maxSubflows) {
                refusedSubflows.incrementAndGet();
                return;
            }
            subflows.put(id, subflow);
            subflowsBySession.computeIfAbsent(subflow.session(), s -> ConcurrentHashMap.newKeySet()).add(id);
        }
        if (before != null && (subflow == null || !before.session().equals(subflow.session()))) {
            subflowsBySession.computeIfPresent(before.session(), (s, ids) -> {
                ids.remove(id);
                return ids.isEmpty() ? null : ids;
            });
        }
    }

    Optional<SessionView> bySubflow(SubflowId id) {
        String session = members.get(id);
        SessionView held = session == null ? null : sessions.get(session);
        if (held != null) {
            return Optional.of(held);
        }
        SubflowRecord entry = subflows.get(id);
        return entry == null ? Optional.empty() : Optional.of(bySession(entry.session()).orElseGet(() -> partial(entry)));
    }

    Optional<SessionView> bySession(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    Optional<SessionView> byToken(String token) {
        String session = tokens.get(token);
        return session == null ? Optional.empty() : bySession(session);
    }

    private SessionView partial(SubflowRecord entry) {
        List<SessionView.Member> known = new ArrayList<>();
        for (SubflowId id : subflowsBySession.getOrDefault(entry.session(), Set.of())) {
            known.add(new SessionView.Member(id, 0, 0));
        }
        known.sort((x, y) -> x.id().compareTo(y.id()));
        return new SessionView(entry.session(), entry.token(), entry.confidence(), entry.evidence(), known, 0, 0, true);
    }

    /** The ids of the held sessions, a copy. */
    Set<String> sessionIds() {
        return Set.copyOf(sessions.keySet());
    }

    /** The held {@code sampo.subflows} keys, a copy. */
    Set<SubflowId> subflowIds() {
        return Set.copyOf(subflows.keySet());
    }

    int sessions() {
        return sessions.size();
    }

    int subflows() {
        return subflows.size();
    }

    long refusedSessions() {
        return refusedSessions.get();
    }

    long refusedSubflows() {
        return refusedSubflows.get();
    }

    long listenerErrors() {
        return listenerErrors.get();
    }

    private void fire(Consumer<DirectoryListener> event) {
        for (DirectoryListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                listenerErrors.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "session directory listener " + l + " failed", e);
            }
        }
    }
}
