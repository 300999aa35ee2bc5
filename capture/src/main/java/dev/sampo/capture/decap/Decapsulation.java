package dev.sampo.capture.decap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which encapsulations the agent strips, as given on the command line:
 * {@code auto|none|erspan|vxlan|gre|p4:SHIM.properties}.
 *
 * @param mode the mode
 * @param shim the P4 shim layout ({@link Mode#P4} only)
 */
public record Decapsulation(Mode mode, P4ShimFormat shim) {
    private static final String GRE_FILTER = "ip proto 47 or ip6 proto 47";

    public enum Mode {
        /** Strip whatever is recognised; plain frames pass through as they are. */
        AUTO(EnumSet.of(Outcome.PLAIN, Outcome.ERSPAN_I, Outcome.ERSPAN_II, Outcome.ERSPAN_III, Outcome.GRE_TEB,
                Outcome.GRE_IP, Outcome.VXLAN)),
        /** Frames are what was mirrored: decode them as they are. */
        NONE(EnumSet.of(Outcome.PLAIN)),
        ERSPAN(EnumSet.of(Outcome.ERSPAN_I, Outcome.ERSPAN_II, Outcome.ERSPAN_III)),
        GRE(EnumSet.of(Outcome.GRE_TEB, Outcome.GRE_IP)),
        VXLAN(EnumSet.of(Outcome.VXLAN)),
        P4(EnumSet.of(Outcome.P4));

        private final Set<Outcome> accepted;

        Mode(Set<Outcome> accepted) {
            this.accepted = accepted;
        }

        boolean accepts(Outcome outcome) {
            return accepted.contains(outcome);
        }
    }

    public Decapsulation {
        if ((mode == Mode.P4) != (shim != null)) {
            throw new IllegalArgumentException("a P4 shim layout goes with mode p4, and only with it");
        }
    }

    public static Decapsulation of(Mode mode) {
        return new Decapsulation(mode, null);
    }

    /**
     * Parses {@code auto}, {@code none}, {@code erspan}, {@code vxlan}, {@code gre} or
     * {@code p4:FILE} (a shim layout, see {@link P4ShimFormat}).
     */
    public static Decapsulation parse(String spec) throws IOException {
        if (spec.startsWith("p4:")) {
            return new Decapsulation(Mode.P4, P4ShimFormat.read(Path.of(spec.substring(3))));
        }
        return switch (spec) {
            case "auto" -> of(Mode.AUTO);
            case "none" -> of(Mode.NONE);
            case "erspan" -> of(Mode.ERSPAN);
            case "vxlan" -> of(Mode.VXLAN);
            case "gre" -> of(Mode.GRE);
            default -> throw new IllegalArgumentException("decapsulation '" + spec
                    + "': use auto, none, erspan, vxlan, gre or p4:SHIM.properties");
        };
    }

    /** The BPF filter used when none is given: TCP, plus whatever carries the encapsulation. */
    public String defaultFilter() {
        return switch (mode) {
            case NONE -> "tcp";
            case AUTO -> "tcp or udp dst port " + Vxlan.PORT + " or " + GRE_FILTER;
            case ERSPAN, GRE -> GRE_FILTER;
            case VXLAN -> "udp dst port " + Vxlan.PORT;
            case P4 -> shim.defaultFilter();
        };
    }
}
