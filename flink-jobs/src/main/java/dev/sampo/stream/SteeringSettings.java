package dev.sampo.stream;

import dev.sampo.steering.SteeringConfig;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings of the steering stage ({@code sampo.topic.nf-load}, {@code sampo.topic.steering},
 * {@code sampo.steering.*}), and of the migration planning it runs.
 *
 * @param loadTopic the NF instances' load reports; empty: no steering stage
 * @param steeringTopic where the steering table goes
 */
public record SteeringSettings(String loadTopic, String steeringTopic, SteeringConfig placement,
        MigrationSettings migration) implements Serializable {
    private static final long serialVersionUID = 1L;

    static SteeringSettings of(String loadTopic, String steeringTopic, double loadBound, long silenceMillis,
                               String instances, MigrationSettings migration) {
        Set<String> allowed = Arrays.stream(instances.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        try {
            return new SteeringSettings(loadTopic, steeringTopic, new SteeringConfig(loadBound, silenceMillis, allowed),
                    migration);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sampo.steering.*: " + e.getMessage(), e);
        }
    }

    public boolean enabled() {
        return !loadTopic.isEmpty();
    }
}
