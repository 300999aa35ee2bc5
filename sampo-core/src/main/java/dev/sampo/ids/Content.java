package dev.sampo.ids;

import java.util.Arrays;

/** One {@code content} of a rule: the bytes to find, and whether ASCII letters match in any case. */
public record Content(byte[] bytes, boolean nocase) {
    @Override
    public boolean equals(Object o) {
        return o instanceof Content c && nocase == c.nocase && Arrays.equals(bytes, c.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + Boolean.hashCode(nocase);
    }

    @Override
    public String toString() {
        return "Content[" + bytes.length + " bytes" + (nocase ? ", nocase" : "") + "]";
    }
}
