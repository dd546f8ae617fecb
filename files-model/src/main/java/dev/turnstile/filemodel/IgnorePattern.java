package dev.turnstile.filemodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One pattern in gitignore syntax ({@code git help gitignore}, "PATTERN FORMAT"), matched against a
 * path of a shared folder ({@code /docs/b.md}, relative to the folder that holds the rules):
 * <ul>
 * <li>{@code !} first negates the pattern; {@code \!} and {@code \#} stand for a literal first
 *     {@code !} or {@code #}; trailing spaces are dropped unless escaped ({@code \ }).
 * <li>A trailing {@code /} makes it match folders only ({@code build/}).
 * <li>A {@code /} at the beginning or in the middle anchors it to the root ({@code /notes.txt},
 *     {@code doc/frotz}); otherwise it matches a name at any depth ({@code *.o}).
 * <li>{@code *} matches anything but {@code /}, {@code ?} one character but {@code /},
 *     {@code [a-z]}, {@code [!abc]} (or {@code [^abc]}) and {@code [[:digit:]]} one character of a
 *     set, {@code \x} the character {@code x}.
 * <li>{@code **}: {@code **}{@code /foo} matches {@code foo} in every folder, {@code abc/**} everything
 *     inside {@code abc}, {@code a/**}{@code /b} {@code a/b}, {@code a/x/b}, {@code a/x/y/b}; any other
 *     {@code **} is a {@code *}.
 * </ul>
 * Matching is by character (code point), case-sensitive, as git's on Linux. A pattern that git would
 * never match (an unclosed {@code [}, a trailing lone {@code \}) never matches here either.
 *
 * <p>{@link IgnoreRules} combines patterns as a gitignore file does (the last match decides, and
 * nothing inside an excluded folder comes back); a tool with rsync's "first match wins" order
 * ({@code --exclude}/{@code --include}) asks each pattern itself with {@link #matches}.
 */
public final class IgnorePattern {

    private final String text;
    private final boolean negated;
    private final boolean foldersOnly;
    private final boolean anchored;
    /** The pattern's segments; one segment (the name) when not anchored. */
    private final List<int[]> segments;
    private final boolean valid;

    private IgnorePattern(String text, boolean negated, boolean foldersOnly, boolean anchored, List<int[]> segments,
            boolean valid) {
        this.text = text;
        this.negated = negated;
        this.foldersOnly = foldersOnly;
        this.anchored = anchored;
        this.segments = segments;
        this.valid = valid;
    }

    /**
     * Reads one line of a gitignore file.
     *
     * @param line the line, without its line end
     * @return the pattern, or {@code null} for a blank line or a comment
     */
    public static IgnorePattern parse(String line) {
        Objects.requireNonNull(line, "line");
        String body = trimTrailingSpaces(line);
        if (body.isEmpty() || body.startsWith("#")) {
            return null;
        }
        boolean negated = body.startsWith("!");
        if (negated) {
            body = body.substring(1);
        }
        boolean foldersOnly = body.endsWith("/") && !escapedAt(body, body.length() - 1);
        if (foldersOnly) {
            body = body.substring(0, body.length() - 1);
        }
        if (body.isEmpty()) {
            return null; // "/" or "!": git matches nothing with them
        }
        int slash = unescapedSlash(body);
        boolean anchored = slash >= 0;
        if (body.startsWith("/")) {
            body = body.substring(1);
        }
        List<int[]> segments = new ArrayList<>();
        boolean valid = !body.isEmpty() && !endsWithLoneBackslash(body);
        for (String segment : anchored ? splitSegments(body) : List.of(body)) {
            segments.add(segment.codePoints().toArray());
        }
        return new IgnorePattern(line, negated, foldersOnly, anchored, segments, valid);
    }

    /** @return the line the pattern was read from */
    public String text() {
        return text;
    }

    /** @return whether it starts with {@code !}: a match includes what earlier patterns excluded */
    public boolean negated() {
        return negated;
    }

    /** @return whether it ends with {@code /}: it matches folders only */
    public boolean foldersOnly() {
        return foldersOnly;
    }

    /**
     * Whether the pattern matches this path itself (not whether a folder above it matches: see
     * {@link IgnoreRules} for that).
     *
     * @param path a path of the shared folder, such as {@code /docs/b.md}
     * @param folder whether the path names a folder
     * @return whether it matches; for a {@link #negated} pattern, a match means "include"
     */
    public boolean matches(String path, boolean folder) {
        if (!valid || foldersOnly && !folder) {
            return false;
        }
        String relative = path.startsWith("/") ? path.substring(1) : path;
        if (!anchored) {
            String name = relative.substring(relative.lastIndexOf('/') + 1);
            return Glob.matches(segments.get(0), name.codePoints().toArray());
        }
        List<String> names = splitSegments(relative);
        int[][] pathSegments = new int[names.size()][];
        for (int i = 0; i < pathSegments.length; i++) {
            pathSegments[i] = names.get(i).codePoints().toArray();
        }
        return matchFrom(0, pathSegments, 0, new byte[segments.size() + 1][pathSegments.length + 1]);
    }

    /**
     * Matches the pattern's segments from {@code p} against the path's from {@code s}. A {@code **}
     * segment takes zero or more names, or one or more when it is the last ("everything inside").
     * {@code memo} remembers failures (1) and successes (2), so many {@code **} cannot make it slow.
     */
    private boolean matchFrom(int p, int[][] path, int s, byte[][] memo) {
        if (memo[p][s] != 0) {
            return memo[p][s] == 2;
        }
        boolean result;
        if (p == segments.size()) {
            result = s == path.length;
        } else if (isAnyFolders(segments.get(p))) {
            boolean last = p == segments.size() - 1;
            result = false;
            for (int next = last ? s + 1 : s; next <= path.length && !result; next++) {
                result = matchFrom(p + 1, path, next, memo);
            }
        } else {
            result = s < path.length && Glob.matches(segments.get(p), path[s]) && matchFrom(p + 1, path, s + 1, memo);
        }
        memo[p][s] = (byte) (result ? 2 : 1);
        return result;
    }

    private static boolean isAnyFolders(int[] segment) {
        return segment.length == 2 && segment[0] == '*' && segment[1] == '*';
    }

    private static String trimTrailingSpaces(String line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ' && !escapedAt(line, end - 1)) {
            end--;
        }
        return line.substring(0, end); // "\#" and "\!" stay escaped: the glob reads a literal "#" or "!"
    }

    /** @return whether the character at {@code index} is escaped by an odd run of backslashes before it */
    private static boolean escapedAt(String text, int index) {
        int backslashes = 0;
        for (int i = index - 1; i >= 0 && text.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static boolean endsWithLoneBackslash(String text) {
        return text.endsWith("\\") && !escapedAt(text, text.length() - 1);
    }

    private static int unescapedSlash(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                i++;
            } else if (text.charAt(i) == '/') {
                return i;
            }
        }
        return -1;
    }

    private static List<String> splitSegments(String text) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                i++;
            } else if (text.charAt(i) == '/') {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    @Override
    public String toString() {
        return text;
    }
}
