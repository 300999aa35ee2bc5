package dev.sampo.capture.decap;

/**
 * Finds the mirrored frame inside a captured one. Allocation-free: the result is a window on the
 * captured bytes plus the observation point, written into an {@link InnerFrame}; every frame is
 * counted by {@link Outcome} and nothing throws on malformed input.
 */
public final class Decapsulator {
    private final Decapsulation config;
    private final Underlay underlay = new Underlay();
    private final P4Shim shim;
    private final DecapStats stats = new DecapStats();

    public Decapsulator(Decapsulation config) {
        this.config = config;
        this.shim = config.shim() == null ? null : new P4Shim(config.shim());
    }

    public DecapStats stats() {
        return stats;
    }

    /**
     * Decapsulates {@code b[off, off+len)}, a frame of the given LINKTYPE. When the outcome
     * {@link Outcome#hasFrame() has a frame}, {@code out} holds it.
     */
    public Outcome decap(int linkType, byte[] b, int off, int len, long timestampNanos, InnerFrame out) {
        out.reset(linkType, off, len, timestampNanos);
        Outcome outcome = find(linkType, b, off, off + len, out);
        if (outcome.hasFrame() && !config.mode().accepts(outcome)) {
            outcome = Outcome.NOT_ENCAPSULATED;
        }
        if (outcome == Outcome.NOT_ENCAPSULATED && config.mode().accepts(Outcome.PLAIN)) {
            out.reset(linkType, off, len, timestampNanos);
            outcome = Outcome.PLAIN;
        }
        stats.add(outcome);
        return outcome;
    }

    private Outcome find(int linkType, byte[] b, int off, int end, InnerFrame out) {
        switch (config.mode()) {
            case NONE -> {
                return Outcome.PLAIN;
            }
            case P4 -> {
                return shim.decap(linkType, b, off, end, out);
            }
            default -> {
                if (!underlay.locate(linkType, b, off, end)) {
                    return underlay.failure;
                }
                out.point.from(underlay.header.srcHi, underlay.header.srcLo);
                return switch (underlay.ip.protocol) {
                    case Underlay.PROTO_GRE -> Gre.decap(b, underlay.ip.transportOffset, underlay.end(), out);
                    case Underlay.PROTO_UDP -> Vxlan.decap(b, underlay.ip.transportOffset, underlay.end(), out);
                    default -> Outcome.NOT_ENCAPSULATED;
                };
            }
        }
    }
}
