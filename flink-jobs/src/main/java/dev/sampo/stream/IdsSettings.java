package dev.sampo.stream;

import dev.sampo.ids.RuleParser;
import dev.sampo.ids.RuleSet;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Settings of the IDS stage ({@code sampo.ids.*}, {@code sampo.topic.alerts}). The rules file is
 * read where the job is built and travels inside the job as text, so that task managers need no
 * copy of it; it is parsed there once to fail early, and again by each matching subtask.
 *
 * @param rulesFile where the rules came from (for messages); empty: no IDS stage
 * @param rules the file's lines
 * @param windowBytes out-of-order bytes waiting per session direction
 * @param holdBytes record bytes held per subflow until its session is known
 * @param holdMillis how long (event time) a subflow waits for its session
 * @param idleMicros when an idle stream is finished and forgotten: association's idle timeout
 * @param sortMillis how long (event time) records wait to be matched in capture-time order: two
 *     periods and the watermark skew, since a subflow's records wait in stage 1 until the period
 *     that first saw it has closed
 */
public record IdsSettings(String rulesFile, List<String> rules, String alertsTopic, long windowBytes, long holdBytes,
                          long holdMillis, long idleMicros, long sortMillis) implements Serializable {
    private static final long serialVersionUID = 1L;

    public IdsSettings {
        rules = List.copyOf(rules);
    }

    /** @throws IllegalArgumentException naming {@code sampo.ids.rules} for a file unreadable or without a usable rule */
    static IdsSettings of(String rulesFile, String alertsTopic, long windowBytes, long holdBytes, long holdMillis,
                          long idleMicros, long sortMillis) {
        List<String> lines = List.of();
        if (!rulesFile.isEmpty()) {
            String key = JobOptions.IDS_RULES.key();
            try {
                lines = Files.readAllLines(Path.of(rulesFile));
            } catch (IOException e) {
                throw new IllegalArgumentException(key + ": cannot read " + rulesFile + ": " + e.getMessage(), e);
            }
            RuleSet set = RuleParser.parse(lines, rulesFile);
            if (set.rules().isEmpty()) {
                throw new IllegalArgumentException(key + ": no usable rule in " + rulesFile + " " + set.problems());
            }
        }
        return new IdsSettings(rulesFile, lines, alertsTopic, windowBytes, holdBytes, holdMillis, idleMicros,
                sortMillis);
    }

    public boolean enabled() {
        return !rulesFile.isEmpty();
    }

    /** The rules, and the lines skipped with their reasons. */
    RuleSet ruleSet() {
        return RuleParser.parse(rules, rulesFile);
    }
}
