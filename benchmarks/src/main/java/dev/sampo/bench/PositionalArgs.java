package dev.sampo.bench;

/** A benchmark's positional arguments, each with its default where the command line leaves it out. */
final class PositionalArgs {
    /** The capture most benchmarks copy; the bundled lab sample stands in where it is absent ({@link CaptureCopies#read}). */
    static final String PAPER40 = "../shared/datasets/paper40/full.pcap.gz";

    private final String[] args;

    PositionalArgs(String[] args) {
        this.args = args;
    }

    int intAt(int index, int otherwise) {
        return args.length > index ? Integer.parseInt(args[index]) : otherwise;
    }

    String at(int index, String otherwise) {
        return args.length > index ? args[index] : otherwise;
    }
}
