package dev.sampo.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The part of CBOR (RFC 8949) that {@code sampo.packets} values use, read straight from the bytes:
 * maps and arrays of definite or indefinite length, integers (with bignum tags 2 and 3), text and
 * byte strings (chunked too), booleans and null; any other item (floats, other tags, simple
 * values) is skipped where a field is skipped and rejected where a field is read. Jackson's
 * streaming parser, which {@link PacketWireReader} used before, spent most of a record's decoding
 * turning each field name into a String through its symbol table (docs/PERFORMANCE.md); here a
 * name is compared as bytes with the names the reader knows. Not thread-safe: one reader a value.
 */
final class CborReader {
    private static final int MAJOR_UNSIGNED = 0;
    private static final int MAJOR_NEGATIVE = 1;
    private static final int MAJOR_BYTES = 2;
    private static final int MAJOR_TEXT = 3;
    private static final int MAJOR_ARRAY = 4;
    private static final int MAJOR_MAP = 5;
    private static final int MAJOR_TAG = 6;
    private static final int BREAK = 0xFF;
    private static final int FALSE = 0xF4;
    private static final int TRUE = 0xF5;
    private static final int NULL = 0xF6;
    private static final int TAG_POSITIVE_BIGNUM = 2;
    private static final int TAG_NEGATIVE_BIGNUM = 3;
    /** Deeper nesting than any record has is garbage: it fails instead of overflowing the stack. */
    private static final int MAX_DEPTH = 32;

    private final byte[] b;
    private final int start;
    private final int end;
    private int pos;
    /** The head last read: major type, and its argument (a length, a count, a value, a tag). */
    private int major;
    private int info;
    private long argument;
    private boolean indefinite;

    CborReader(byte[] b, int offset, int length) {
        this.b = b;
        this.start = offset;
        this.end = offset + length;
        this.pos = offset;
    }

    /** Where the reader is, from the value's start: for messages. */
    int offset() {
        return pos - start;
    }

    /** Starts a map: its number of entries, or -1 when indefinite (then {@link #atBreak} ends it). */
    int startMap(String what) throws IOException {
        return startContainer(MAJOR_MAP, what);
    }

    /** Starts an array: its number of items, or -1 when indefinite. */
    int startArray(String what) throws IOException {
        return startContainer(MAJOR_ARRAY, what);
    }

    private int startContainer(int type, String what) throws IOException {
        head();
        if (major != type) {
            throw new IOException("expected " + what + ", found " + kind() + " at byte " + offset());
        }
        if (indefinite) {
            return -1;
        }
        if (argument < 0 || argument > end - pos) { // every entry takes a byte at least
            throw truncated();
        }
        return (int) argument;
    }

    /** Whether an indefinite map or array ends here; consumes its break if so. */
    boolean atBreak() throws IOException {
        if ((peek() & 0xFF) == BREAK) {
            pos++;
            return true;
        }
        return false;
    }

    /** Whether the next item is null; consumes it if so. */
    boolean nextIsNull() throws IOException {
        if ((peek() & 0xFF) == NULL) {
            pos++;
            return true;
        }
        return false;
    }

    /** The UTF-8 bytes of each name, for {@link #key}. */
    static byte[][] names(String... names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    /**
     * A map key: its place among the names, or -1 for any other key (a text string not among them,
     * or a key of another type). Writers put fields in one order, so the name after the last one
     * found is tried first.
     */
    int key(byte[][] names, int guess) throws IOException {
        head();
        if (major != MAJOR_TEXT) {
            skipRest(0);
            return -1;
        }
        byte[] in = b;
        int at = pos;
        int n;
        if (indefinite) {
            in = chunks(MAJOR_TEXT);
            at = 0;
            n = in.length;
        } else {
            n = length();
            pos += n;
        }
        if (guess >= 0 && guess < names.length && is(names[guess], in, at, n)) {
            return guess;
        }
        for (int i = 0; i < names.length; i++) {
            if (is(names[i], in, at, n)) {
                return i;
            }
        }
        return -1;
    }

    /** By hand: for names of a few bytes, {@code Arrays.equals} costs more in setting up than comparing (profiled). */
    private static boolean is(byte[] name, byte[] in, int at, int n) {
        if (name.length != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (name[i] != in[at + i]) {
                return false;
            }
        }
        return true;
    }

    /** A signed 64-bit integer. */
    long integer(String name) throws IOException {
        head();
        if (major == MAJOR_UNSIGNED && argument >= 0) {
            return argument;
        }
        if (major == MAJOR_NEGATIVE && argument >= 0) {
            return -1 - argument;
        }
        if (major == MAJOR_UNSIGNED || major == MAJOR_NEGATIVE) {
            throw new IOException(name + " out of the 64-bit range");
        }
        BigInteger big = bignum(name);
        if (big.bitLength() > 63) {
            throw new IOException(name + " out of the 64-bit range: " + big);
        }
        return big.longValue();
    }

    /** A signed 32-bit integer. */
    int int32(String name) throws IOException {
        long v = integer(name);
        if (v != (int) v) {
            throw new IOException(name + " out of the 32-bit range: " + v);
        }
        return (int) v;
    }

    /**
     * An unsigned 64-bit integer as the two's-complement long of its bits. Above 2^63 − 1 Jackson
     * writes a positive bignum of 8 bytes (half the DSNs): read here as a long, not a BigInteger.
     */
    long unsigned64(String name) throws IOException {
        head();
        if (major == MAJOR_UNSIGNED) {
            return argument;
        }
        if (major == MAJOR_TAG && argument == TAG_POSITIVE_BIGNUM && end - pos >= 9 && (b[pos] & 0xFF) == 0x48) {
            pos++; // a definite byte string of 8 bytes
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (b[pos++] & 0xFF);
            }
            return v;
        }
        if (major == MAJOR_NEGATIVE) {
            throw new IOException(name + " is not an unsigned 64-bit value: " + (-1 - argument));
        }
        BigInteger big = bignum(name);
        if (big.signum() < 0 || big.bitLength() > 64) {
            throw new IOException(name + " is not an unsigned 64-bit value: " + big);
        }
        return big.longValue();
    }

    /** The bignum of the head just read (tag 2 or 3, then its byte string), or why it is none. */
    private BigInteger bignum(String name) throws IOException {
        if (major != MAJOR_TAG || (argument != TAG_POSITIVE_BIGNUM && argument != TAG_NEGATIVE_BIGNUM)) {
            throw new IOException(name + " must be an integer, not " + kind());
        }
        boolean negative = argument == TAG_NEGATIVE_BIGNUM;
        byte[] magnitude = bytes(name);
        if (magnitude == null) {
            throw new IOException(name + " must be an integer, not a tagged null");
        }
        BigInteger v = new BigInteger(1, magnitude);
        return negative ? BigInteger.valueOf(-1).subtract(v) : v;
    }

    /** A text string, or null. */
    String text(String name) throws IOException {
        if (nextIsNull()) {
            return null;
        }
        head();
        if (major != MAJOR_TEXT) {
            throw new IOException(name + " must be a string, not " + kind());
        }
        if (indefinite) {
            return new String(chunks(MAJOR_TEXT), StandardCharsets.UTF_8);
        }
        int n = length();
        String s = new String(b, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** A byte string, or null. */
    byte[] bytes(String name) throws IOException {
        if (nextIsNull()) {
            return null;
        }
        head();
        if (major != MAJOR_BYTES) {
            throw new IOException(name + " must be a byte string, not " + kind());
        }
        if (indefinite) {
            return chunks(MAJOR_BYTES);
        }
        int n = length();
        byte[] out = new byte[n];
        System.arraycopy(b, pos, out, 0, n);
        pos += n;
        return out;
    }

    boolean bool(String name) throws IOException {
        int v = peek() & 0xFF;
        if (v == TRUE || v == FALSE) {
            pos++;
            return v == TRUE;
        }
        head();
        throw new IOException(name + " must be true or false, not " + kind());
    }

    /** Skips the next item, whatever it is, with everything inside it. */
    void skip() throws IOException {
        skip(0);
    }

    private void skip(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("nested deeper than " + MAX_DEPTH + " at byte " + offset());
        }
        head();
        skipRest(depth);
    }

    /** Skips what follows the head just read. */
    private void skipRest(int depth) throws IOException {
        switch (major) {
            case MAJOR_BYTES, MAJOR_TEXT -> {
                if (indefinite) {
                    chunks(major);
                } else {
                    pos += length();
                }
            }
            case MAJOR_ARRAY, MAJOR_MAP -> {
                long items = major == MAJOR_MAP ? 2 : 1;
                if (indefinite) {
                    while (!atBreak()) {
                        for (long i = 0; i < items; i++) {
                            skip(depth + 1);
                        }
                    }
                } else {
                    if (argument < 0 || argument > end - pos) {
                        throw truncated();
                    }
                    long count = argument * items; // the nested items' heads overwrite argument
                    for (long i = 0; i < count; i++) {
                        skip(depth + 1);
                    }
                }
            }
            case MAJOR_TAG -> skip(depth + 1);
            default -> {
                // integers and simple values: the head was all of it (a float's bits are its argument)
            }
        }
    }

    /** The chunks of an indefinite string, each a definite string of the same major type, joined. */
    private byte[] chunks(int type) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (!atBreak()) {
            head();
            if (major != type || indefinite) {
                throw new IOException("a chunk of an indefinite string is " + kind() + " at byte " + offset());
            }
            int n = length();
            out.write(b, pos, n);
            pos += n;
        }
        return out.toByteArray();
    }

    /** The head's argument as the length of what follows, which must be there. */
    private int length() throws IOException {
        if (argument < 0 || argument > end - pos) {
            throw truncated();
        }
        return (int) argument;
    }

    private int peek() throws IOException {
        if (pos >= end) {
            throw truncated();
        }
        return b[pos];
    }

    /** Reads an item's head: its major type and argument. */
    private void head() throws IOException {
        int initial = peek() & 0xFF;
        pos++;
        major = initial >>> 5;
        info = initial & 0x1F;
        indefinite = false;
        if (info < 24) {
            argument = info;
        } else if (info <= 27) {
            int n = 1 << (info - 24);
            if (end - pos < n) {
                throw truncated();
            }
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 8) | (b[pos++] & 0xFF);
            }
            argument = v;
        } else if (info == 31 && major >= MAJOR_BYTES && major <= MAJOR_MAP) {
            indefinite = true;
            argument = -1;
        } else {
            throw new IOException("malformed CBOR item 0x" + Integer.toHexString(initial) + " at byte " + (offset() - 1));
        }
    }

    /** The kind of the head just read, for messages. */
    private String kind() {
        return switch (major) {
            case MAJOR_UNSIGNED, MAJOR_NEGATIVE -> "an integer";
            case MAJOR_BYTES -> "a byte string";
            case MAJOR_TEXT -> "a string";
            case MAJOR_ARRAY -> "an array";
            case MAJOR_MAP -> "a map";
            case MAJOR_TAG -> "tag " + argument;
            default -> info >= 25 ? "a float" : switch ((int) argument) {
                case 20, 21 -> "a boolean";
                case 22 -> "null";
                default -> "simple value " + argument;
            };
        };
    }

    private IOException truncated() {
        return new IOException("truncated at byte " + offset());
    }
}
