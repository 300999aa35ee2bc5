package dev.sampo.association;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sampo.eval.Evaluation;
import dev.sampo.eval.Truth;
import dev.sampo.packet.PacketRecord;
import dev.sampo.packet.PacketSource;
import dev.sampo.pcap.CapturePacketSource;
import dev.sampo.sampling.Sampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real captures for tests: the bundled lab sample, and the shared datasets when present. */
final class Captures {
    private Captures() {
    }

    static Path root() {
        return Path.of(System.getProperty("sampo.root", "..")).toAbsolutePath().normalize();
    }

    static Path bundledSample() {
        return root().resolve("samples/lab-small.pcap.gz");
    }

    static Path bundledTruth() {
        return root().resolve("samples/lab-small.truth.json");
    }

    /** A file of ../shared/datasets; skips the test when the datasets are not beside the checkout. */
    static Path shared(String relative) {
        String shared = System.getProperty("sampo.shared");
        assumeTrue(shared != null, "sampo.shared is not set");
        Path p = Path.of(shared, "datasets", relative);
        assumeTrue(Files.exists(p), p + " is absent");
        return p;
    }

    static List<PacketRecord> read(Path file, String sampling) throws IOException {
        List<PacketRecord> out = new ArrayList<>();
        try (PacketSource src = new CapturePacketSource(file, Sampler.parse(sampling), true)) {
            for (PacketRecord p = src.next(); p != null; p = src.next()) {
                out.add(p);
            }
        }
        return out;
    }

    static Evaluation.Report evaluate(Path capture, Path truth, String sampling, AssociationConfig config)
            throws IOException {
        Evaluation eval = new Evaluation(Truth.read(truth));
        try (PacketSource src = new CapturePacketSource(capture, Sampler.parse(sampling), true)) {
            OfflineRun.Outcome o = OfflineRun.run(src, new AssociationEngine(config), eval::observe);
            return eval.report(o.result(), o.firstSampled(), src.frames(), src.sampledFrames(), 0);
        }
    }
}
