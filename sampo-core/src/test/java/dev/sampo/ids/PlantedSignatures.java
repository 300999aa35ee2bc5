package dev.sampo.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sampo.eval.Truth;
import dev.sampo.flow.SubflowId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks {@code ./sampo ids} output against what the lab planted ({@code logs/content.json} of a
 * run with {@code --plant}; rule sid = base + the signature's index): every planted occurrence is
 * found once, in the stream of its own job, at its own offset (the DSN distances between
 * matches equal the offsets' distances), and only the subflows of its session are named. Shared
 * by the bundled-capture test and the lab's end-to-end test in sampo-cli (sampo-core's test-jar).
 */
public final class PlantedSignatures {
    /** One job's alerts, in stream order, and the session and direction they were found in. */
    public record Found(int job, boolean mptcp, String session, String direction, List<IdsAlert> alerts) {
    }

    private PlantedSignatures() {
    }

    /** Asserts the session-mode alerts and returns them by job. */
    public static List<Found> check(Path contentJson, long sidBase, Truth truth, List<IdsAlert> alerts)
            throws IOException {
        Map<String, List<IdsAlert>> streams = alerts.stream()
                .collect(Collectors.groupingBy(a -> a.session() + "/" + a.direction() + "/"
                        + (a.session() == null ? a.subflows().get(0) : "")));
        List<Found> found = new ArrayList<>();
        Map<SubflowId, Integer> truthSession = truth.sessionOf();
        for (JsonNode job : new ObjectMapper().readTree(contentJson.toFile())) {
            List<long[]> planted = new ArrayList<>();
            job.get("planted").forEach(p -> planted.add(new long[] {p.get("signature").asLong(), p.get("offset").asLong()}));
            if (planted.isEmpty()) {
                continue;
            }
            String direction = job.get("up").asBoolean() ? "client_to_server" : "server_to_client";
            String match = null;
            for (var e : streams.entrySet()) {
                List<IdsAlert> stream = e.getValue();
                stream.sort(Comparator.comparingLong(IdsAlert::dsn));
                boolean mptcp = stream.get(0).session() != null;
                if (mptcp == job.get("mptcp").asBoolean() && stream.get(0).direction().equals(direction)
                        && fits(planted, sidBase, stream)) {
                    match = e.getKey();
                }
            }
            assertNotNull(match, "no stream carries job " + job.get("job") + "'s planted signatures in order; streams: "
                    + streams.keySet());
            List<IdsAlert> stream = streams.remove(match);
            Integer session = null;
            for (IdsAlert a : stream) {
                for (SubflowId s : a.subflows()) {
                    Integer t = truthSession.get(s);
                    if (job.get("mptcp").asBoolean()) {
                        assertNotNull(t, s + " is in no session of the truth");
                        session = session == null ? t : session;
                        assertEquals(session, t, "alert " + a + " names subflows of two sessions");
                    }
                }
            }
            found.add(new Found(job.get("job").asInt(), job.get("mptcp").asBoolean(), stream.get(0).session(),
                    direction, stream));
        }
        assertTrue(streams.isEmpty(), "alerts that match nothing planted: " + streams);
        return found;
    }

    /** The stream's alerts are the planted signatures, in order, at the planted distances. */
    private static boolean fits(List<long[]> planted, long sidBase, List<IdsAlert> stream) {
        if (stream.size() != planted.size()) {
            return false;
        }
        for (int i = 0; i < planted.size(); i++) {
            IdsAlert a = stream.get(i);
            if (a.sid() != sidBase + planted.get(i)[0]
                    || a.dsn() - stream.get(0).dsn() != planted.get(i)[1] - planted.get(0)[1]) {
                return false;
            }
        }
        return true;
    }

    /**
     * How many planted occurrences a subflow-blind IDS missed: per signature and session, the
     * shortfall of its alerts against the session-mode ones. (It may find more: a reinjected range
     * comes whole on a second subflow. And it may miss one that a single subflow carried, when
     * that subflow sent other data, a reinjection, between its parts.)
     */
    public static int missedByPerSubflow(List<Found> sessionMode, List<IdsAlert> perSubflow) {
        Map<String, Integer> found = new HashMap<>();
        sessionMode.forEach(f -> f.alerts().forEach(a -> found.merge(a.sid() + "@" + scope(a), 1, Integer::sum)));
        Map<String, Integer> blind = new HashMap<>();
        perSubflow.forEach(a -> blind.merge(a.sid() + "@" + scope(a), 1, Integer::sum));
        int missed = 0;
        for (var e : found.entrySet()) {
            missed += Math.max(0, e.getValue() - blind.getOrDefault(e.getKey(), 0));
        }
        return missed;
    }

    /** The session, or the connection for plain TCP. */
    private static String scope(IdsAlert a) {
        return a.session() != null ? a.session() + "/" + a.direction() : a.subflows().get(0).toString();
    }
}
