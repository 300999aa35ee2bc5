package dev.sampo.cli;

import java.nio.file.Path;

/** Sends the log of a long-running command to {@code sampo.log} in its home directory (see log4j2.xml). */
final class Logs {
    private Logs() {
    }

    /**
     * Must run before anything logs, even a settings check: log4j reads the property once, when it
     * starts (a class loaded later in another class loader, as Flink's RPC system is, starts a
     * second context that would read it then). Nothing is created here: log4j creates the file and
     * its directory on the first line logged.
     */
    static void to(Path home) {
        System.setProperty("sampo.log", home.resolve("sampo.log").toAbsolutePath().toString());
    }
}
