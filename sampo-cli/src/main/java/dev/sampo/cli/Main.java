package dev.sampo.cli;

import dev.sampo.time.Durations;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.TypeConversionException;

/** The {@code ./sampo} command line. */
@Command(name = "sampo", mixinStandardHelpOptions = true, version = "sampo 0.1.0",
        description = "Passive MPTCP session association: which TCP subflows belong to one MPTCP session.",
        subcommands = {DumpCommand.class, AnalyzeCommand.class, EvalCommand.class, SweepCommand.class,
            CaptureCommand.class, SflowCommand.class, SflowReplayCommand.class, ReplayCommand.class,
            UpCommand.class, DemoCommand.class, NfExampleCommand.class, SteerCommand.class,
            MigrateSimCommand.class, NfRunCommand.class, IdsCommand.class, DirectivesCommand.class,
            DirectiveServiceCommand.class, EnforceCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
            description = "On an error, print its stack trace after the one-line reason.")
    boolean stacktrace;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with Sampo's error reporting; it prints to System.out and System.err unless told otherwise. */
    static CommandLine commandLine() {
        Main main = new Main();
        ErrorReport errors = new ErrorReport(() -> main.stacktrace);
        return new CommandLine(main)
                // Every duration option takes the one syntax of Sampo's settings: 500ms, 1s, 2m, or seconds.
                .registerConverter(Duration.class, Main::duration)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
    }

    /** A bad duration is a usage error that quotes it, like any other bad value. */
    private static Duration duration(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
