package dev.sampo.sflow;

import dev.sampo.packet.UdpPayload;
import dev.sampo.pcap.CaptureFiles;
import dev.sampo.pcap.CaptureReader;
import dev.sampo.pcap.Frame;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The UDP datagrams of a capture file (pcap or pcapng, gzip'd or not), on any port: a recording of
 * sFlow exports. Frames that are not UDP are counted and skipped; whether a datagram is sFlow is
 * for the decoder to say.
 */
public final class SflowCaptureReader implements Closeable {
    private final CaptureReader reader;
    private final Frame frame = new Frame();
    private final UdpPayload udp = new UdpPayload();
    private long frames;
    private long datagrams;
    private long truncatedDatagrams;

    public SflowCaptureReader(Path file) throws IOException {
        this.reader = CaptureFiles.open(file);
    }

    /** Moves to the next UDP datagram; false at the end of the capture. */
    public boolean next() throws IOException {
        while (reader.next(frame)) {
            frames++;
            if (udp.find(frame.linkType, frame.data, frame.offset, frame.capturedLength)) {
                datagrams++;
                if (udp.truncated) {
                    truncatedDatagrams++;
                }
                return true;
            }
        }
        return false;
    }

    /** The current frame; its bytes are valid until the next {@link #next()}. */
    public Frame frame() {
        return frame;
    }

    /** Where the current datagram's payload is in {@link Frame#data}. */
    public UdpPayload udp() {
        return udp;
    }

    public long frames() {
        return frames;
    }

    public long datagrams() {
        return datagrams;
    }

    /** Datagrams the capture's snaplen cut short (decoded as far as they go). */
    public long truncatedDatagrams() {
        return truncatedDatagrams;
    }

    /** Input-level warnings worth printing, or "". */
    public String warnings() {
        StringBuilder sb = new StringBuilder();
        if (frames > datagrams) {
            sb.append(frames - datagrams).append(" frames that are not UDP skipped");
        }
        if (truncatedDatagrams > 0) {
            sb.append(sb.length() == 0 ? "" : "; ").append(truncatedDatagrams).append(" datagrams cut by the snaplen");
        }
        if (reader.truncatedRecords() > 0) {
            sb.append(sb.length() == 0 ? "" : "; ").append(reader.truncatedRecords())
                    .append(" truncated last record skipped (").append(reader.formatDescription()).append(')');
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
