package dev.sampo.cli;

import dev.sampo.time.Durations;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./sampo} command line. */
@Command(name = "sampo", mixinStandardHelpOptions = true, version = "sampo 0.1.0",
        description = "Passive MPTCP session association: which TCP subflows belong to one MPTCP session.",
        subcommands = {DumpCommand.class, AnalyzeCommand.class, EvalCommand.class, SweepCommand.class,
            CaptureCommand.class, SflowCommand.class, SflowReplayCommand.class, ReplayCommand.class,
            UpCommand.class, DemoCommand.class, NfExampleCommand.class, SteerCommand.class,
            MigrateSimCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        // Every duration option takes the one syntax of Sampo's settings: 500ms, 1s, 2m, or seconds.
        cli.registerConverter(Duration.class, Durations::parse);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("sampo " + cmd.getCommandName() + ": " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
