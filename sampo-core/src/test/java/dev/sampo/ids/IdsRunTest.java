package dev.sampo.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sampo.association.AssociationConfig;
import dev.sampo.eval.Truth;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.PacketRecord;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import dev.sampo.wire.PacketWire;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bundled capture {@code samples/ids-split.pcap.gz}: real kernel MPTCP traffic from the lab
 * (one download and one upload session over 2 × 2 subflows, one plain TCP upload), full
 * payload, 600-byte signatures planted every 3000 bytes ({@code samples/ids-split.*}).
 */
class IdsRunTest {
    private static final Path ROOT = Path.of(System.getProperty("sampo.root", "..")).toAbsolutePath().normalize();
    private static final Path CAPTURE = ROOT.resolve("samples/ids-split.pcap.gz");
    private static final long SID_BASE = 2000;

    @Test
    void everyPlantedSignatureIsFoundWithTheSubflowsItSpans() throws Exception {
        RuleSet rules = RuleParser.read(ROOT.resolve("samples/ids-split.rules"));
        assertEquals(List.of(), rules.problems());
        List<IdsAlert> session = run(rules, Reassembler.Mode.SESSION);
        List<IdsAlert> blind = run(rules, Reassembler.Mode.PER_SUBFLOW);

        List<PlantedSignatures.Found> found = PlantedSignatures.check(ROOT.resolve("samples/ids-split.content.json"),
                SID_BASE, Truth.read(ROOT.resolve("samples/ids-split.truth.json")), session);
        assertEquals(3, found.size());
        assertTrue(session.stream().noneMatch(a -> a.sid() == 2100), "a rule whose content was never sent alerted");
        int missed = PlantedSignatures.missedByPerSubflow(found, blind);
        assertTrue(missed > 0, "the capture holds signatures split over subflows");
        assertTrue(session.stream().anyMatch(a -> a.subflows().size() > 1), "no match spans subflows");
        assertTrue(found.stream().filter(f -> !f.mptcp()).allMatch(f -> f.session() == null
                && f.alerts().stream().allMatch(a -> a.subflows().size() == 1)), "plain TCP is one stream");
    }

    /**
     * {@code samples/ids-server-join.*} (lab {@code --client-signal}): the server opens one subflow
     * toward the client's announced address, so its SYN goes server to client; its data must still
     * join the right direction's stream (the join's token, not the session's, says so).
     */
    @Test
    void aSubflowTheServerOpenedCarriesItsDataInTheRightDirection() throws Exception {
        RuleSet rules = RuleParser.read(ROOT.resolve("samples/ids-split.rules"));
        List<IdsAlert> alerts = new ArrayList<>();
        IdsRun.Outcome outcome = IdsRun.run(ROOT.resolve("samples/ids-server-join.pcap.gz"),
                new ContentMatcher(rules.rules()), Reassembler.Mode.SESSION, Reassembler.DEFAULT_WINDOW_BYTES,
                Reassembler.DEFAULT_IDLE_MICROS, AssociationConfig.DEFAULTS, alerts::add);
        assertEquals(0, outcome.reassembly().skippedBytes, outcome.reassembly().line());
        PlantedSignatures.check(ROOT.resolve("samples/ids-server-join.content.json"), SID_BASE,
                Truth.read(ROOT.resolve("samples/ids-server-join.truth.json")), alerts);
        assertTrue(alerts.stream().anyMatch(a -> a.subflows().stream().anyMatch(s -> s.bPort() == 5002)),
                "no match on the subflow the server opened");
    }

    @Test
    void aWindowTooSmallForTheReorderingSkipsHolesAndCountsThem() throws Exception {
        RuleSet rules = RuleParser.read(ROOT.resolve("samples/ids-split.rules"));
        List<IdsAlert> alerts = new ArrayList<>();
        IdsRun.Outcome small = IdsRun.run(CAPTURE, new ContentMatcher(rules.rules()), Reassembler.Mode.SESSION, 1,
                Reassembler.DEFAULT_IDLE_MICROS, AssociationConfig.DEFAULTS, alerts::add);
        ReassemblyStats s = small.reassembly();
        assertTrue(s.skippedBytes > 0, s.line());
        IdsRun.Outcome full = IdsRun.run(CAPTURE, new ContentMatcher(rules.rules()), Reassembler.Mode.SESSION,
                Reassembler.DEFAULT_WINDOW_BYTES, Reassembler.DEFAULT_IDLE_MICROS, AssociationConfig.DEFAULTS, a -> { });
        assertEquals(0, full.reassembly().skippedBytes, full.reassembly().line());
        assertEquals(full.reassembly().payloadBytes, full.reassembly().deliveredBytes
                + full.reassembly().duplicateBytes, full.reassembly().line());
    }

    @Test
    void idleStreamsAndSubflowsAreForgottenSoWhatIsHeldIsWhatIsLive() throws Exception {
        RuleSet rules = RuleParser.read(ROOT.resolve("samples/ids-split.rules"));
        IdsRun.Outcome held = IdsRun.run(CAPTURE, new ContentMatcher(rules.rules()), Reassembler.Mode.SESSION,
                Reassembler.DEFAULT_WINDOW_BYTES, Reassembler.DEFAULT_IDLE_MICROS, AssociationConfig.DEFAULTS, a -> { });
        assertEquals(0, held.reassembly().idleEvictions);
        assertEquals(6, held.heldStreams(), "both directions of two sessions and of the TCP upload (requests, answers)");
        // The capture ends 1.5 s after the last data: with a shorter idle timeout those streams are gone.
        IdsRun.Outcome quick = IdsRun.run(CAPTURE, new ContentMatcher(rules.rules()), Reassembler.Mode.SESSION,
                Reassembler.DEFAULT_WINDOW_BYTES, 200_000, AssociationConfig.DEFAULTS, a -> { });
        assertTrue(quick.reassembly().idleEvictions > 0, quick.reassembly().line());
        assertTrue(quick.heldStreams() < held.heldStreams(), quick.heldStreams() + " streams held");
    }

    /**
     * What the streaming job does with {@code sampo.packets}: records with their payload, through
     * the version-2 wire format, into the same reassembler, find what the capture path finds.
     */
    @Test
    void payloadRecordsThroughTheWireFindWhatTheCaptureFinds() throws Exception {
        RuleSet rules = RuleParser.read(ROOT.resolve("samples/ids-split.rules"));
        List<IdsAlert> fromCapture = run(rules, Reassembler.Mode.SESSION);
        Map<SubflowId, SessionFacts> sessionOf = IdsRun.sessions(CAPTURE, AssociationConfig.DEFAULTS);
        List<IdsAlert> fromRecords = new ArrayList<>();
        Reassembler reassembler = new Reassembler(new ContentMatcher(rules.rules()), Reassembler.Mode.SESSION,
                Reassembler.DEFAULT_WINDOW_BYTES, Reassembler.DEFAULT_IDLE_MICROS, sessionOf::get, fromRecords::add);
        try (CapturePacketSource source = new CapturePacketSource(CAPTURE, Sampler.parse("none"), false, true)) {
            for (PacketRecord r = source.next(); r != null; r = source.next()) {
                reassembler.accept(PacketWire.decode(PacketWire.encode(r)));
            }
        }
        reassembler.finish();
        assertEquals(0, reassembler.stats().uncapturedBytes, reassembler.stats().line());
        assertTrue(fromCapture.size() > 30, fromCapture.size() + " alerts");
        assertEquals(fromCapture, fromRecords);
    }

    private static List<IdsAlert> run(RuleSet rules, Reassembler.Mode mode) throws Exception {
        List<IdsAlert> alerts = new ArrayList<>();
        IdsRun.run(CAPTURE, new ContentMatcher(rules.rules()), mode, Reassembler.DEFAULT_WINDOW_BYTES,
                Reassembler.DEFAULT_IDLE_MICROS, AssociationConfig.DEFAULTS, alerts::add);
        return alerts;
    }
}
