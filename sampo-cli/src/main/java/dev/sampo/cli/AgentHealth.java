package dev.sampo.cli;

import dev.sampo.capture.CaptureReport;
import dev.sampo.kafka.AgentHealthPublisher;
import dev.sampo.sflow.CollectorStats;
import dev.sampo.wire.AgentRecord;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * {@code --agent-id}: capture and sflow with {@code --kafka} publish their counters as this agent to
 * {@code sampo.agents} every stats period, so the dashboard sees what only the agent knows (capture
 * drops, sequence loss). Without Kafka nothing is published.
 */
final class AgentHealth {
    @Option(names = "--agent-id", paramLabel = "ID",
            description = {"With --kafka, the key of this agent's health records on sampo.agents "
                + "(default: capture/HOST/IFACE[@NETNS] or sflow/HOST:PORT)."})
    String agentId;

    /** Where a running agent's reports go: to Kafka, or nowhere. */
    static final class Reports implements AutoCloseable {
        private final String agent;
        private final AgentHealthPublisher publisher;
        private final PrintWriter err;
        private final String command;
        private final long startMillis = System.currentTimeMillis();

        private Reports(String agent, AgentHealthPublisher publisher, PrintWriter err, String command) {
            this.agent = agent;
            this.publisher = publisher;
            this.err = err;
            this.command = command;
        }

        void capture(CaptureReport r) {
            if (publisher != null) {
                publisher.publish(AgentRecord.of(agent, System.currentTimeMillis(), r.seconds(),
                        new AgentRecord.Capture(r.pcap().received(), r.pcap().dropped(), r.pcap().interfaceDropped(),
                                r.frames(), r.sampled(), r.records())));
            }
        }

        void sflow(CollectorStats s) {
            if (publisher != null) {
                long now = System.currentTimeMillis();
                publisher.publish(AgentRecord.of(agent, now, (now - startMillis) / 1e3,
                        new AgentRecord.Sflow(s.agents(), s.datagrams(), s.flowSamples(), s.records(),
                                s.datagramsLost(), s.samplesLost(), s.agentDrops(), s.decodeErrors(),
                                s.exporters().stream().map(e -> new AgentRecord.Exporter(e.agent(), e.subAgent(),
                                        e.datagrams(), e.flowSamples(), e.datagramsLost(), e.samplesLost())).toList(),
                                s.untrackedDatagrams())));
            }
        }

        /** Sends what is queued; says on stderr how many health records failed, if any. */
        @Override
        public void close() {
            if (publisher == null) {
                return;
            }
            publisher.close();
            if (publisher.failed() > 0) {
                err.println("sampo " + command + ": " + publisher.failed() + " health records not published to "
                        + "sampo.agents (" + publisher.lastError() + ")");
            }
        }
    }

    /**
     * Publishes to {@code kafka} as {@code --agent-id}, or as {@code defaultId}; a null {@code kafka}
     * publishes nothing. Failures are told on {@code err}, as {@code sampo COMMAND}.
     *
     * @param client the Kafka client settings the command's packet sink uses
     */
    Reports open(InetSocketAddress kafka, Properties client, String defaultId, PrintWriter err, String command) {
        if (kafka == null) {
            return new Reports(null, null, err, command);
        }
        String id = agentId != null ? agentId : defaultId;
        return new Reports(id, new AgentHealthPublisher(Sinks.bootstrap(kafka), client), err, command);
    }

    /** This machine's name, for default agent ids. */
    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
