package dev.sampo.cli;

import dev.sampo.sflow.CollectorConfig;
import dev.sampo.sflow.SflowReplay;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sflow-replay", mixinStandardHelpOptions = true,
        description = {"Resend the UDP datagrams of a capture (an sFlow recording, any port) to a collector,",
            "byte for byte and in order, at the capture's pace times --speed, or as fast as possible (max)."})
final class SflowReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A pcap or pcapng capture of sFlow datagrams, optionally gzip'd.")
    Path file;

    @Option(names = "--to", required = true, paramLabel = "HOST:PORT", description = "The collector.")
    String to;

    @Option(names = "--speed", paramLabel = "X|max", defaultValue = "1",
            description = "Pace: X times the captured pace, or max (default: ${DEFAULT-VALUE}).")
    String speed;

    @Override
    public Integer call() throws Exception {
        double x = Replay.parseSpeed(speed);
        SflowReplay.Result r = SflowReplay.replay(file, CollectorConfig.parseAddress(to, "127.0.0.1"), x);
        System.out.printf("sent %d datagrams (%d bytes) in %.3f s, %.0f datagrams/s%s%n", r.datagrams(), r.bytes(),
                r.seconds(), r.datagramsPerSecond(),
                r.truncatedSkipped() > 0 ? "; " + r.truncatedSkipped() + " cut by the snaplen, not sent" : "");
        return 0;
    }
}
