package dev.sampo.cli;

import dev.sampo.sflow.SflowCaptureReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Tells an sFlow recording apart from a packet capture: read as packets it holds no TCP at all,
 * and reporting "0 sessions" for it would send a newcomer looking for a bug in the wrong place.
 */
final class SflowRecording {
    /** Datagrams looked at: an export stream is sFlow from its first datagram. */
    private static final int LOOK_AT = 64;

    private SflowRecording() {
    }

    /**
     * Fails when {@code file}, read as packets, gave no MPTCP record and holds sFlow datagrams.
     *
     * @param mptcpRecords the MPTCP records the packet reader found
     */
    static void rejectAsPackets(Path file, long mptcpRecords) throws IOException {
        if (mptcpRecords == 0 && holdsSflow(file)) {
            throw new IllegalArgumentException(file + " holds sFlow datagrams, not packets: read it with --input sflow");
        }
    }

    /** Whether one of the first UDP datagrams starts as an sFlow v5 datagram: version 5, agent address IPv4 or IPv6. */
    static boolean holdsSflow(Path file) throws IOException {
        try (SflowCaptureReader reader = new SflowCaptureReader(file)) {
            for (int i = 0; i < LOOK_AT && reader.next(); i++) {
                byte[] data = reader.frame().data;
                int at = reader.udp().payloadOffset;
                if (reader.udp().payloadLength >= 8 && int32(data, at) == 5
                        && (int32(data, at + 4) == 1 || int32(data, at + 4) == 2)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
