package dev.sampo.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The capture and its kernel ground truth: what {@code eval}, {@code sweep} and {@code steer} score. */
final class CaptureWithTruth {
    @Parameters(paramLabel = "FILE", converter = ReadableFile.class,
            description = "A pcap or pcapng capture, optionally gzip'd (see --input).")
    Path file;

    @Option(names = "--truth", required = true, paramLabel = "TRUTH.json", converter = ReadableFile.class,
            description = "Kernel ground truth of the capture, in the lab's truth.json format.")
    Path truthFile;
}
