package dev.sampo.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Sends the log of a long-running command to {@code sampo.log} in its home directory (see log4j2.xml). */
final class Logs {
    private Logs() {
    }

    /** Must run before anything logs: log4j reads the property once, when it starts. */
    static void to(Path home) throws IOException {
        Files.createDirectories(home);
        System.setProperty("sampo.log", home.resolve("sampo.log").toAbsolutePath().toString());
    }
}
