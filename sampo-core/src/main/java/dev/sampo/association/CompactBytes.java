package dev.sampo.association;

import java.util.Arrays;

/**
 * Variable-length integers (LEB128: 7 bits a byte, low first; signed values zigzag-mapped) over a
 * byte array, for {@link EvidenceCodec}'s compact form. Hand-written rather than a library's: the
 * project has no serialization library in sampo-core, and this is 60 lines; read straight from
 * the array, it decodes faster than the {@code DataInputStream} the first form used
 * (docs/PERFORMANCE.md, "State per live subflow").
 */
final class CompactBytes {
    private CompactBytes() {
    }

    /** A growing byte array. */
    static final class Writer {
        private byte[] bytes;
        private int size;

        Writer(int capacity) {
            bytes = new byte[capacity];
        }

        void writeByte(int b) {
            room(1);
            bytes[size++] = (byte) b;
        }

        void writeShort(int v) {
            room(2);
            bytes[size++] = (byte) (v >>> 8);
            bytes[size++] = (byte) v;
        }

        void writeInt(int v) {
            room(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                bytes[size++] = (byte) (v >>> shift);
            }
        }

        void writeLong(long v) {
            room(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[size++] = (byte) (v >>> shift);
            }
        }

        /** Any long, as unsigned: 1 byte below 2^7, 10 at most. */
        void writeVarint(long v) {
            room(10);
            while ((v & ~0x7FL) != 0) {
                bytes[size++] = (byte) (v | 0x80);
                v >>>= 7;
            }
            bytes[size++] = (byte) v;
        }

        /** Any long, small magnitudes of either sign short. */
        void writeSigned(long v) {
            writeVarint(v << 1 ^ v >> 63);
        }

        byte[] toArray() {
            return Arrays.copyOf(bytes, size);
        }

        private void room(int n) {
            if (size + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, size + n));
            }
        }
    }

    /** Reads what a {@link Writer} wrote; running past the end or an overlong varint is corrupt input. */
    static final class Reader {
        private final byte[] bytes;
        private int at;

        Reader(byte[] bytes, int from) {
            this.bytes = bytes;
            this.at = from;
        }

        int readUnsignedByte() {
            need(1);
            return bytes[at++] & 0xFF;
        }

        int readUnsignedShort() {
            need(2);
            int v = (bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF);
            at += 2;
            return v;
        }

        int readInt() {
            need(4);
            int v = 0;
            for (int i = 0; i < 4; i++) {
                v = v << 8 | (bytes[at++] & 0xFF);
            }
            return v;
        }

        long readLong() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = v << 8 | (bytes[at++] & 0xFF);
            }
            return v;
        }

        long readVarint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                need(1);
                byte b = bytes[at++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("corrupt subflow evidence: varint longer than 10 bytes");
        }

        long readSigned() {
            long v = readVarint();
            return v >>> 1 ^ -(v & 1);
        }

        int remaining() {
            return bytes.length - at;
        }

        private void need(int n) {
            if (bytes.length - at < n) {
                throw new IllegalArgumentException("corrupt subflow evidence: truncated");
            }
        }
    }
}
