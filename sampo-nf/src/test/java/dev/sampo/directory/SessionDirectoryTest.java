package dev.sampo.directory;

import static dev.sampo.directory.OutputTables.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.Evidence;
import dev.sampo.association.Session;
import dev.sampo.flow.IpAddress;
import dev.sampo.flow.SubflowId;
import dev.sampo.kafka.BrokerExtension;
import dev.sampo.wire.SessionRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(120)
class SessionDirectoryTest {
    @RegisterExtension
    static final BrokerExtension KAFKA = new BrokerExtension();

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final Session V4 = session("0a1b2c3d", "token+dsn", 0.93,
            "10.100.6.2:56735-10.101.0.2:5000", "10.100.0.2:5000-10.100.6.2:39224");
    private static final Session V6 = session(null, "dsn", 1.0,
            "[2001:db8::1]:40000-[2001:db8::2]:443", "[2001:db8::1]:40001-[2001:db8:1::2]:443",
            "[2001:db8:2::1]:50000-[2001:db8::2]:443");

    @Test
    void catchesUpToTheLogItFoundAndAnswersBothDirections(TestInfo test) throws Exception {
        try (OutputTables tables = tables(test)) {
            List<Session> many = IntStream.range(0, 300).mapToObj(i -> session(String.format("%08x", 0x1000 + i),
                    "token", 1.0, "10.0." + (i / 200) + "." + (i % 200 + 1) + ":1000-10.9.9.9:80",
                    "10.1." + (i / 200) + "." + (i % 200 + 1) + ":2000-10.9.9.9:80")).toList();
            for (Session s : many) {
                tables.publish(s);
            }
            tables.publish(V4);
            tables.publish(V6);
            try (SessionDirectory directory = new SessionDirectory(new DirectoryConfig(
                    tables.directorySettings(KAFKA.bootstrap())))) {
                assertFalse(directory.isReady());
                directory.start();
                assertTrue(directory.awaitReady(PATIENCE));
                // Ready means everything published before the start is in, not merely "running".
                assertEquals(many.size() + 2, directory.stats().sessions());
                assertEquals(2 * many.size() + 5, directory.stats().subflows());

                SessionView v4 = directory.lookup(IpAddress.parse("10.101.0.2"), 5000, IpAddress.parse("10.100.6.2"),
                        56735).orElseThrow();
                assertEquals(v4, directory.lookup(IpAddress.parse("10.100.6.2"), 56735, IpAddress.parse("10.101.0.2"),
                        5000).orElseThrow());
                assertEquals(V4.id(), v4.id());
                assertEquals("0a1b2c3d", v4.token());
                assertEquals(0.93, v4.confidence());
                assertEquals(Evidence.TOKEN_AND_DSN, v4.evidence());
                assertEquals(ids(V4), v4.subflows().stream().map(SessionView.Member::id).toList());
                assertFalse(v4.partial());
                assertEquals(V4.id(), directory.byToken(0x0a1b2c3dL).orElseThrow().id());

                SessionView v6 = directory.lookup(IpAddress.parse("2001:db8::2"), 443, IpAddress.parse("2001:db8:2::1"),
                        50000).orElseThrow();
                assertEquals(V6.id(), v6.id());
                assertEquals(ids(V6), v6.subflows().stream().map(SessionView.Member::id).toList());
                assertEquals(null, v6.token());
                assertEquals(Evidence.DSN, v6.evidence());

                Session last = many.get(many.size() - 1);
                assertEquals(last.id(), directory.lookup(ids(last).get(1)).orElseThrow().id());
                assertTrue(directory.lookup(SubflowId.parse("10.100.6.2:1-10.101.0.2:5000")).isEmpty());
                assertTrue(directory.byToken(0xdeadbeefL).isEmpty());
                assertEquals(0, directory.stats().malformed());
            }
        }
    }

    @Test
    void firesListenersInLogOrder(TestInfo test) throws Exception {
        try (OutputTables tables = tables(test)) {
            List<String> events = new CopyOnWriteArrayList<>();
            try (SessionDirectory directory = started(tables, events)) {
                Session a = session(null, "none", 0.0, "10.0.0.1:1000-10.0.0.2:80");
                Session b = session("00000b0b", "token", 1.0, "10.0.0.1:1001-10.0.0.3:80");
                tables.publish(a);
                tables.publish(b);
                Session aGrown = session(null, "dsn", 0.8, "10.0.0.1:1000-10.0.0.2:80", "10.0.0.4:1002-10.0.0.2:80");
                tables.publish(aGrown);
                // The engine merges b into a: the survivor first, then b's tombstone.
                Session merged = session("00000b0b", "token+dsn", 0.8, "10.0.0.1:1000-10.0.0.2:80",
                        "10.0.0.1:1001-10.0.0.3:80", "10.0.0.4:1002-10.0.0.2:80");
                tables.session(merged);
                tables.endSession(b.id());
                tables.endSession(a.id());
                List<String> expected = List.of("created " + a.id(), "created " + b.id(), "changed " + a.id() + " 1>2",
                        "changed " + a.id() + " 2>3", "merged " + b.id() + " into " + a.id(), "ended " + a.id());
                await(() -> events.size() >= expected.size());
                assertEquals(expected, events);
                // An ended session is gone from every index.
                assertTrue(directory.session(a.id()).isEmpty());
                assertTrue(directory.byToken(0xb0bL).isEmpty());
                assertTrue(directory.lookup(SubflowId.parse("10.0.0.4:1002-10.0.0.2:80")).orElseThrow().partial());
            }
        }
    }

    @Test
    void aTombstoneRemovesTheEntry(TestInfo test) throws Exception {
        try (OutputTables tables = tables(test);
             SessionDirectory directory = started(tables, new CopyOnWriteArrayList<>())) {
            tables.publish(V4);
            SubflowId first = ids(V4).get(0);
            await(() -> directory.lookup(first).isPresent());
            tables.endSession(V4.id());
            await(() -> directory.session(V4.id()).isEmpty());
            // sampo.subflows still names the session: the answer is partial, from that table alone.
            assertTrue(directory.lookup(first).orElseThrow().partial());
            for (SubflowId id : ids(V4)) {
                tables.endSubflow(id);
            }
            await(() -> directory.stats().subflows() == 0);
            assertTrue(directory.lookup(first).isEmpty());
            assertTrue(directory.byToken(0x0a1b2c3dL).isEmpty());
        }
    }

    @Test
    void survivesABrokerRestartWithoutLosingEntries(TestInfo test) throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        try (OutputTables before = tables(test);
             SessionDirectory directory = started(before, events)) {
            before.publish(V4);
            await(() -> directory.lookup(ids(V4).get(0)).isPresent());

            KAFKA.restart();

            // The producer, like the directory, reconnects by itself.
            before.publish(V6);
            before.endSession(V4.id());
            await(() -> events.size() >= 3);
            assertEquals(List.of("created " + V4.id(), "created " + V6.id(), "ended " + V4.id()), events);
            assertTrue(directory.lookup(ids(V6).get(2)).isPresent());
            assertTrue(directory.session(V4.id()).isEmpty());
        }
    }

    @Test
    void resynchronisesWhenTheBrokerComesBackWithoutItsData(TestInfo test) throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Session other = session(null, "none", 0.0, "10.0.0.1:1000-10.0.0.2:80");
        SessionDirectory directory;
        try (OutputTables before = tables(test)) {
            directory = started(before, events);
            before.publish(V4);
            before.publish(other);
            before.publish(V6);
            await(() -> events.size() == 3);
        }
        try (directory) {
            KAFKA.restartEmpty();
            // The new log is shorter than what the directory had read: V6 alone, as a fresh engine
            // would publish it again.
            try (OutputTables after = tables(test)) {
                after.publish(V6);
            }
            await(() -> directory.session(V4.id()).isEmpty() && directory.session(other.id()).isEmpty()
                    && directory.session(V6.id()).isPresent() && directory.stats().subflows() == V6.subflows().size());
            assertEquals(List.of("created " + V4.id(), "created " + other.id(), "created " + V6.id()),
                    events.subList(0, 3));
            List<String> afterRestart = new ArrayList<>(events.subList(3, events.size()));
            assertTrue(afterRestart.remove("ended " + V4.id()), events.toString());
            assertTrue(afterRestart.remove("ended " + other.id()), events.toString());
            // Had the directory read the new log before V6 was written to it, V6 ended and came back.
            assertTrue(afterRestart.isEmpty() || afterRestart.equals(List.of("ended " + V6.id(), "created " + V6.id())),
                    events.toString());
            assertEquals(V6.id(), directory.lookup(ids(V6).get(1)).orElseThrow().id());
            assertTrue(directory.lookup(ids(V4).get(0)).isEmpty());
            assertEquals(1, directory.stats().sessions());
        }
    }

    @Test
    void badInputIsCountedAndSkipped(TestInfo test) throws Exception {
        try (OutputTables tables = tables(test);
             SessionDirectory directory = started(tables, new CopyOnWriteArrayList<>())) {
            String good = SessionRecord.of(V4).toJson();
            tables.send(tables.sessions, V4.id(), "{not json", "session.v1");
            tables.send(tables.sessions, V4.id(), "", null);
            tables.send(tables.sessions, "someone-else", good, "session.v1");
            tables.send(tables.sessions, V4.id(), good, "session.v9");
            tables.send(tables.sessions, V4.id(), good.replace("\"10.100.6.2:56735\"", "\"10.100.6.2\""), null);
            tables.send(tables.sessions, V4.id(), good.replace("\"0a1b2c3d\"", "\"not hex\""), null);
            tables.send(tables.sessions, V4.id(), good.replace("0.93", "1.5"), null);
            tables.send(tables.sessions, V4.id(), "[1,2,3]", null);
            tables.send(tables.subflows, "not a subflow", "{}", "subflow.v1");
            tables.send(tables.subflows, "10.0.0.1:1-10.0.0.2:2", "{\"subflow\":\"10.0.0.1:1-10.0.0.9:2\","
                    + "\"session\":\"x\",\"token\":null,\"confidence\":1,\"evidence\":\"dsn\",\"session_subflows\":1}", null);
            tables.send(tables.subflows, "10.0.0.1:1-10.0.0.2:2", "{\"subflow\":\"10.0.0.1:1-10.0.0.2:2\"}", null);
            int bad = 11;
            // Fields a later version adds are skipped; the record is used.
            tables.send(tables.sessions, V4.id(), good.replace("{\"session\"", "{\"future\":{\"x\":[1]},\"session\""),
                    "session.v1");
            await(() -> directory.stats().records() == bad + 1);
            DirectoryStats stats = directory.stats();
            assertEquals(bad, stats.malformed());
            assertEquals(1, stats.unknownFields());
            assertEquals(1, stats.sessions());
            assertEquals(0, stats.subflows());
            assertEquals(V4.id(), directory.lookup(ids(V4).get(1)).orElseThrow().id());
        }
    }

    @Test
    void atTheCapNewSessionsAreRefusedAndCounted(TestInfo test) throws Exception {
        try (OutputTables tables = tables(test)) {
            Map<String, Object> settings = new HashMap<>(tables.directorySettings(KAFKA.bootstrap()));
            settings.put(DirectoryConfig.MAX_SESSIONS_CONFIG, 1);
            settings.put(DirectoryConfig.MAX_SUBFLOWS_CONFIG, 3);
            try (SessionDirectory directory = new SessionDirectory(new DirectoryConfig(settings))) {
                directory.start();
                tables.publish(V4);
                tables.publish(V6);
                await(() -> directory.stats().records() == 2 + 5);
                DirectoryStats stats = directory.stats();
                assertEquals(1, stats.sessions());
                assertEquals(1, stats.refusedSessions());
                assertEquals(3, stats.subflows());
                assertEquals(2, stats.refusedSubflows());
                // The held session still takes its updates.
                Session v4Changed = session("0a1b2c3d", "token+dsn", 0.5, ids(V4).stream().map(Object::toString)
                        .toArray(String[]::new));
                tables.session(v4Changed);
                await(() -> directory.session(V4.id()).orElseThrow().confidence() == 0.5);
                // The refused session is answered from sampo.subflows, as far as that got in.
                SessionView partial = directory.lookup(ids(V6).get(0)).orElseThrow();
                assertTrue(partial.partial());
                assertEquals(V6.id(), partial.id());
                assertEquals(List.of(ids(V6).get(0)), partial.subflows().stream().map(SessionView.Member::id).toList());
                // Room freed by a tombstone lets the refused session in at its next update.
                tables.endSession(V4.id());
                tables.session(V6);
                await(() -> directory.session(V6.id()).isPresent());
                assertEquals(ids(V6), directory.lookup(ids(V6).get(2)).orElseThrow().subflows().stream()
                        .map(SessionView.Member::id).toList());
            }
        }
    }

    private static OutputTables tables(TestInfo test) throws Exception {
        return OutputTables.create(KAFKA.bootstrap(), test.getTestMethod().orElseThrow().getName());
    }

    private static SessionDirectory started(OutputTables tables, List<String> events) throws InterruptedException {
        SessionDirectory directory = new SessionDirectory(new DirectoryConfig(tables.directorySettings(KAFKA.bootstrap())));
        directory.addListener(new DirectoryListener() {
            @Override
            public void created(SessionView s) {
                events.add("created " + s.id());
            }

            @Override
            public void changed(SessionView before, SessionView after) {
                events.add("changed " + after.id() + " " + before.subflows().size() + ">" + after.subflows().size());
            }

            @Override
            public void merged(SessionView ended, SessionView into) {
                events.add("merged " + ended.id() + " into " + into.id());
            }

            @Override
            public void ended(SessionView s) {
                events.add("ended " + s.id());
            }
        });
        directory.start();
        assertTrue(directory.awaitReady(PATIENCE));
        return directory;
    }

    private static List<SubflowId> ids(Session s) {
        return s.subflows().stream().map(Session.Member::id).toList();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + PATIENCE);
            }
            Thread.sleep(20);
        }
    }
}
