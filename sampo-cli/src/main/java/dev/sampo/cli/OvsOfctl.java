package dev.sampo.cli;

import dev.sampo.enforcement.FlowDump;
import dev.sampo.enforcement.FlowRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The enforcer's edge to Open vSwitch: {@code ovs-ofctl}, run once per operation. Chosen over an
 * OpenFlow library because it is what OVS ships and operators already use on the same bridge (the
 * rules read back exactly as an operator's {@code dump-flows} shows them), it speaks OpenFlow 1.4
 * bundles ({@code --bundle add-flows}: a unit's rules are applied all or none), and Java's OpenFlow
 * libraries (openflowj, from Floodlight/ONOS) are unmaintained and would pull a controller's worth
 * of code into the CLI. The cost is a process per batch, about 10 ms: a round's changes go in one
 * bundle, so that does not bound how many rules a second the enforcer applies.
 */
final class OvsOfctl {
    private static final Pattern PORT = Pattern.compile("^\\s*(\\d+)\\(([^)]+)\\):", Pattern.MULTILINE);

    private final String target;
    private final Duration timeout;

    /** A switch that could not be reached, or that refused what it was sent. */
    static final class SwitchException extends Exception {
        SwitchException(String message) {
            super(message);
        }
    }

    /**
     * @param target a bridge name (its socket in ovs-ofctl's run directory, {@code $OVS_RUNDIR}), or
     *     any target ovs-ofctl takes: {@code unix:PATH}, {@code tcp:HOST:PORT}
     */
    OvsOfctl(String target, Duration timeout) {
        this.target = target;
        this.timeout = timeout;
    }

    String target() {
        return target;
    }

    /** The switch's ports: each by name and by its number (as text), to its OpenFlow number. */
    Map<String, Integer> ports() throws SwitchException {
        Map<String, Integer> ports = new HashMap<>();
        Matcher m = PORT.matcher(run(null, "show", target));
        while (m.find()) {
            int number = Integer.parseInt(m.group(1));
            ports.put(m.group(2), number);
            ports.put(m.group(1), number);
        }
        return ports;
    }

    /** The rules that pass {@code filter} (an ovs-ofctl flow filter, e.g. a cookie and mask; empty: all). */
    List<FlowRule> rules(String filter) throws SwitchException {
        String dump = filter.isEmpty() ? run(null, "--no-names", "--no-stats", "dump-flows", target)
                : run(null, "--no-names", "--no-stats", "dump-flows", target, filter);
        try {
            return FlowDump.parse(dump);
        } catch (IllegalArgumentException e) {
            throw new SwitchException("unreadable dump-flows of " + target + ": " + e.getMessage());
        }
    }

    /** Applies {@code add}/{@code delete_strict} lines as one OpenFlow bundle: all of them, or none. */
    void apply(List<String> lines) throws SwitchException {
        run(String.join("\n", lines) + "\n", "--bundle", "add-flows", target, "-");
    }

    private String run(String stdin, String... args) throws SwitchException {
        List<String> command = new ArrayList<>(List.of("ovs-ofctl", "-O", "OpenFlow14"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new SwitchException("cannot run ovs-ofctl (is Open vSwitch installed?): " + e.getMessage());
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process exited before reading everything: its exit status and stderr say why
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new SwitchException("ovs-ofctl " + args[args.length > 2 ? args.length - 2 : 0] + " " + target
                        + " did not answer within " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SwitchException("interrupted while talking to " + target);
        }
        if (p.exitValue() != 0) {
            throw new SwitchException(err.join().strip().replace('\n', ' '));
        }
        return out.join();
    }

    /** Reads a stream to its end on a thread of its own (not the common pool: these reads block). */
    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        }, "ovs-ofctl-reader");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
