package dev.sampo.dashboard;

import dev.sampo.wire.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest record per key of the network-function topics ({@code nf.load}, {@code sampo.steering},
 * {@code sampo.directives}), whose values Sampo does not define: shown as text, cut at
 * {@value #MAX_VALUE_CHARS} characters, at most {@code keysPerTopic} keys per topic (the least
 * recently updated goes first).
 */
final class NfTopics {
    static final List<String> TOPICS = List.of(Topics.NF_LOAD, Topics.STEERING, Topics.DIRECTIVES);
    static final int MAX_VALUE_CHARS = 400;

    /** One key's latest value; a null value is a tombstone, and removes the key. */
    record Entry(String key, String value, long timestampMillis) {
    }

    private final Map<String, LinkedHashMap<String, Entry>> byTopic = new LinkedHashMap<>();

    NfTopics(int keysPerTopic) {
        for (String topic : TOPICS) {
            byTopic.put(topic, new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                    return size() > keysPerTopic;
                }
            });
        }
    }

    synchronized void add(String topic, byte[] key, byte[] value, long timestampMillis) {
        Map<String, Entry> entries = byTopic.get(topic);
        if (entries == null) {
            return;
        }
        String k = key == null ? "" : text(key);
        if (value == null) {
            entries.remove(k);
        } else {
            entries.put(k, new Entry(k, text(value), timestampMillis));
        }
    }

    /** Each topic's entries, the latest first. */
    synchronized Map<String, List<Entry>> snapshot() {
        Map<String, List<Entry>> out = new LinkedHashMap<>();
        byTopic.forEach((topic, entries) -> {
            List<Entry> list = new ArrayList<>(entries.values());
            list.sort((x, y) -> Long.compare(y.timestampMillis(), x.timestampMillis()));
            out.put(topic, list);
        });
        return out;
    }

    private static String text(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS) + "…";
    }
}
