package dev.turnstile.client.sync;

import dev.turnstile.filemodel.IgnorePattern;
import dev.turnstile.filemodel.IgnoreRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Which paths a sync leaves out: the command line's {@code --exclude} and {@code --include}
 * patterns, in their order, then the {@value #IGNORE_FILE} files at the root of the local folder
 * and of the server's (docs/clients.md, "Filters").
 *
 * <p>A path is looked at from the top: each folder above it, then the path itself. For each, the
 * first command-line pattern that matches it decides, as rsync's {@code --exclude}/{@code
 * --include} do; when none does, it is excluded if either side's {@value #IGNORE_FILE} excludes it
 * (gitignore's rules within each file: the last match decides). A folder excluded excludes
 * everything in it. An excluded path is neither sent nor deleted, on either side. The
 * {@value #IGNORE_FILE} files themselves never travel: each side's stays its own.
 *
 * <p>Patterns have gitignore's syntax ({@link IgnorePattern}): {@code *.tmp} matches a name at any
 * depth, {@code /build} or {@code docs/*.md} are anchored at the folder's root, a trailing {@code /}
 * matches folders only, {@code **} spans folders.
 *
 * <p>Immutable: start from {@link #none()}.
 */
public final class SyncFilter {

    /** The file, at the root of either side's folder, whose gitignore patterns the sync leaves out. */
    public static final String IGNORE_FILE = ".turnstileignore";

    /** The path of {@link #IGNORE_FILE} in a folder. */
    static final String IGNORE_PATH = "/" + IGNORE_FILE;

    /** One command-line pattern: {@code --include} or {@code --exclude}. */
    private record Rule(IgnorePattern pattern, boolean include) {
    }

    private static final SyncFilter NONE = new SyncFilter(List.of());

    private final List<Rule> rules;

    private SyncFilter(List<Rule> rules) {
        this.rules = rules;
    }

    /** @return no command-line pattern (the {@value #IGNORE_FILE} files still apply) */
    public static SyncFilter none() {
        return NONE;
    }

    /**
     * @param pattern a gitignore pattern, as {@code *.tmp} or {@code /build/}
     * @return this filter, then: paths that {@code pattern} matches are excluded
     * @throws IllegalArgumentException when the pattern is empty, a comment, or starts with {@code !}
     */
    public SyncFilter exclude(String pattern) {
        return with(pattern, false);
    }

    /**
     * @param pattern a gitignore pattern
     * @return this filter, then: paths that {@code pattern} matches are included, whatever later
     *     patterns and the {@value #IGNORE_FILE} files say
     * @throws IllegalArgumentException as {@link #exclude}
     */
    public SyncFilter include(String pattern) {
        return with(pattern, true);
    }

    private SyncFilter with(String pattern, boolean include) {
        Objects.requireNonNull(pattern, "pattern");
        String option = include ? "--include" : "--exclude";
        if (pattern.startsWith("!")) {
            throw new IllegalArgumentException(option + " " + pattern + ": a pattern cannot start with \"!\" here; use "
                    + (include ? "--exclude" : "--include") + " " + pattern.substring(1) + " (or \\! for a name that"
                    + " starts with !)");
        }
        IgnorePattern parsed = IgnorePattern.parse(pattern);
        if (parsed == null) {
            throw new IllegalArgumentException(option + " needs a pattern, not \"" + pattern + "\"");
        }
        List<Rule> more = new ArrayList<>(rules);
        more.add(new Rule(parsed, include));
        return new SyncFilter(Collections.unmodifiableList(more));
    }

    /** @return whether there is no command-line pattern */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * This filter with both sides' {@value #IGNORE_FILE} patterns.
     *
     * @param local the local folder's, or {@link IgnoreRules#none()}
     * @param remote the server's, or {@link IgnoreRules#none()}
     */
    Matcher with(IgnoreRules local, IgnoreRules remote) {
        return new Matcher(local, remote);
    }

    /** Decides path by path. */
    final class Matcher {
        private final IgnoreRules local;
        private final IgnoreRules remote;

        private Matcher(IgnoreRules local, IgnoreRules remote) {
            this.local = local;
            this.remote = remote;
        }

        /**
         * @param path a path of the folder, as {@code /docs/b.md}
         * @param folder whether it names a folder
         * @return the path of the topmost excluded folder above it or of the path itself, or
         *     {@code null} when it is not excluded
         */
        String excludedAt(String path, boolean folder) {
            if (path.equals(IGNORE_PATH)) {
                return path;
            }
            for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
                String above = path.substring(0, slash);
                if (excludesEntry(above, true)) {
                    return above;
                }
            }
            return excludesEntry(path, folder) ? path : null;
        }

        private boolean excludesEntry(String path, boolean folder) {
            for (Rule rule : rules) {
                if (rule.pattern().matches(path, folder)) {
                    return !rule.include();
                }
            }
            return local.excludesEntry(path, folder) || remote.excludesEntry(path, folder);
        }
    }
}
