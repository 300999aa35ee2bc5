package dev.sampo.kafka;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs an {@link EmbeddedKafka} until interrupted, for measuring {@code ./sampo replay} by hand:
 * {@code java -cp ... dev.sampo.kafka.RunEmbeddedKafka [PORT]} prints the bootstrap server.
 */
public final class RunEmbeddedKafka {
    private RunEmbeddedKafka() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("sampo-kafka-");
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, args.length > 0 ? Integer.parseInt(args[0]) : 0);
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        System.out.println(kafka.bootstrap());
        Thread.currentThread().join();
    }
}
