package dev.sampo.nf.live;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The run's own topics, one partition each: an instance's input must keep the order its producers
 * sent in (packets, then the START behind them, a sentinel behind the released packets), and the
 * acks and outputs are read in order too.
 */
public final class LiveTopics {
    private LiveTopics() {
    }

    /** Creates the input topic of every instance, the acks and the outputs; existing ones are kept. */
    public static void create(LiveConfig config, Collection<String> instances) throws InterruptedException {
        List<String> names = new ArrayList<>();
        instances.forEach(i -> names.add(config.inputTopic(i)));
        names.add(config.acksTopic());
        names.add(config.outTopic());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap()))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = names.stream().filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, 1, (short) 1)).toList();
            admin.createTopics(missing).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the run's topics " + names + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }
}
