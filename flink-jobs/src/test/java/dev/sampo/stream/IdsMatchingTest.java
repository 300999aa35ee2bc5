package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.AssociationConfig;
import dev.sampo.flow.SubflowId;
import dev.sampo.ids.ContentMatcher;
import dev.sampo.ids.IdsAlert;
import dev.sampo.ids.IdsRun;
import dev.sampo.ids.Reassembler;
import dev.sampo.ids.RuleParser;
import dev.sampo.ids.SessionFacts;
import dev.sampo.packet.PacketRecord;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import dev.sampo.wire.PacketWire;
import dev.sampo.wire.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The IDS stage's matching operator on {@code samples/ids-split.pcap.gz}: a session's subflows
 * arriving out of capture order (as held records do, a joining subflow's data before the first
 * subflow's handshake) are still matched as {@code ./sampo ids} matches the file.
 */
class IdsMatchingTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path CAPTURE = ROOT.resolve("samples/ids-split.pcap.gz");
    private static final Path RULES = ROOT.resolve("samples/ids-split.rules");

    @Test
    void subflowsArrivingOutOfCaptureOrderAreMatchedAsTheFileIs() throws Exception {
        List<IdsAlert> offline = new ArrayList<>();
        IdsRun.run(CAPTURE, new ContentMatcher(RuleParser.read(RULES).rules()), Reassembler.Mode.SESSION,
                Reassembler.DEFAULT_WINDOW_BYTES, Reassembler.DEFAULT_IDLE_MICROS, AssociationConfig.DEFAULTS,
                offline::add);
        Map<SubflowId, SessionFacts> sessionOf = IdsRun.sessions(CAPTURE, AssociationConfig.DEFAULTS);

        // Each subflow's records in order, but the subflows one after the other, the last one first.
        Map<SubflowId, List<PacketRecord>> bySubflow = new LinkedHashMap<>();
        try (CapturePacketSource source = new CapturePacketSource(CAPTURE, Sampler.parse("none"), true, true)) {
            for (PacketRecord r = source.next(); r != null; r = source.next()) {
                bySubflow.computeIfAbsent(SubflowId.of(r.src(), r.sport(), r.dst(), r.dport()), k -> new ArrayList<>())
                        .add(r);
            }
        }
        List<SubflowId> arrival = new ArrayList<>(bySubflow.keySet());
        Collections.reverse(arrival);

        IdsSettings settings = new IdsSettings(RULES.toString(), Files.readAllLines(RULES), Topics.ALERTS,
                Reassembler.DEFAULT_WINDOW_BYTES, 1 << 20, 10_000, Reassembler.DEFAULT_IDLE_MICROS, 10_000);
        List<IdsAlert> matched = new ArrayList<>();
        try (var harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new IdsMatching(settings),
                SessionSegment::stream, StreamKey.TYPE)) {
            for (SubflowId subflow : arrival) {
                SessionFacts s = sessionOf.get(subflow);
                for (PacketRecord r : bySubflow.get(subflow)) {
                    harness.processElement(new SessionSegment(StreamKey.of(s.id(), s.token()), s.id(),
                            PacketWire.encode(r)), r.tsMicros() / 1000);
                }
            }
            // Unreadable records are skipped (the evidence stage dead-letters them), never fatal.
            harness.processElement(new SessionSegment(new StreamKey.Token(0), "x", new byte[] {3, 0}), 0);
            harness.processElement(new SessionSegment(new StreamKey.Token(0), "x", new byte[] {2, (byte) 0xA0}), 0);
            assertEquals(List.of(), harness.extractOutputValues(), "records wait to be put in capture-time order");
            harness.processWatermark(new Watermark(Long.MAX_VALUE));
            for (Output o : harness.extractOutputValues()) {
                matched.add(IdsAlert.parse(o.value));
            }
        }
        List<IdsAlert> sessions = offline.stream().filter(a -> a.session() != null).toList();
        assertTrue(sessions.stream().anyMatch(a -> a.subflows().size() > 1), "no split signature: a useless reference");
        assertEquals(sorted(sessions), sorted(matched));
    }

    private static List<IdsAlert> sorted(List<IdsAlert> alerts) {
        return alerts.stream().sorted(Comparator.comparing(IdsAlert::tsMicros).thenComparing(IdsAlert::sid)
                .thenComparing(IdsAlert::dsn)).toList();
    }
}
