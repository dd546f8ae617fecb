package dev.turnstile.filemodel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Patterns in gitignore syntax, combined as one gitignore file at the root of a shared folder
 * combines them: the last pattern that matches a path decides (a {@link IgnorePattern#negated
 * negated} one includes it again), and nothing inside an excluded folder can be included again —
 * git does not even look into it, and neither does a walk that asks {@link #excludesEntry} before
 * going into a folder. The files plugin's {@code files-exclude} setting is such a list, and so is a
 * client's {@code .turnstileignore}.
 *
 * <pre>{@code
 * IgnoreRules rules = IgnoreRules.of(List.of("*.tmp", "build/", "!keep.tmp"));
 * rules.excludes("/a/b.tmp", false);     // true
 * rules.excludes("/keep.tmp", false);    // false: the last match is "!keep.tmp"
 * rules.excludes("/build/x.txt", false); // true: its folder is excluded
 * }</pre>
 */
public final class IgnoreRules {

    private static final IgnoreRules NONE = new IgnoreRules(List.of());

    private final List<IgnorePattern> patterns;

    private IgnoreRules(List<IgnorePattern> patterns) {
        this.patterns = patterns;
    }

    /** @return rules that exclude nothing */
    public static IgnoreRules none() {
        return NONE;
    }

    /**
     * @param lines the lines of a gitignore file, or patterns one by one; blank lines and comments
     *     are skipped
     * @return the rules, in the order given
     */
    public static IgnoreRules of(Collection<String> lines) {
        List<IgnorePattern> parsed = new ArrayList<>();
        for (String line : lines) {
            IgnorePattern pattern = IgnorePattern.parse(line);
            if (pattern != null) {
                parsed.add(pattern);
            }
        }
        return parsed.isEmpty() ? NONE : new IgnoreRules(List.copyOf(parsed));
    }

    /** @return the patterns, in order */
    public List<IgnorePattern> patterns() {
        return patterns;
    }

    /** @return whether no pattern was given: nothing is excluded */
    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /**
     * Whether a path is excluded, itself or by a folder above it.
     *
     * @param path a path of the shared folder, such as {@code /docs/b.md}
     * @param folder whether it names a folder
     * @return whether it is excluded
     */
    public boolean excludes(String path, boolean folder) {
        if (patterns.isEmpty()) {
            return false;
        }
        for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
            if (excludesEntry(path.substring(0, slash), true)) {
                return true;
            }
        }
        return excludesEntry(path, folder);
    }

    /**
     * Whether the path itself is excluded, its folders being known not to be: what a walk asks of
     * each name it finds, before going into a folder.
     *
     * @param path a path of the shared folder
     * @param folder whether it names a folder
     * @return whether the last pattern that matches it excludes it
     */
    public boolean excludesEntry(String path, boolean folder) {
        for (int i = patterns.size() - 1; i >= 0; i--) {
            IgnorePattern pattern = patterns.get(i);
            if (pattern.matches(path, folder)) {
                return !pattern.negated();
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return patterns.toString();
    }
}
