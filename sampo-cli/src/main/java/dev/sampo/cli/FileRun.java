package dev.sampo.cli;

import dev.sampo.association.AssociationConfig;
import dev.sampo.association.AssociationDelta;
import dev.sampo.association.AssociationEngine;
import dev.sampo.association.AssociationResult;
import dev.sampo.association.OfflineRun;
import dev.sampo.packet.DecodeStats;
import dev.sampo.packet.PacketSource;
import dev.sampo.sampling.Sampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** One association pass over a file, as analyze, eval and sweep run it. */
record FileRun(OfflineRun.Outcome outcome, AssociationEngine engine, long frames, long sampledFrames, DecodeStats stats, String warnings,
               double seconds) {

    static FileRun run(Path file, InputKind input, Sampler sampler, AssociationConfig config,
                       Consumer<AssociationDelta> everyPeriod) throws IOException {
        long start = System.nanoTime();
        try (PacketSource source = input.open(file, sampler, true)) {
            AssociationEngine engine = new AssociationEngine(config);
            OfflineRun.Outcome outcome = OfflineRun.run(source, engine, everyPeriod);
            if (input == InputKind.pcap) {
                SflowRecording.rejectAsPackets(file, outcome.packets());
            }
            return new FileRun(outcome, engine, source.frames(), source.sampledFrames(), source.decodeStats(),
                    source.warnings(), (System.nanoTime() - start) / 1e9);
        }
    }

    AssociationResult result() {
        return outcome.result();
    }

    /** Decode errors and input warnings, for stderr; empty when there were none. */
    String problems() {
        StringBuilder sb = new StringBuilder();
        stats.errors().forEach((k, v) -> {
            if (k != dev.sampo.packet.DecodeError.NOT_IP && k != dev.sampo.packet.DecodeError.NOT_TCP) {
                sb.append(sb.length() == 0 ? "" : ", ").append(k.name().toLowerCase()).append('=').append(v);
            }
        });
        if (!warnings.isEmpty()) {
            sb.append(sb.length() == 0 ? "" : "; ").append(warnings);
        }
        return sb.toString();
    }
}
