package dev.sampo.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code flink run} command of the README's "Cluster deployment" section, read from the
 * README itself so that the cluster test submits what an operator is told to submit: the jar, and
 * the program's arguments. {@code flink run}'s own options (such as {@code -d}) are the client's
 * and are skipped: a REST submission is always detached.
 */
record ClusterDeployment(Path jar, List<String> programArgs) {
    static final String SECTION = "### Cluster deployment";

    /** Reads the section of {@code readme}; the jar is resolved against the README's directory. */
    static ClusterDeployment fromReadme(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        int section = lines.indexOf(SECTION);
        if (section < 0) {
            throw new IllegalStateException(readme + " has no section " + SECTION);
        }
        String command = commandLines(lines.subList(section + 1, lines.size())).stream()
                .filter(l -> l.startsWith("flink run ")).findFirst()
                .orElseThrow(() -> new IllegalStateException(readme + ": no `flink run` in " + SECTION));
        List<String> words = new ArrayList<>(Arrays.asList(command.split("\\s+")));
        words.subList(0, 2).clear();
        while (!words.isEmpty() && words.get(0).startsWith("-")) {
            words.remove(0);
        }
        if (words.isEmpty()) {
            throw new IllegalStateException(readme + ": `flink run` without a jar in " + SECTION);
        }
        return new ClusterDeployment(readme.toAbsolutePath().getParent().resolve(words.get(0)),
                List.copyOf(words.subList(1, words.size())));
    }

    /** The value of the program argument {@code --key}. */
    String arg(String key) {
        int at = programArgs.indexOf("--" + key);
        if (at < 0 || at + 1 >= programArgs.size()) {
            throw new IllegalStateException("the README's `flink run` has no --" + key + " VALUE");
        }
        return programArgs.get(at + 1);
    }

    /** The program arguments with {@code --key}'s value replaced, e.g. the brokers by the test's. */
    List<String> argsWith(String key, String value) {
        arg(key);
        List<String> args = new ArrayList<>(programArgs);
        args.set(args.indexOf("--" + key) + 1, value);
        return List.copyOf(args);
    }

    /** The first fenced block's commands, each continued line ({@code \}) joined into one. */
    private static List<String> commandLines(List<String> section) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inBlock = false;
        for (String line : section) {
            if (line.startsWith("```")) {
                if (inBlock) {
                    break;
                }
                inBlock = true;
                continue;
            }
            if (!inBlock) {
                continue;
            }
            String text = line.strip();
            boolean continued = text.endsWith("\\");
            current.append(continued ? text.substring(0, text.length() - 1) : text).append(' ');
            if (!continued) {
                commands.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return commands;
    }
}
