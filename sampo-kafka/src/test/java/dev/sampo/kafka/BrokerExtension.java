package dev.sampo.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real {@link EmbeddedKafka} broker for a test class, on a free port in a directory of its own:
 * {@code @RegisterExtension static final BrokerExtension KAFKA = new BrokerExtension();}.
 */
public final class BrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private EmbeddedKafka broker;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("sampo-kafka-test");
        broker = EmbeddedKafka.start(dir, 0);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (broker != null) {
            broker.close();
        }
        PathUtils.deleteDirectory(dir);
    }

    public String bootstrap() {
        return broker.bootstrap();
    }
}
