package dev.sampo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.junit.jupiter.api.Test;

/** The README's "Job settings" table is the job's documentation: it must list exactly the declared options. */
class JobOptionsTest {
    private static final Path README = Path.of("..", "README.md");
    /** A row: the key in code, then the default in code, or the word "empty" for an empty default. */
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (?:`([^`]*)`|empty) \\|");

    @Test
    void theReadmeDocumentsEverySettingWithItsDefaultAndNoOther() throws IOException {
        Map<String, String> documented = documentedSettings();
        List<String> declared = JobOptions.ALL.stream().map(ConfigOption::key).toList();
        assertEquals(declared, List.copyOf(documented.keySet()),
                "README 'Job settings' and JobOptions.ALL list different keys (or in another order)");
        for (ConfigOption<?> option : JobOptions.ALL) {
            String text = documented.get(option.key());
            Object parsed = JobOptions.parse(Map.of(option.key(), text)).get(option);
            assertEquals(option.defaultValue(), parsed, option.key() + ": README default " + text);
        }
    }

    @Test
    void everyDeclaredSettingIsDescribed() {
        for (ConfigOption<?> option : JobOptions.ALL) {
            assertTrue(option.hasDefaultValue(), option.key());
            assertFalse(new HtmlFormatter().format(option.description()).isBlank(), option.key() + " has no description");
        }
    }

    /** The rows of the table under "### Job settings", key → default, in order. */
    private static Map<String, String> documentedSettings() throws IOException {
        List<String> lines = Files.readAllLines(README);
        int start = lines.indexOf("### Job settings");
        assertTrue(start >= 0, "README has no '### Job settings' section");
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                String text = m.group(2) == null ? "" : m.group(2);
                assertTrue(rows.put(m.group(1), text) == null, "documented twice: " + m.group(1));
            }
        }
        return rows;
    }
}
