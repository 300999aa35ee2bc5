package dev.sampo.cli;

import dev.sampo.capture.MptcpLab;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the tests on the OVS lab share. */
final class OvsTests {
    private OvsTests() {
    }

    /** Skips the calling tests unless the OVS lab can run here (root, the lab's tools, Open vSwitch). */
    static void assumeOvsLab() throws Exception {
        MptcpLab.assumeRunnable();
        MptcpLab.assumeOpenVswitch();
    }

    /** A producer of text records, as the job and the NF instances write them. */
    static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }
}
