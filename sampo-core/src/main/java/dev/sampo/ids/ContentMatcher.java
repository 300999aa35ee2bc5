package dev.sampo.ids;

import java.util.List;
import org.ahocorasick.trie.PayloadTrie;

/**
 * Every content of every rule in one pass over the bytes: two Aho–Corasick automata (the
 * org.ahocorasick library), one for case-sensitive contents and one that folds case for
 * {@code nocase} ones, because the library folds case per automaton, not per keyword.
 */
public final class ContentMatcher {
    /** One content of one rule: what the automata report for a keyword. */
    private record Ref(int rule, int content) {
    }

    /** Receives one occurrence: rule and content index, first and last index in the text. */
    interface Hits {
        void hit(int rule, int content, int start, int end);
    }

    private final List<Rule> rules;
    private final List<PayloadTrie<Ref>> tries;
    private final int longest;

    public ContentMatcher(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        PayloadTrie.PayloadTrieBuilder<Ref> exactBuilder = PayloadTrie.builder();
        PayloadTrie.PayloadTrieBuilder<Ref> foldedBuilder = PayloadTrie.<Ref>builder().ignoreCase();
        boolean anyExact = false;
        boolean anyFolded = false;
        int max = 1;
        for (int r = 0; r < rules.size(); r++) {
            List<Content> contents = rules.get(r).contents();
            for (int c = 0; c < contents.size(); c++) {
                Content content = contents.get(c);
                (content.nocase() ? foldedBuilder : exactBuilder).addKeyword(ByteChars.of(content.bytes()), new Ref(r, c));
                anyExact |= !content.nocase();
                anyFolded |= content.nocase();
                max = Math.max(max, content.bytes().length);
            }
        }
        List<PayloadTrie<Ref>> built = new java.util.ArrayList<>(2);
        if (anyExact) {
            built.add(exactBuilder.build());
        }
        if (anyFolded) {
            built.add(foldedBuilder.build());
        }
        this.tries = List.copyOf(built);
        this.longest = max;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The longest content: how many bytes a stream must keep to find one that straddles chunks. */
    public int longest() {
        return longest;
    }

    /** Reports every occurrence in {@code text} that ends at index {@code from} or later. */
    void scan(ByteChars text, int from, Hits hits) {
        for (PayloadTrie<Ref> trie : tries) {
            trie.parseText(text, emit -> {
                if (emit.getEnd() >= from) {
                    hits.hit(emit.getPayload().rule(), emit.getPayload().content(), emit.getStart(), emit.getEnd());
                }
                return true;
            });
        }
    }
}
