package dev.sampo.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How a command's failure reads: one line {@code sampo CMD: reason} on stderr, the stack trace
 * only with {@code --stacktrace} (the log of {@code up} and {@code demo} has it anyway). A usage
 * mistake names itself and points to {@code --help} rather than printing the whole usage.
 */
final class ErrorReport implements IExecutionExceptionHandler, IParameterExceptionHandler {
    /** picocli's exit code for a usage error; a failure while running exits with 1. */
    static final int USAGE = CommandLine.ExitCode.USAGE;

    private final BooleanSupplier stacktrace;

    ErrorReport(BooleanSupplier stacktrace) {
        this.stacktrace = stacktrace;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + reason(e));
        if (stacktrace.getAsBoolean()) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(name + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + name + " --help' for the usage.");
        err.flush();
        return USAGE;
    }

    /** What went wrong, in words: a file error names the file and the reason, a wrapper gives way to its cause. */
    static String reason(Throwable e) {
        if ((e instanceof CompletionException || e instanceof ExecutionException
                || e instanceof java.io.UncheckedIOException) && e.getCause() != null) {
            return reason(e.getCause());
        }
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (e instanceof FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : e.getClass().getSimpleName());
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
