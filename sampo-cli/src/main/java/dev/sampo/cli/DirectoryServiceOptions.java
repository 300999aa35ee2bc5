package dev.sampo.cli;

import dev.sampo.directory.DirectoryConfig;
import dev.sampo.kafka.KafkaClientConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** What the services on the session directory share: how long they run, and the directory's settings. */
final class DirectoryServiceOptions {
    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "0",
            description = "Stop after this long, e.g. 30s, 5m, with a last report (default: run until Ctrl-C).")
    Duration duration;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A session directory setting, e.g. max.sessions=50000 (repeatable; README lists every key).")
    Map<String, String> settings = new LinkedHashMap<>();

    /** The directory's settings, reading the tables at {@code bootstrap} with {@code client}'s settings. */
    DirectoryConfig directory(String bootstrap, KafkaClientConfig client) {
        Map<String, Object> directory = new HashMap<>(settings);
        client.settings().forEach((key, value) -> directory.put(DirectoryConfig.CONSUMER_PREFIX + key, value));
        directory.put(DirectoryConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new DirectoryConfig(directory);
    }
}
