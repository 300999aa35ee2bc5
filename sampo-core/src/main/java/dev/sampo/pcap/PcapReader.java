package dev.sampo.pcap;

import static dev.sampo.pcap.ByteOrderView.int32;
import static dev.sampo.pcap.ByteOrderView.uint16;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads classic pcap (libpcap) files: microsecond or nanosecond timestamps, either byte order.
 * Streaming and constant-memory: each record is parsed in place in one bounded buffer.
 */
public final class PcapReader implements CaptureReader {
    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;

    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    private static final int SUPPORTED_MAJOR_VERSION = 2;
    /**
     * The link type is the low 16 bits of the header field; the upper bits carry FCS information
     * (libpcap's LT_LINKTYPE), which must not leak into the link-type number.
     */
    private static final int LINK_TYPE_MASK = 0xFFFF;

    private final ReadBuffer in;
    private final String name;
    private final String description;
    private final boolean bigEndian;
    /** Multiplier from the record's sub-second field to nanoseconds: 1000 (µs) or 1 (ns). */
    private final int subsecondNanos;
    private final int linkType;
    private final int snapLength;
    private long recordNumber;
    private long truncated;

    /** Reads the global header from an uncompressed pcap stream. */
    public PcapReader(InputStream in, String name) throws IOException {
        this(new ReadBuffer(in), name, false);
    }

    PcapReader(ReadBuffer in, String name, boolean gzip) throws IOException {
        this.in = in;
        this.name = name;
        if (!in.request(GLOBAL_HEADER)) {
            throw new CaptureFormatException(name + ": truncated inside the pcap global header ("
                    + in.available() + " of " + GLOBAL_HEADER + " bytes)");
        }
        byte[] b = in.array();
        int at = in.position();
        int magic = int32(b, at, true);
        boolean big = magic == MAGIC_MICROS || magic == MAGIC_NANOS;
        int normalized = big ? magic : Integer.reverseBytes(magic);
        if (normalized != MAGIC_MICROS && normalized != MAGIC_NANOS) {
            throw new CaptureFormatException(name + ": not a pcap file (magic "
                    + Integer.toHexString(magic) + ")");
        }
        this.bigEndian = big;
        boolean nanos = normalized == MAGIC_NANOS;
        this.subsecondNanos = nanos ? 1 : 1000;
        int major = uint16(b, at + 4, big);
        if (major != SUPPORTED_MAJOR_VERSION) {
            throw new CaptureFormatException(name + ": unsupported pcap version " + major + "."
                    + uint16(b, at + 6, big));
        }
        this.snapLength = int32(b, at + 16, big);
        this.linkType = int32(b, at + 20, big) & LINK_TYPE_MASK;
        this.description = "pcap (" + (nanos ? "ns" : "µs") + ", "
                + (big ? "big-endian" : "little-endian") + (gzip ? ", gzip" : "") + ")";
        in.skip(GLOBAL_HEADER);
    }

    @Override
    public boolean next(Frame frame) throws IOException {
        if (!in.request(RECORD_HEADER)) {
            return endOfFile();
        }
        byte[] b = in.array();
        int at = in.position();
        int capturedLength = int32(b, at + 8, bigEndian);
        // Unsigned compare: a length with the top bit set is as corrupt as any oversized one.
        if (Integer.compareUnsigned(capturedLength, Frame.MAX_CAPTURED_LENGTH) > 0) {
            throw new CaptureFormatException(name + ": record " + (recordNumber + 1)
                    + " at byte offset " + in.offset() + ": captured length "
                    + Integer.toUnsignedString(capturedLength) + " exceeds the "
                    + Frame.MAX_CAPTURED_LENGTH + "-byte limit");
        }
        if (!in.request(RECORD_HEADER + capturedLength)) {
            return endOfFile();
        }
        b = in.array();
        at = in.position();
        long seconds = Integer.toUnsignedLong(int32(b, at, bigEndian));
        long subsecond = Integer.toUnsignedLong(int32(b, at + 4, bigEndian));
        int originalLength = int32(b, at + 12, bigEndian);
        frame.set(++recordNumber, seconds * 1_000_000_000L + subsecond * subsecondNanos,
                linkType, 0, b, at + RECORD_HEADER, capturedLength, originalLength);
        in.skip(RECORD_HEADER + capturedLength);
        return true;
    }

    /** Bytes left over at the end are a record the file was cut short in. */
    private boolean endOfFile() {
        if (in.available() > 0) {
            truncated = 1;
            in.skip(in.available());
        }
        return false;
    }

    public int linkType() {
        return linkType;
    }

    /** The header's snapshot length; informational, since writers do not always honour it. */
    public int snapLength() {
        return snapLength;
    }

    @Override
    public long truncatedRecords() {
        return truncated;
    }

    @Override
    public String formatDescription() {
        return description;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
