package dev.sampo.association;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Grouping told only each period's changes (summaries of the subflows that changed or left, and
 * the decisions renewed for them) keeps the very sessions one grouping of all live subflows over
 * all decisions gives, period after period: over random samplings of the lab capture, with a
 * random period, a short horizon and idle timeout, so that boxes expire and subflows leave.
 */
class IncrementalGroupingTest {
    @Test
    void theSessionsTableEqualsGroupingFromScratchEveryPeriod() throws Exception {
        SplittableRandom random = new SplittableRandom(14);
        int periodsCompared = 0;
        boolean merged = false;
        boolean left = false;
        for (int run = 0; run < 4; run++) {
            AssociationConfig config = AssociationConfig.builder()
                    .period(Duration.ofMillis(200 + random.nextInt(1_500)))
                    .horizon(Duration.ofSeconds(2 + random.nextInt(4)))
                    .idleTimeout(Duration.ofSeconds(1 + random.nextInt(3)))
                    .useTokens(random.nextBoolean())
                    .build();
            List<PacketRecord> packets = Captures.read(Captures.bundledSample(),
                    "random:" + (1 + random.nextInt(6)) + ":" + random.nextLong());
            EvidenceCollector collector = new EvidenceCollector(config);
            Associator associator = new Associator(config);
            IncrementalGrouping grouping = new IncrementalGrouping();
            Map<SubflowId, SubflowEvidence> live = new HashMap<>();
            Map<String, Session> table = new HashMap<>();
            long period = config.periodMicros();
            int i = 0;
            for (long boundary = (packets.get(0).tsMicros() / period + 1) * period; i < packets.size()
                    || !live.isEmpty(); boundary += period) {
                Set<SubflowId> changed = new HashSet<>();
                for (; i < packets.size() && packets.get(i).tsMicros() < boundary; i++) {
                    PacketRecord p = packets.get(i);
                    SubflowId id = SubflowId.of(p.src(), p.sport(), p.dst(), p.dport());
                    SubflowEvidence s = collector.apply(p, id, live.get(id));
                    if (s != null) {
                        live.put(id, s);
                        changed.add(id);
                    }
                }
                List<SubflowId> removed = new ArrayList<>();
                for (SubflowEvidence s : List.copyOf(live.values())) {
                    EvidenceCollector.Retention r = collector.retention(s, boundary);
                    if (r == EvidenceCollector.Retention.TIMED_OUT) {
                        live.remove(s.id);
                        changed.remove(s.id);
                        removed.add(s.id);
                    } else if (r == EvidenceCollector.Retention.EXPIRED) {
                        changed.add(s.id);
                    }
                }
                List<PairDecision> all = associator.decide(List.copyOf(live.values()));
                List<PairDecision> renewed = all.stream()
                        .filter(d -> changed.contains(d.a()) || changed.contains(d.b())).toList();
                List<SubflowSummary> summaries = changed.stream().map(id -> SubflowSummary.of(live.get(id))).toList();
                IncrementalGrouping.Change change = grouping.period(summaries, removed, renewed);
                change.ended().forEach(s -> table.remove(s.id()));
                change.sessions().forEach(s -> table.put(s.id(), s));

                List<Session> scratch = associator.group(boundary, List.copyOf(live.values()), all).sessions();
                assertEquals(Set.copyOf(scratch), Set.copyOf(table.values()), "run " + run + " at " + boundary);
                assertEquals(Set.copyOf(all), Set.copyOf(grouping.decisions()), "run " + run + " at " + boundary);
                periodsCompared++;
                merged |= scratch.stream().anyMatch(s -> s.subflows().size() > 1);
                left |= !removed.isEmpty();
            }
        }
        assertTrue(periodsCompared > 20 && merged && left, "too simple a stream to show anything");
    }

    /**
     * Thousands of subflows come and go over many periods, on ids whose hash codes crowd together
     * (addresses and ports counting up): every live one is found again when its decisions are
     * renewed and is held once, and none that left is.
     */
    @Test
    void holdsEverySubflowThatCameAndNoneThatLeft() {
        SplittableRandom random = new SplittableRandom(7);
        IncrementalGrouping grouping = new IncrementalGrouping();
        List<SubflowId> live = new ArrayList<>();
        for (int period = 0; period < 200; period++) {
            List<SubflowSummary> changed = new ArrayList<>();
            List<SubflowId> removed = new ArrayList<>();
            for (int k = 0; k < 60; k++) {
                int host = random.nextInt(4_000);
                SubflowId id = SubflowId.of(IpAddress.ofV4(0x0A00_0000 + host), 1_000 + host % 64, IpAddress.ofV4(0x0A01_0001), 80);
                if (live.contains(id) && random.nextBoolean()) {
                    if (!removed.contains(id) && changed.stream().noneMatch(s -> s.id().equals(id))) {
                        removed.add(id);
                        live.remove(id);
                    }
                } else if (!removed.contains(id) && changed.stream().noneMatch(s -> s.id().equals(id))) {
                    changed.add(new SubflowSummary(id, new long[0], -1, 1, 1, period, period));
                    if (!live.contains(id)) {
                        live.add(id);
                    }
                }
            }
            List<PairDecision> renewed = new ArrayList<>();
            for (SubflowSummary s : changed) {
                SubflowId other = live.get(random.nextInt(live.size()));
                if (!other.equals(s.id()) && changed.stream().noneMatch(c -> c.id().equals(other))) {
                    SubflowId a = s.id().compareTo(other) < 0 ? s.id() : other;
                    renewed.add(new PairDecision(a, a == s.id() ? other : s.id(), PairDecision.Verdict.DISTINCT, 0.1, 0.9,
                            Evidence.DSN, 64, false));
                }
            }
            grouping.period(changed, removed, renewed);
            assertEquals(live.size(), grouping.size(), "at period " + period);
            assertEquals(Set.copyOf(live), grouping.subflows().stream().map(SubflowSummary::id)
                    .collect(java.util.stream.Collectors.toSet()), "at period " + period);
        }
    }

    /**
     * Random streams of changes and decisions, with what captures rarely show: tokens shared by
     * several subflows (and named twice by one), SAME links of tied Φ, pairs renewed twice in a
     * period, subflows that leave and come back, IPv6 ids: every period's sessions and standing
     * decisions are those of {@link Grouper} over all live subflows and decisions.
     */
    @Test
    void randomStreamsGroupAsFromScratch() {
        SplittableRandom random = new SplittableRandom(41);
        List<SubflowId> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            // IPv6 on both sides of the sign bit: ids order their addresses unsigned.
            long prefix = i % 2 == 0 ? 0x2001_0db8_0000_0000L : 0xfe80_0000_0000_0000L;
            IpAddress a = i % 3 == 0 ? new IpAddress(prefix, i) : IpAddress.ofV4(0x0A00_0000 + i);
            IpAddress b = i % 3 == 0 ? new IpAddress(prefix, 1_000) : IpAddress.ofV4(0x0A01_0001);
            ids.add(SubflowId.of(a, 1_000 + random.nextInt(60_000), b, 443));
        }
        double[] phis = {0.55, 0.7, 0.7, 0.9, 1.0};
        PairDecision.Verdict[] verdicts = PairDecision.Verdict.values();
        int sessionsSeen = 0;
        for (int run = 0; run < 30; run++) {
            IncrementalGrouping grouping = new IncrementalGrouping();
            Map<SubflowId, SubflowSummary> live = new HashMap<>();
            Map<List<SubflowId>, PairDecision> standing = new HashMap<>();
            Map<String, Session> table = new HashMap<>();
            for (int period = 0; period < 40; period++) {
                Map<SubflowId, SubflowSummary> changed = new HashMap<>();
                List<SubflowId> removed = new ArrayList<>();
                for (int k = random.nextInt(12); k > 0; k--) {
                    SubflowId id = ids.get(random.nextInt(ids.size()));
                    if (live.containsKey(id) && !changed.containsKey(id) && random.nextInt(4) == 0) {
                        if (!removed.contains(id)) {
                            removed.add(id);
                        }
                    } else if (!removed.contains(id)) {
                        long[] tokens = new long[random.nextInt(4) == 0 ? 0 : random.nextInt(3)];
                        for (int t = 0; t < tokens.length; t++) {
                            tokens[t] = random.nextInt(20);
                        }
                        if (live.containsKey(id) && random.nextBoolean()) { // most changes keep the subflow's tokens
                            tokens = live.get(id).tokens().clone();
                        }
                        changed.put(id, new SubflowSummary(id, tokens, random.nextInt(3) == 0 ? -1 : random.nextInt(5),
                                random.nextInt(100), random.nextInt(10_000), random.nextInt(10), 10 + period));
                    }
                }
                removed.forEach(live::remove);
                live.putAll(changed);
                List<PairDecision> renewed = new ArrayList<>();
                // Most renewals decide as before (a session whose links all stand is its subflows again), some not at all.
                for (PairDecision d : List.copyOf(standing.values())) {
                    boolean touched = changed.containsKey(d.a()) || changed.containsKey(d.b());
                    if (touched && !removed.contains(d.a()) && !removed.contains(d.b()) && random.nextInt(5) > 0) {
                        renewed.add(new PairDecision(d.a(), d.b(), d.verdict(), d.phi(), d.phiDistinct(), d.evidence(),
                                d.dsnBits(), d.crossed()));
                    }
                }
                standing.keySet().removeIf(p -> changed.containsKey(p.get(0)) || changed.containsKey(p.get(1))
                        || removed.contains(p.get(0)) || removed.contains(p.get(1)));
                renewed.forEach(d -> standing.put(List.of(d.a(), d.b()), d));
                List<SubflowId> liveIds = new ArrayList<>(live.keySet());
                for (SubflowId c : changed.keySet()) {
                    for (int k = random.nextInt(3); k > 0; k--) {
                        SubflowId other = liveIds.get(random.nextInt(liveIds.size()));
                        if (other.equals(c)) {
                            continue;
                        }
                        SubflowId a = c.compareTo(other) < 0 ? c : other;
                        SubflowId b = a == c ? other : c;
                        double phi = phis[random.nextInt(phis.length)];
                        PairDecision d = new PairDecision(a, b, verdicts[random.nextInt(verdicts.length)], phi, 1 - phi,
                                Evidence.DSN, 64, false);
                        renewed.add(d);
                        standing.put(List.of(a, b), d); // renewed twice in a period: the last stands
                    }
                }
                IncrementalGrouping.Change change = grouping.period(List.copyOf(changed.values()), removed, renewed);
                // What a period says was before is what the table held: the sessions ended, and each subflow's.
                Map<SubflowId, Session> sessionOf = new HashMap<>();
                table.values().forEach(s -> s.subflows().forEach(m -> sessionOf.put(m.id(), s)));
                for (Session s : change.ended()) {
                    assertEquals(table.get(s.id()), s, "run " + run + " period " + period);
                }
                for (int i = 0; i < change.sessions().size(); i++) {
                    List<Session.Member> members = change.sessions().get(i).subflows();
                    for (int k = 0; k < members.size(); k++) {
                        assertEquals(sessionOf.get(members.get(k).id()), change.before().get(i).get(k));
                    }
                }
                change.ended().forEach(s -> table.remove(s.id()));
                change.sessions().forEach(s -> table.put(s.id(), s));

                List<SubflowSummary> all = new ArrayList<>(live.values());
                Map<SubflowId, Integer> index = new HashMap<>();
                for (int i = 0; i < all.size(); i++) {
                    index.put(all.get(i).id(), i);
                }
                List<Session> scratch = Grouper.sessions(all, List.copyOf(standing.values()), index);
                assertEquals(Set.copyOf(scratch), Set.copyOf(table.values()), "run " + run + " period " + period);
                assertEquals(Set.copyOf(standing.values()), Set.copyOf(grouping.decisions()), "run " + run + " period " + period);
                sessionsSeen += scratch.size();
            }
        }
        assertTrue(sessionsSeen > 1_000, "too simple a stream to show anything");
    }

    /** A subflow told twice in one period, new or not, is one subflow: its last summary counts. */
    @Test
    void aSubflowToldTwiceInAPeriodIsOne() {
        SubflowId a = SubflowId.parse("10.0.0.1:1000-10.1.0.1:443");
        SubflowId b = SubflowId.parse("10.0.0.2:1000-10.1.0.1:443");
        IncrementalGrouping grouping = new IncrementalGrouping();
        grouping.period(List.of(new SubflowSummary(a, new long[0], -1, 1, 1, 0, 0),
                new SubflowSummary(a, new long[] {7}, -1, 2, 2, 0, 1)), List.of(), List.of());
        IncrementalGrouping.Change change = grouping.period(List.of(new SubflowSummary(b, new long[] {7}, -1, 1, 1, 0, 2),
                new SubflowSummary(b, new long[] {7}, -1, 3, 3, 0, 2), new SubflowSummary(a, new long[] {7}, -1, 4, 4, 0, 2),
                new SubflowSummary(a, new long[] {7}, -1, 5, 5, 0, 2)), List.of(), List.of());
        assertEquals(2, grouping.size());
        assertEquals(1, change.sessions().size());
        assertEquals(List.of(new Session.Member(a, 5, 5), new Session.Member(b, 3, 3)), change.sessions().get(0).subflows());
    }
}
