package dev.sampo.association;

import java.util.Arrays;

/**
 * A live subflow as {@link AssociationEngine} keeps it from one period to the next: its evidence,
 * its session, and its standing decisions as {@link Link}s shared with the partner, so that a
 * period walks from a subflow to its partners and its session by reference, and a decision is
 * dropped from both ends in O(1). It is also its own slot under the {@link SubflowCap} and carries
 * its place in the {@link ExpiryQueue}: the engine hashes a subflow id once per packet, in its one
 * map of live subflows, and reaches everything else from there (at a million live subflows a probe
 * by id is mostly cache misses: the table, its node, the id and its two addresses). Not
 * thread-safe.
 */
final class LiveSubflow extends SubflowCap.Slot {
    /** A candidate pair's standing decision, held by both subflows at the given places in their links. */
    static final class Link {
        /** The subflow with the lower id, the decision's {@code a}. */
        final LiveSubflow low;
        final LiveSubflow high;
        /** The pair's decision, renewed in place while the pair stays a candidate. */
        PairDecision decision;
        /** The last period (a count) that decided the pair. */
        int renewedIn;
        private int lowSlot;
        private int highSlot;

        private Link(LiveSubflow low, LiveSubflow high, PairDecision decision) {
            this.low = low;
            this.high = high;
            this.decision = decision;
        }

        LiveSubflow other(LiveSubflow s) {
            return s == low ? high : low;
        }

        boolean same() {
            return decision.verdict() == PairDecision.Verdict.SAME;
        }
    }

    /** A session as of the last period, with its subflows by id. */
    static final class Group {
        final Session session;
        final LiveSubflow[] members;
        /** The last period (a count) that regrouped it. */
        int regroupIn;

        Group(Session session, LiveSubflow[] members) {
            this.session = session;
            this.members = members;
        }
    }

    private static final Link[] NONE = {};

    /** Its evidence; null once it has left. */
    SubflowEvidence evidence;
    /** Whether its evidence changed in the period being closed (it is on the engine's list of changed subflows). */
    boolean changed;
    /** When it is next due for retention, and its entry in the {@link ExpiryQueue} (null while it has none). */
    long dueAt;
    ExpiryQueue.Due queuedDue;
    /** Its session as of the last period; null before its first association. */
    Group group;
    /** The last period (a count) in which its evidence changed, it was to be regrouped, it was grouped. */
    int changedIn;
    int regroupIn;
    int groupedIn;
    private Link[] links = NONE;
    private int degree;
    /** Its tracks unpacked for judging ({@link PairJudge#unpacked}) while a period judges, else null. */
    UnpackedTrack[] unpacked;

    LiveSubflow(SubflowEvidence evidence) {
        this.evidence = evidence;
    }

    int degree() {
        return degree;
    }

    Link link(int k) {
        return links[k];
    }

    /** Records a decision on two subflows that have none standing, {@code low} being its {@code a}. */
    static Link link(LiveSubflow low, LiveSubflow high, PairDecision decision) {
        Link l = new Link(low, high, decision);
        l.lowSlot = low.append(l);
        l.highSlot = high.append(l);
        return l;
    }

    /** The standing decision on this subflow and {@code other}, or null: a scan of the one with fewer (a few). */
    Link linkTo(LiveSubflow other) {
        LiveSubflow from = degree <= other.degree ? this : other;
        LiveSubflow to = from == this ? other : this;
        for (int k = 0; k < from.degree; k++) {
            if (from.links[k].other(from) == to) {
                return from.links[k];
            }
        }
        return null;
    }

    /** Drops a standing decision from both of its subflows. */
    static void unlink(Link l) {
        l.low.removeAt(l.lowSlot);
        l.high.removeAt(l.highSlot);
    }

    private int append(Link l) {
        if (degree == links.length) {
            links = Arrays.copyOf(links, Math.max(4, 2 * degree));
        }
        links[degree] = l;
        return degree++;
    }

    /** Removes the link at {@code slot}, moving the last one into its place. */
    private void removeAt(int slot) {
        Link last = links[--degree];
        links[degree] = null;
        if (slot != degree) {
            links[slot] = last;
            if (last.low == this) {
                last.lowSlot = slot;
            } else {
                last.highSlot = slot;
            }
        }
        if (degree == 0) {
            links = NONE;
        }
    }
}
