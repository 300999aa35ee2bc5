package dev.sampo.cli;

import dev.sampo.sflow.SflowReplay;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "sflow-replay", mixinStandardHelpOptions = true,
        description = {"Resend the UDP datagrams of a capture (an sFlow recording, any port) to a collector.",
            "Byte for byte and in order, at the capture's pace times --speed, or as fast as possible (max)."})
final class SflowReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", converter = ReadableFile.class, description = "A pcap or pcapng capture of sFlow datagrams, optionally gzip'd.")
    Path file;

    @Option(names = "--to", required = true, paramLabel = "HOST:PORT", converter = Addresses.Remote.class,
            description = "The collector.")
    InetSocketAddress to;

    @Option(names = "--speed", paramLabel = "X|max", defaultValue = "1", converter = Speed.class,
            description = "Pace: X times the captured pace, or max (default: ${DEFAULT-VALUE}).")
    double speed;

    @Override
    public Integer call() throws Exception {
        SflowReplay.Result r = SflowReplay.replay(file, to, speed);
        spec.commandLine().getOut().printf("sent %d datagrams (%d bytes) in %.3f s, %.0f datagrams/s%s%n", r.datagrams(), r.bytes(),
                r.seconds(), r.datagramsPerSecond(),
                r.truncatedSkipped() > 0 ? "; " + r.truncatedSkipped() + " cut by the snaplen, not sent" : "");
        return 0;
    }
}
