package dev.sampo.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The page's files, bundled in the jar under {@code dev/sampo/dashboard/web/}, read once. */
final class Assets {
    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private Assets() {
    }

    static byte[] get(String name) {
        return CACHE.computeIfAbsent(name, Assets::read);
    }

    private static byte[] read(String name) {
        try (InputStream in = Assets.class.getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("asset " + name + " missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
