package dev.sampo.pcap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** A frame copied out of a reader's buffer, comparable by value. */
record CapturedFrame(long number, long timestampNanos, int linkType, int interfaceId,
                     byte[] data, int originalLength) {

    static CapturedFrame copyOf(Frame f) {
        return new CapturedFrame(f.number, f.timestampNanos, f.linkType, f.interfaceId,
                Arrays.copyOfRange(f.data, f.offset, f.offset + f.capturedLength),
                f.originalLength);
    }

    /** Reads every frame, then closes the reader. */
    static List<CapturedFrame> readAll(CaptureReader reader) throws IOException {
        try (reader) {
            List<CapturedFrame> frames = new ArrayList<>();
            Frame f = new Frame();
            while (reader.next(f)) {
                frames.add(copyOf(f));
            }
            return frames;
        }
    }

    /** The same packet as seen through another container: numbering and interface aside. */
    boolean samePacketAs(CapturedFrame o) {
        return timestampNanos == o.timestampNanos && linkType == o.linkType
                && originalLength == o.originalLength && Arrays.equals(data, o.data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapturedFrame c && number == c.number && interfaceId == c.interfaceId
                && samePacketAs(c);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(number) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "#" + number + " t=" + timestampNanos + " lt=" + linkType + " if=" + interfaceId
                + " len=" + data.length + "/" + originalLength + " "
                + HexFormat.of().formatHex(data, 0, Math.min(data.length, 16));
    }
}
