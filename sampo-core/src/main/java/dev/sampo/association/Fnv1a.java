package dev.sampo.association;

/**
 * 64-bit FNV-1a over a string's chars: session ids are built from it, and the streaming job keeps
 * it as what it last sent under a key instead of the value itself.
 */
public final class Fnv1a {
    private Fnv1a() {
    }

    public static long hash64(CharSequence s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }
}
