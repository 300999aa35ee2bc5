package dev.sampo.ids;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.AssociationEngine;
import dev.sampo.association.OfflineRun;
import dev.sampo.association.Session;
import dev.sampo.flow.SubflowId;
import dev.sampo.packet.DecodeStats;
import dev.sampo.packet.Packet;
import dev.sampo.packet.PacketDecoder;
import dev.sampo.packet.PacketRecord;
import dev.sampo.pcap.CaptureFiles;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.pcap.CaptureReader;
import dev.sampo.pcap.Frame;
import dev.sampo.sampling.Sampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code ./sampo ids} over a capture with full payload: association first (every MPTCP packet, as
 * {@code analyze} runs it) to know each subflow's session, then a second pass that reassembles and
 * matches. Two passes, because a subflow's session is only known once its join or DSN evidence
 * has been seen, and a match must cover bytes that came before that.
 */
public final class IdsRun {
    /** What the run saw: frames read, what the decoder made of them, what reassembly did. */
    public record Outcome(long frames, DecodeStats decode, ReassemblyStats reassembly, int sessions, String warnings,
                          int heldStreams) {
    }

    private IdsRun() {
    }

    /** Each MPTCP subflow's session, association run over every packet of the capture. */
    public static Map<SubflowId, SessionFacts> sessions(Path capture, AssociationConfig association)
            throws IOException {
        Map<SubflowId, SessionFacts> sessionOf = new HashMap<>();
        try (CapturePacketSource source = new CapturePacketSource(capture, Sampler.parse("none"), true)) {
            OfflineRun.Outcome outcome = OfflineRun.run(source, new AssociationEngine(association), r -> { });
            for (Session s : outcome.result().sessions()) {
                SessionFacts facts = SessionFacts.of(s);
                facts.subflows().forEach(id -> sessionOf.put(id, facts));
            }
        }
        return sessionOf;
    }

    /** @param windowBytes, idleMicros as {@link Reassembler}'s */
    public static Outcome run(Path capture, ContentMatcher matcher, Reassembler.Mode mode, long windowBytes,
                              long idleMicros, AssociationConfig association, Consumer<IdsAlert> alerts)
            throws IOException {
        Map<SubflowId, SessionFacts> sessionOf = sessions(capture, association);
        Reassembler reassembler = new Reassembler(matcher, mode, windowBytes, idleMicros, sessionOf::get, alerts);
        PacketDecoder decoder = new PacketDecoder();
        Frame frame = new Frame();
        Packet packet = new Packet();
        long frames = 0;
        String warnings;
        try (CaptureReader reader = CaptureFiles.open(capture)) {
            while (reader.next(frame)) {
                frames++;
                if (frame.decodeWith(decoder, packet)) {
                    reassembler.accept(PacketRecord.of(packet, 1, null), frame.data, decoder.payloadOffset(),
                            decoder.capturedPayload());
                }
            }
            long truncated = reader.truncatedRecords();
            warnings = truncated == 0 ? "" : truncated + " truncated last record skipped";
        }
        int held = reassembler.heldStreams();
        reassembler.finish();
        return new Outcome(frames, decoder.stats(), reassembler.stats(),
                (int) sessionOf.values().stream().map(SessionFacts::id).distinct().count(), warnings, held);
    }
}
