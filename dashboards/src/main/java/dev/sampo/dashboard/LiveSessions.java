package dev.sampo.dashboard;

import dev.sampo.directory.DirectoryListener;
import dev.sampo.directory.SessionView;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sessions the page lists, kept current by the session directory's events. Bounded by the
 * directory's own cap ({@code max.sessions}): a session it refused never arrives here.
 */
final class LiveSessions implements DirectoryListener {
    private static final Comparator<SessionView> MOST_RECENT_FIRST = Comparator
            .comparingLong(SessionView::lastSeenMicros).reversed().thenComparing(SessionView::id);

    private final Map<String, SessionView> sessions = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    @Override
    public void created(SessionView session) {
        put(session);
    }

    @Override
    public void changed(SessionView before, SessionView after) {
        put(after);
    }

    @Override
    public void merged(SessionView ended, SessionView into) {
        remove(ended);
    }

    @Override
    public void ended(SessionView session) {
        remove(session);
    }

    private void put(SessionView session) {
        sessions.put(session.id(), session);
        version.incrementAndGet();
    }

    private void remove(SessionView session) {
        sessions.remove(session.id());
        version.incrementAndGet();
    }

    int size() {
        return sessions.size();
    }

    /** Grows with every change: a view built at one version need not be rebuilt until it moves. */
    long version() {
        return version.get();
    }

    SessionView get(String id) {
        return sessions.get(id);
    }

    /** The {@code limit} most recently seen sessions, most recent first: a heap, not a sort of them all. */
    List<SessionView> mostRecent(int limit) {
        PriorityQueue<SessionView> top = new PriorityQueue<>(limit + 1, MOST_RECENT_FIRST.reversed());
        for (SessionView s : sessions.values()) {
            top.add(s);
            if (top.size() > limit) {
                top.poll();
            }
        }
        return top.stream().sorted(MOST_RECENT_FIRST).toList();
    }
}
