package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation's figures as the CLI draws them: real files, with the series they should have. */
@Timeout(180)
class PlotCliTest {
    private static final Path ROOT = Path.of(System.getProperty("sampo.root", "..")).toAbsolutePath().normalize();
    private static final Path LAB_SMALL = ROOT.resolve("samples/lab-small.pcap.gz");
    private static final Path TRUTH = ROOT.resolve("samples/lab-small.truth.json");
    /** The series' colours: precision, recall, oracle recall. */
    private static final int[] SWEEP_COLOURS = {0x1f77b4, 0xd62728, 0x2ca02c};

    @TempDir
    Path dir;

    @Test
    void sweepDrawsPrecisionRecallAndOracleRecallAsPngAndSvg() throws Exception {
        Path png = sweep("sweep.png");
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null && image.getWidth() == 800 && image.getHeight() == 500, "not an 800×500 PNG");
        Set<Integer> colours = colours(image);
        for (int c : SWEEP_COLOURS) {
            assertTrue(colours.contains(c), String.format("no pixel of the series colour %06x", c));
        }

        String text = Files.readString(sweep("sweep.svg"));
        assertTrue(text.startsWith("<?xml") && text.contains("<svg"), "not an SVG: " + text.substring(0, 100));
        // XChart writes text as glyph outlines: the series are told by their colours.
        for (int c : SWEEP_COLOURS) {
            String rgb = String.format("rgb(%d,%d,%d)", c >> 16, (c >> 8) & 0xFF, c & 0xFF);
            assertTrue(text.contains("stroke:" + rgb), "no line drawn in " + rgb);
        }
    }

    private Path sweep(String plot) {
        Path file = dir.resolve(plot);
        CliRun r = CliRun.of("sweep", LAB_SMALL.toString(), "--truth", TRUTH.toString(), "--rates", "1,10,100",
                "--plot", file.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("plot written to " + file), r.out());
        return file;
    }

    @Test
    void evalDrawsTheTimeToCorrectCdf() throws Exception {
        Path png = dir.resolve("cdf.png");
        CliRun r = CliRun.of("eval", LAB_SMALL.toString(), "--truth", TRUTH.toString(), "--sample", "count:10",
                "--plot", png.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().strip().endsWith("}"), "the JSON line stays last: " + r.out());
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null && colours(image).contains(SWEEP_COLOURS[0]), "no CDF drawn in " + png);
    }

    @Test
    void aPlotOfAnotherFormatIsRefusedClearly() {
        CliRun r = CliRun.of("sweep", LAB_SMALL.toString(), "--truth", TRUTH.toString(), "--rates", "10",
                "--plot", dir.resolve("sweep.pdf").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("a plot is written as .png or .svg, not sweep.pdf"), r.err());
    }

    private static Set<Integer> colours(BufferedImage image) {
        Set<Integer> out = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                out.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return out;
    }
}
