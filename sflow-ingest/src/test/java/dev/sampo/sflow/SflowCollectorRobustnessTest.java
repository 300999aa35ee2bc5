package dev.sampo.sflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSink;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The collector on a real loopback socket under damaged traffic: it counts what it cannot decode,
 * survives a sink that throws, and keeps serving the good datagrams that follow.
 */
class SflowCollectorRobustnessTest {
    private static final List<Fixtures.Datagram> PAPER40 = Fixtures.datagrams(Fixtures.PAPER40);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static CollectorConfig loopback() {
        return CollectorConfig.defaults().withListen(new InetSocketAddress("127.0.0.1", 0))
                .withStatsInterval(Duration.ofMillis(50));
    }

    @Test
    void damagedDatagramsAreCountedAndTheCollectorKeepsServing() throws Exception {
        SplittableRandom random = new SplittableRandom(0x5F10_2026L);
        RecordingSink sink = new RecordingSink();
        try (SflowCollector c = SflowCollector.start(loopback(), sink, null);
             Udp udp = new Udp(c.localAddress())) {
            int sent = 0;
            for (int i = 0; i < 3000; i++) {
                byte[] d = PAPER40.get(random.nextInt(PAPER40.size())).payload();
                byte[] m = switch (i % 5) {
                    case 0 -> Mutations.truncate(d, random.nextInt(d.length));
                    case 1 -> {
                        List<Integer> fields = Mutations.lengthFields(d);
                        yield Mutations.lie(d, fields.get(random.nextInt(fields.size())), random);
                    }
                    case 2 -> Mutations.flip(d, random);
                    case 3 -> Mutations.noise(random, 1500);
                    default -> Mutations.grow(d, random, 60_000); // up to the largest UDP payloads
                };
                if (m.length == 0) {
                    continue; // a socket does not send an empty datagram
                }
                udp.send(m);
                sent++;
                if (i % 200 == 0) {
                    int expected = sent;
                    Udp.await(c, s -> s.datagrams() == expected, WAIT); // loopback drops nothing paced like this
                }
            }
            int damaged = sent;
            CollectorStats afterDamage = Udp.await(c, s -> s.datagrams() == damaged, WAIT);
            assertEquals(damaged, afterDamage.datagrams());
            assertTrue(afterDamage.decodeErrors() > 1000, afterDamage::toString);
            assertEquals(0, afterDamage.internalErrors());

            int before = sink.records().size();
            for (Fixtures.Datagram d : PAPER40) {
                udp.send(d.payload());
            }
            assertEquals(before + 3688, sink.await(before + 3688, WAIT));
            CollectorStats s = Udp.await(c, x -> x.datagrams() == damaged + 1148, WAIT);
            assertEquals(0, s.internalErrors() + s.sinkErrors());
        }
    }

    /** A full bounded queue refuses records by throwing: counted, and later records still flow. */
    @Test
    void aSinkThatThrowsIsCountedNotFatal() throws Exception {
        ArrayBlockingQueue<dev.sampo.packet.PacketRecord> queue = new ArrayBlockingQueue<>(1000);
        try (SflowCollector c = SflowCollector.start(loopback(), queue::add, null);
             Udp udp = new Udp(c.localAddress())) {
            for (Fixtures.Datagram d : PAPER40) {
                udp.send(d.payload());
            }
            CollectorStats s = Udp.await(c, x -> x.datagrams() == 1148, WAIT);

            assertEquals(1000, s.records());
            assertEquals(3688 - 1000, s.sinkErrors());
            queue.clear();
            udp.send(PAPER40.get(1).payload());
            CollectorStats after = Udp.await(c, x -> x.datagrams() == 1149, WAIT);
            assertTrue(after.records() > 1000, "serving again once the queue has room");
        }
    }

    /** The first exception the sink throws is kept with where it happened; the collector goes on counting. */
    @Test
    void theFirstSinkFailureIsKeptAndReported() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        List<RuntimeException> thrown = new CopyOnWriteArrayList<>();
        PacketSink full = (PacketRecord r) -> {
            if (accepted.incrementAndGet() > 100) {
                RuntimeException e = new IllegalStateException("disk full at record " + accepted.get());
                thrown.add(e);
                throw e;
            }
        };
        try (SflowCollector c = SflowCollector.start(loopback(), full, null);
             Udp udp = new Udp(c.localAddress())) {
            assertNull(c.failure().getNow(null), "no failure before any datagram");
            for (Fixtures.Datagram d : PAPER40) {
                udp.send(d.payload());
            }
            Throwable failure = c.failure().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            CollectorStats s = Udp.await(c, x -> x.datagrams() == 1148, WAIT);

            assertSame(thrown.get(0), failure.getCause(), "the first failure, not a later one");
            assertTrue(failure.getMessage().contains("disk full at record 101"), failure::getMessage);
            assertTrue(failure.getMessage().contains("agent 192.0.2.10"), failure::getMessage);
            assertEquals(1148, s.datagrams(), "the collector keeps receiving after the failure");
            assertEquals(3688 - 100, s.sinkErrors());
            assertEquals(thrown.size(), s.sinkErrors());
        }
    }

    /** A receiving thread that dies (here through its stats reporter) completes the failure with the cause. */
    @Test
    void aDeadReceivingThreadIsNoticed() throws Exception {
        RecordingSink sink = new RecordingSink();
        IllegalStateException broken = new IllegalStateException("stats reporter broke");
        try (SflowCollector c = SflowCollector.start(loopback(), sink, s -> {
            if (s.records() > 0) {
                throw broken;
            }
        }); Udp udp = new Udp(c.localAddress())) {
            for (int i = 0; i < 50; i++) {
                udp.send(PAPER40.get(i).payload());
            }
            Throwable failure = c.failure().get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertSame(broken, failure.getCause());
            assertTrue(failure.getMessage().contains("stopped receiving"), failure::getMessage);
            assertTrue(failure.getMessage().contains("on " + c.localAddress()), failure::getMessage);
            assertFalse(sink.records().isEmpty());
        }
    }
}
