package dev.sampo.capture;

import dev.sampo.capture.decap.Decapsulation;

/**
 * How the agent captures.
 *
 * @param iface interface to capture on
 * @param netns network namespace to open the interface in ({@code ip netns} name), or null for the JVM's own
 * @param filter BPF filter expression, or null for the decapsulation's default
 * @param snaplen bytes kept per frame: enough for every header and the MPTCP options, plus any tunnel headers
 * @param bufferBytes kernel ring buffer size; what absorbs bursts before the kernel drops
 * @param decapsulation what to strip before decoding
 * @param mptcpOnly publish only segments that carry an MPTCP option
 * @param keepPayload records carry the captured TCP payload (sampo.packets version 2), for the
 *     job's IDS stage; the snaplen must then cover the payload
 * @param statsIntervalMillis how often to report counters
 */
public record CaptureConfig(String iface, String netns, String filter, int snaplen, int bufferBytes,
                            Decapsulation decapsulation, boolean mptcpOnly, boolean keepPayload,
                            long statsIntervalMillis) {
    /** 128 bytes hold Ethernet, IP, a full TCP header with 40 bytes of options; 256 leaves room for tunnels. */
    public static final int DEFAULT_SNAPLEN = 256;
    /** About 200,000 frames of ring at the default snaplen: a second of backlog while the JIT warms up. */
    public static final int DEFAULT_BUFFER = 64 << 20;
    /** The snaplen when payload is kept: the largest frame, so that no payload is cut. */
    public static final int PAYLOAD_SNAPLEN = 65_535;

    public CaptureConfig {
        if (iface == null || iface.isBlank()) {
            throw new IllegalArgumentException("an interface is required");
        }
        if (snaplen < 64 || snaplen > 262_144) {
            throw new IllegalArgumentException("snaplen " + snaplen + ": must be 64…262144 bytes");
        }
        if (bufferBytes < (1 << 16)) {
            throw new IllegalArgumentException("buffer " + bufferBytes + ": must be at least 65536 bytes");
        }
    }

    public String effectiveFilter() {
        return filter != null ? filter : decapsulation.defaultFilter();
    }
}
