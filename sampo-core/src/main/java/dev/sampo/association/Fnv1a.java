package dev.sampo.association;

/**
 * 64-bit FNV-1a over a string's chars: session ids are built from it, and the streaming job keeps
 * it as what it last sent under a key instead of the value itself. {@link #add} hashes characters
 * as they are produced, for a text that need not be built (a session id's subflow id).
 */
public final class Fnv1a {
    /** The hash of no characters. */
    static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Fnv1a() {
    }

    public static long hash64(CharSequence s) {
        return add(OFFSET, s);
    }

    /** The hash of the characters hashed into {@code h} followed by {@code c}. */
    static long add(long h, char c) {
        return (h ^ c) * PRIME;
    }

    /** The hash of the characters hashed into {@code h} followed by those of {@code s}. */
    static long add(long h, CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            h = add(h, s.charAt(i));
        }
        return h;
    }
}
