package dev.sampo.ids;

/**
 * Bytes seen as chars for the Aho–Corasick automaton, without copying: ASCII as itself, and every
 * byte from 0x80 up as a private-use char (U+E080…U+E0FF). The automaton's case folding
 * ({@link Character#toLowerCase(char)}) then folds ASCII letters only, as Suricata's
 * {@code nocase} does, never Latin-1 letters.
 */
final class ByteChars implements CharSequence {
    private byte[] bytes;
    private int length;

    ByteChars over(byte[] bytes, int length) {
        this.bytes = bytes;
        this.length = length;
        return this;
    }

    static char of(byte b) {
        return b >= 0 ? (char) b : (char) (0xE000 | (b & 0xFF));
    }

    static String of(byte[] bytes) {
        char[] c = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            c[i] = of(bytes[i]);
        }
        return new String(c);
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        return of(bytes[index]);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        char[] c = new char[end - start];
        for (int i = start; i < end; i++) {
            c[i - start] = of(bytes[i]);
        }
        return new String(c);
    }

    @Override
    public String toString() {
        return subSequence(0, length).toString();
    }
}
