package dev.turnstile.files;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which things the log has already named, so that a warning about one path is written once, not
 * once per request of a flood or per walk. Remembers at most {@link #MAX_KEYS}; past that, nothing
 * more is logged (the log already says enough about that folder).
 */
final class OnceLog {

    static final int MAX_KEYS = 10_000;

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** @return whether this is the first time the key is seen, and the log may name it */
    boolean first(String key) {
        return seen.size() < MAX_KEYS && seen.add(key);
    }
}
