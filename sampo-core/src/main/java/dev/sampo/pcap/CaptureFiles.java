package dev.sampo.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.io.input.ReadAheadInputStream;

/**
 * Opens capture files by their content, never their name: gzip is unwrapped transparently, then
 * the magic number picks pcap or pcapng.
 */
public final class CaptureFiles {
    private static final int GZIP_MAGIC = 0x1F8B;
    /** Inflater input chunk: large, so decompression runs in long uninterrupted stretches. */
    private static final int GZIP_BUFFER = 64 * 1024;
    private static final int SHOWN_BYTES = 8;
    private static final int READ_AHEAD = 1 << 20;

    private CaptureFiles() {
    }

    public static CaptureReader open(Path file) throws IOException {
        return open(Files.newInputStream(file), file.getFileName().toString());
    }

    /**
     * Detects the format of {@code stream} and returns a reader that owns it (closing the reader
     * closes the stream; so does a failure here).
     *
     * @param name how error messages refer to the stream, typically its file name
     * @throws CaptureFormatException if the content is neither pcap nor pcapng
     */
    public static CaptureReader open(InputStream stream, String name) throws IOException {
        try {
            return detect(stream, name);
        } catch (IOException | RuntimeException e) {
            try {
                stream.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static CaptureReader detect(InputStream stream, String name) throws IOException {
        PushbackInputStream raw = new PushbackInputStream(stream, 2);
        byte[] head = raw.readNBytes(2);
        raw.unread(head);
        boolean gzip = head.length == 2 && ((head[0] & 0xFF) << 8 | head[1] & 0xFF) == GZIP_MAGIC;
        // Inflating takes as long as decoding: a read-ahead thread runs it on the other core
        // (measured on paper40: analyze 1.0 s → see README's speed table).
        InputStream content = gzip
                ? ReadAheadInputStream.builder().setInputStream(NamedGzipStream.open(raw, name))
                        .setBufferSize(READ_AHEAD).get()
                : raw;
        ReadBuffer in = new ReadBuffer(content);
        if (in.request(4)) {
            int magic = ByteOrderView.int32(in.array(), in.position(), true);
            if (magic == PcapngReader.SECTION_HEADER) {
                return new PcapngReader(in, name, gzip);
            }
            if (isPcapMagic(magic) || isPcapMagic(Integer.reverseBytes(magic))) {
                return new PcapReader(in, name, gzip);
            }
        }
        in.request(SHOWN_BYTES);
        throw new CaptureFormatException(name + (gzip ? " is gzip-compressed but" : "")
                + " is not a pcap or pcapng capture (first bytes"
                + (gzip ? " after decompression" : "") + ": " + firstBytes(in) + ")");
    }

    /**
     * Reads concatenated members as one stream, as gzip(1) does, and reports corrupt compressed
     * data as a format error that names the file.
     */
    private static final class NamedGzipStream extends GZIPInputStream {
        private final String name;

        private NamedGzipStream(InputStream in, String name) throws IOException {
            super(in, GZIP_BUFFER);
            this.name = name;
        }

        /** The constructor already parses the first member's header. */
        static NamedGzipStream open(InputStream in, String name) throws IOException {
            try {
                return new NamedGzipStream(in, name);
            } catch (ZipException e) {
                throw new CaptureFormatException(name
                        + " starts like gzip but is not a valid gzip stream: " + e.getMessage(), e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (ZipException e) {
                throw new CaptureFormatException(name + ": corrupt gzip data: " + e.getMessage(), e);
            }
        }
    }

    private static boolean isPcapMagic(int magic) {
        return magic == PcapReader.MAGIC_MICROS || magic == PcapReader.MAGIC_NANOS;
    }

    private static String firstBytes(ReadBuffer in) {
        int shown = Math.min(in.available(), SHOWN_BYTES);
        if (shown == 0) {
            return "none, it is empty";
        }
        StringBuilder s = new StringBuilder();
        byte[] b = in.array();
        for (int i = 0; i < shown; i++) {
            s.append(i > 0 ? " " : "").append(String.format("%02x", b[in.position() + i]));
        }
        return s.toString();
    }
}
