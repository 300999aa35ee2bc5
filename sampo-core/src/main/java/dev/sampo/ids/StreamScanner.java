package dev.sampo.ids;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Content matching over one direction of one stream, fed in order chunk by chunk: it keeps the
 * last {@code longest − 1} bytes, so that a content straddling two chunks (two segments, two
 * subflows) is found, and remembers which subflow carried which bytes of that tail, so that a
 * match names every subflow it spans. A rule with several contents fires once all of them were
 * seen, and then starts over.
 */
final class StreamScanner {
    /** A delivered match: the rule, the stream position of its first byte, the subflows it spans. */
    interface Matches {
        void match(Rule rule, long start, BitSet subflows, long tsMicros);
    }

    /** Bytes [start, start+length) came on the subflow numbered {@code subflow}. */
    private record Carried(long start, int length, int subflow) {
    }

    /** The contents of a several-content rule seen so far. */
    private static final class Partial {
        final BitSet contents = new BitSet();
        final BitSet subflows = new BitSet();
        long start = Long.MAX_VALUE;
    }

    private final ContentMatcher matcher;
    private final ByteChars chars = new ByteChars();
    private final ArrayDeque<Carried> carried = new ArrayDeque<>();
    private final Map<Integer, Partial> partial = new HashMap<>();
    private byte[] buffer = new byte[0];
    /** Bytes of the previous chunks kept at the head of {@link #buffer}. */
    private int tail;
    /** Stream position of buffer[0]. */
    private long bufferStart;

    StreamScanner(ContentMatcher matcher) {
        this.matcher = matcher;
    }

    /** Scans the bytes at stream position {@code position}, which directly follow the last ones. */
    void deliver(long position, byte[] b, int off, int len, int subflow, long tsMicros, Matches out) {
        if (tail == 0) {
            bufferStart = position;
        }
        int total = tail + len;
        if (buffer.length < total) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(total, 2 * buffer.length));
        }
        System.arraycopy(b, off, buffer, tail, len);
        carried.addLast(new Carried(position, len, subflow));
        matcher.scan(chars.over(buffer, total), tail, (rule, content, start, end) ->
                hit(rule, content, bufferStart + start, bufferStart + end, tsMicros, out));
        int keep = Math.min(total, matcher.longest() - 1);
        System.arraycopy(buffer, total - keep, buffer, 0, keep);
        bufferStart += total - keep;
        tail = keep;
        while (!carried.isEmpty() && carried.peekFirst().start() + carried.peekFirst().length() <= bufferStart) {
            carried.removeFirst();
        }
    }

    /** Bytes are missing before the next delivery: nothing can match across the hole. */
    void gap() {
        tail = 0;
        carried.clear();
    }

    private void hit(int ruleIndex, int content, long start, long end, long tsMicros, Matches out) {
        Rule rule = matcher.rules().get(ruleIndex);
        BitSet spanned = new BitSet();
        for (Carried c : carried) {
            if (c.start() <= end && start < c.start() + c.length()) {
                spanned.set(c.subflow());
            }
        }
        if (rule.contents().size() == 1) {
            out.match(rule, start, spanned, tsMicros);
            return;
        }
        Partial p = partial.computeIfAbsent(ruleIndex, k -> new Partial());
        p.contents.set(content);
        p.subflows.or(spanned);
        p.start = Math.min(p.start, start);
        if (p.contents.cardinality() == rule.contents().size()) {
            partial.remove(ruleIndex);
            out.match(rule, p.start, p.subflows, tsMicros);
        }
    }
}
