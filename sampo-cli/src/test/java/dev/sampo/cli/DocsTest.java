package dev.sampo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** What a newcomer copies from the READMEs works, and what the commands print is documented there. */
class DocsTest {
    private static final Path ROOT = Path.of(System.getProperty("sampo.root", "..")).toAbsolutePath().normalize();

    @Test
    void everyFieldOfTheEvalLineIsInTheReadme() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        CliRun r = CliRun.of("eval", ROOT.resolve("samples/lab-small.pcap.gz").toString(), "--truth",
                ROOT.resolve("samples/lab-small.truth.json").toString(), "--sample", "count:10");
        assertEquals(0, r.exit(), r.err());
        JsonNode line = Json.MAPPER.readTree(r.out().strip().lines().reduce((a, b) -> b).orElseThrow());
        for (Iterator<String> names = line.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            assertTrue(readme.contains("`" + name + "`"), name + " is not in the README");
        }
    }

    @Test
    void everyOptionOfAnalyzeIsInTheReadme() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        CommandLine analyze = Main.commandLine().getSubcommands().get("analyze");
        for (OptionSpec o : analyze.getCommandSpec().options()) {
            if (!o.usageHelp() && !o.versionHelp() && !o.inherited()) {
                assertTrue(readme.contains(o.longestName()), o.longestName() + " is not in the README");
            }
        }
    }

    /** A kcat consumer without -e waits for records forever: the topic contract's must return. */
    @Test
    void theTopicContractsKcatLineReturns() throws Exception {
        String readme = Files.readString(ROOT.resolve("docs/TOPICS.md"));
        assertTrue(readme.contains("kcat "), "no kcat line");
        for (String line : readme.split("kcat ")) {
            if (line.startsWith("-b")) {
                assertTrue(line.substring(0, line.indexOf('`')).matches("(?s).* -e .*"), "kcat " + line);
            }
        }
    }

    /** A root shell on a minimal machine has no sudo. */
    @Test
    void theLabReadmesCommandsRunInARootShell() throws Exception {
        String lab = Files.readString(ROOT.resolve("lab/README.md"));
        assertFalse(lab.lines().anyMatch(l -> l.strip().startsWith("sudo ")), "a command starts with sudo");
    }
}
