package dev.sampo.pcap;

import static dev.sampo.pcap.ByteOrderView.int32;
import static dev.sampo.pcap.ByteOrderView.int64;
import static dev.sampo.pcap.ByteOrderView.uint16;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads pcapng files: any number of sections (each with its own byte order) and interfaces (each
 * with its own link type and timestamp resolution). Packet blocks (EPB, SPB and the obsolete
 * OPB) are parsed in place in one bounded buffer; every other block is streamed past by its
 * length, so memory stays constant whatever the file holds.
 */
public final class PcapngReader implements CaptureReader {
    static final int SECTION_HEADER = 0x0A0D0D0A;

    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int SUPPORTED_MAJOR_VERSION = 1;
    private static final int INTERFACE_DESCRIPTION = 1;
    private static final int OBSOLETE_PACKET = 2;
    private static final int SIMPLE_PACKET = 3;
    private static final int ENHANCED_PACKET = 6;

    private static final int OPT_END = 0;
    private static final int OPT_IF_TSRESOL = 9;
    private static final int OPT_IF_TSOFFSET = 14;

    /** Block type and total length, then (at the very end) the total length again. */
    private static final int BLOCK_HEADER = 8;
    private static final int BLOCK_TRAILER = 4;
    private static final int MIN_BLOCK = BLOCK_HEADER + BLOCK_TRAILER;
    /** Type, length, byte-order magic, version, section length: enough to parse an SHB. */
    private static final int SECTION_HEADER_FIXED = 24;
    private static final int MIN_SECTION_HEADER = SECTION_HEADER_FIXED + BLOCK_TRAILER;
    private static final int MIN_INTERFACE_DESCRIPTION = 20;
    private static final int MIN_SIMPLE_PACKET = 16;
    /** EPB and OPB share a 28-byte prefix before the packet data. */
    private static final int PACKET_DATA = 28;
    private static final int MIN_PACKET = PACKET_DATA + BLOCK_TRAILER;
    /**
     * Skipped blocks are streamed, so any length could be honoured, but beyond this (Wireshark's
     * order of magnitude for a block) a length is corruption, better reported than skipped to EOF.
     */
    private static final int MAX_SKIPPED_BLOCK = 16 * 1024 * 1024;

    private final ReadBuffer in;
    private final String name;
    private final boolean gzip;
    private boolean bigEndian;
    private PcapngInterface[] interfaces = new PcapngInterface[4];
    private int interfaceCount;
    private long recordNumber;
    private long truncated;

    /** Reads the first section header from an uncompressed pcapng stream. */
    public PcapngReader(InputStream in, String name) throws IOException {
        this(new ReadBuffer(in), name, false);
    }

    PcapngReader(ReadBuffer in, String name, boolean gzip) throws IOException {
        this.in = in;
        this.name = name;
        this.gzip = gzip;
        if (in.request(4) && int32(in.array(), in.position(), true) != SECTION_HEADER) {
            throw new CaptureFormatException(name + ": not a pcapng file (first block type 0x"
                    + Integer.toHexString(int32(in.array(), in.position(), true)) + ")");
        }
        if (!readSectionHeader()) {
            throw new CaptureFormatException(name
                    + ": truncated inside the pcapng section header block");
        }
    }

    @Override
    public boolean next(Frame frame) throws IOException {
        while (true) {
            if (!in.request(BLOCK_HEADER)) {
                return endOfFile();
            }
            byte[] b = in.array();
            int at = in.position();
            int type = int32(b, at, bigEndian);
            if (type == SECTION_HEADER) {
                if (!readSectionHeader()) {
                    return cutShort();
                }
                continue;
            }
            int total = checkedLength(type, int32(b, at + 4, bigEndian));
            switch (type) {
                case ENHANCED_PACKET, OBSOLETE_PACKET, SIMPLE_PACKET, INTERFACE_DESCRIPTION -> {
                    // Parsed in place, so the whole block must fit the bounded buffer.
                    if (total > in.maxCapacity()) {
                        throw corrupt("block type " + type + " of " + total
                                + " bytes exceeds the " + in.maxCapacity() + "-byte limit");
                    }
                    if (!in.request(total)) {
                        return cutShort();
                    }
                    checkTrailer(in.offset(), total,
                            int32(in.array(), in.position() + total - BLOCK_TRAILER, bigEndian));
                    if (type == INTERFACE_DESCRIPTION) {
                        addInterface(total);
                        in.skip(total);
                    } else {
                        readPacket(type, total, frame);
                        in.skip(total);
                        return true;
                    }
                }
                default -> {
                    if (!skipBlock(total)) {
                        return cutShort();
                    }
                }
            }
        }
    }

    /**
     * Parses the SHB at the read position: its byte-order magic sets the order for the whole
     * section, and interface ids restart at 0.
     *
     * @return false if the stream ends inside the block
     */
    private boolean readSectionHeader() throws IOException {
        if (!in.request(SECTION_HEADER_FIXED)) {
            return false;
        }
        byte[] b = in.array();
        int at = in.position();
        int magic = int32(b, at + 8, true);
        if (magic != BYTE_ORDER_MAGIC && magic != Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
            throw corrupt("section header has byte-order magic 0x" + Integer.toHexString(magic)
                    + ", expected 0x1a2b3c4d in either byte order");
        }
        bigEndian = magic == BYTE_ORDER_MAGIC;
        int total = checkedLength(SECTION_HEADER, int32(b, at + 4, bigEndian));
        if (total < MIN_SECTION_HEADER) {
            throw corrupt("section header block of " + total + " bytes is shorter than "
                    + MIN_SECTION_HEADER);
        }
        int major = uint16(b, at + 12, bigEndian);
        if (major != SUPPORTED_MAJOR_VERSION) {
            throw corrupt("unsupported pcapng version " + major + "." + uint16(b, at + 14, bigEndian));
        }
        interfaceCount = 0;
        return skipBlock(total);
    }

    /** Validates a block's total length before anything is buffered or skipped on its word. */
    private int checkedLength(int type, int total) throws CaptureFormatException {
        if (total < MIN_BLOCK || total > MAX_SKIPPED_BLOCK || (total & 3) != 0) {
            throw corrupt("block type 0x" + Integer.toHexString(type) + " has an invalid total length "
                    + Integer.toUnsignedString(total));
        }
        return total;
    }

    /** Streams past the block at the read position, checking its trailing copy of the length. */
    private boolean skipBlock(int total) throws IOException {
        long blockOffset = in.offset();
        if (!in.discard(total - BLOCK_TRAILER) || !in.request(BLOCK_TRAILER)) {
            return false;
        }
        checkTrailer(blockOffset, total, int32(in.array(), in.position(), bigEndian));
        in.skip(BLOCK_TRAILER);
        return true;
    }

    /** A block's length is written at both ends; disagreement means the framing is lost. */
    private void checkTrailer(long blockOffset, int total, int trailer)
            throws CaptureFormatException {
        if (trailer != total) {
            throw corrupt(blockOffset, "block says it has " + total
                    + " bytes but ends with length " + Integer.toUnsignedString(trailer));
        }
    }

    private void addInterface(int total) throws CaptureFormatException {
        if (total < MIN_INTERFACE_DESCRIPTION) {
            throw corrupt("interface description block of " + total + " bytes is shorter than "
                    + MIN_INTERFACE_DESCRIPTION);
        }
        byte[] b = in.array();
        int at = in.position();
        int linkType = uint16(b, at + 8, bigEndian);
        int snapLength = int32(b, at + 12, bigEndian);
        int resolution = PcapngInterface.DEFAULT_RESOLUTION;
        long offsetSeconds = 0;
        int end = at + total - BLOCK_TRAILER;
        int option = at + MIN_INTERFACE_DESCRIPTION - BLOCK_TRAILER;
        while (end - option >= 4) {
            int code = uint16(b, option, bigEndian);
            int length = uint16(b, option + 2, bigEndian);
            int value = option + 4;
            if (code == OPT_END) {
                break;
            }
            if (length > end - value) {
                throw corrupt("interface option " + code + " of " + length
                        + " bytes overruns its block");
            }
            if (code == OPT_IF_TSRESOL && length >= 1) {
                resolution = b[value] & 0xFF;
            } else if (code == OPT_IF_TSOFFSET && length >= 8) {
                offsetSeconds = int64(b, value, bigEndian);
            }
            option = value + ((length + 3) & ~3);
        }
        if (!PcapngInterface.isSupportedResolution(resolution)) {
            throw corrupt("interface " + interfaceCount + " has unsupported if_tsresol 0x"
                    + Integer.toHexString(resolution));
        }
        if (interfaceCount == interfaces.length) {
            interfaces = Arrays.copyOf(interfaces, interfaceCount * 2);
        }
        interfaces[interfaceCount++] =
                new PcapngInterface(linkType, snapLength, resolution, offsetSeconds);
    }

    private void readPacket(int type, int total, Frame frame) throws CaptureFormatException {
        byte[] b = in.array();
        int at = in.position();
        if (type == SIMPLE_PACKET) {
            readSimplePacket(b, at, total, frame);
            return;
        }
        if (total < MIN_PACKET) {
            throw corrupt("packet block of " + total + " bytes is shorter than " + MIN_PACKET);
        }
        int interfaceId = type == ENHANCED_PACKET
                ? int32(b, at + 8, bigEndian)
                : uint16(b, at + 8, bigEndian);
        PcapngInterface iface = checkedInterface(interfaceId);
        long ticks = ((long) int32(b, at + 12, bigEndian) << 32)
                | Integer.toUnsignedLong(int32(b, at + 16, bigEndian));
        int capturedLength = int32(b, at + 20, bigEndian);
        if (Integer.compareUnsigned(capturedLength, total - MIN_PACKET) > 0) {
            throw corrupt("captured length " + Integer.toUnsignedString(capturedLength)
                    + " overruns its " + total + "-byte block");
        }
        if (capturedLength > Frame.MAX_CAPTURED_LENGTH) {
            throw corrupt("captured length " + capturedLength + " exceeds the "
                    + Frame.MAX_CAPTURED_LENGTH + "-byte limit");
        }
        frame.set(++recordNumber, iface.toNanos(ticks), iface.linkType, interfaceId,
                b, at + PACKET_DATA, capturedLength, int32(b, at + 24, bigEndian));
    }

    /**
     * An SPB belongs to interface 0 and records only the original length: the captured part is
     * what the snapshot length and the block leave of it. It carries no timestamp, so the frame
     * gets 0.
     */
    private void readSimplePacket(byte[] b, int at, int total, Frame frame)
            throws CaptureFormatException {
        if (total < MIN_SIMPLE_PACKET) {
            throw corrupt("simple packet block of " + total + " bytes is shorter than "
                    + MIN_SIMPLE_PACKET);
        }
        PcapngInterface iface = checkedInterface(0);
        int originalLength = int32(b, at + 8, bigEndian);
        long captured = Math.min(Integer.toUnsignedLong(originalLength), total - MIN_SIMPLE_PACKET);
        if (iface.snapLength > 0) {
            captured = Math.min(captured, Integer.toUnsignedLong(iface.snapLength));
        }
        if (captured > Frame.MAX_CAPTURED_LENGTH) {
            throw corrupt("captured length " + captured + " exceeds the "
                    + Frame.MAX_CAPTURED_LENGTH + "-byte limit");
        }
        frame.set(++recordNumber, 0, iface.linkType, 0, b, at + 12, (int) captured,
                originalLength);
    }

    private PcapngInterface checkedInterface(int interfaceId) throws CaptureFormatException {
        if (Integer.compareUnsigned(interfaceId, interfaceCount) >= 0) {
            throw corrupt("packet refers to interface " + Integer.toUnsignedString(interfaceId)
                    + " but the section has described " + interfaceCount);
        }
        return interfaces[interfaceId];
    }

    private boolean endOfFile() {
        return in.available() > 0 ? cutShort() : false;
    }

    /** The stream ended inside a block: that last block is lost, everything before it stands. */
    private boolean cutShort() {
        truncated = 1;
        in.skip(in.available());
        return false;
    }

    /** For the block at the read position. */
    private CaptureFormatException corrupt(String detail) {
        return corrupt(in.offset(), detail);
    }

    private CaptureFormatException corrupt(long blockOffset, String detail) {
        return new CaptureFormatException(name + ": block at byte offset " + blockOffset + ": "
                + detail);
    }

    @Override
    public long truncatedRecords() {
        return truncated;
    }

    @Override
    public String formatDescription() {
        return "pcapng (" + (bigEndian ? "big-endian" : "little-endian") + (gzip ? ", gzip" : "")
                + ")";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
