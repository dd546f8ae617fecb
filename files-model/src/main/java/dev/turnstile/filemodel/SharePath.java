package dev.turnstile.filemodel;

import java.util.List;

/**
 * A file's path in a shared folder as requests, answers and listings write it (SPEC §8): relative
 * to the shared root, {@code /} separators, a leading {@code /}, such as {@code /docs/b.md}.
 * Built only by {@link #parse}, which refuses every form that could name something outside the
 * root or something other than a file, before any file system is touched; or by
 * {@link #parseTrusted} for a path made from real names that already passed {@link #problem}.
 *
 * <p>The server refuses such a path in a request with a 400; the client refuses it in a listing
 * (a client trusts a server's paths no more than the server trusts a client's), and builds its
 * own rules about its own names on top of these.
 *
 * <p>{@link #quote} and {@link #escape} make any path, or any text holding one, safe to print on
 * one line: both sides use them for every message that names a path.
 */
public final class SharePath {

    /** Longer paths are refused outright: Linux's PATH_MAX. */
    public static final int MAX_BYTES = 4096;
    /** Longer names cannot exist on common file systems (NAME_MAX). */
    public static final int MAX_NAME_BYTES = 255;
    /** A quoted path is cut after this many code points, so a message stays one readable line. */
    private static final int QUOTE_CODE_POINTS = 300;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String text;
    private final List<String> segments;

    private SharePath(String text) {
        this.text = text;
        this.segments = List.of(text.substring(1).split("/", -1));
    }

    /**
     * @param text a path as sent or listed
     * @return the path
     * @throws IllegalArgumentException when it is refused; the message names the path, quoted,
     *     and says why: {@code path "/a/../b" must not hold a ".." segment}
     */
    public static SharePath parse(String text) {
        String problem = problem(text);
        if (problem != null) {
            throw new IllegalArgumentException("path " + quote(text) + ' ' + problem);
        }
        return new SharePath(text);
    }

    /**
     * For a path built from names that are valid by construction (a walk of the real folder that
     * skipped every name {@link #problem} refuses): no check.
     */
    public static SharePath parseTrusted(String text) {
        return new SharePath(text);
    }

    /**
     * The rules of SPEC §8: refused are the empty path, one not starting with {@code /}, one
     * ending with {@code /}, an empty, {@code .} or {@code ..} segment, a backslash, NUL, any other
     * control character (C0, DEL, C1), a lone UTF-16 surrogate, a name over
     * {@value #MAX_NAME_BYTES} bytes and a path over {@value #MAX_BYTES} bytes (UTF-8).
     *
     * @return why the text is refused, as the end of a sentence that starts with the path
     *     ({@code "must not hold a backslash"}), or {@code null} when it is a valid path
     */
    public static String problem(String text) {
        if (text.isEmpty()) {
            return "is empty";
        }
        if (text.charAt(0) != '/') {
            return "must start with \"/\"";
        }
        if (text.endsWith("/")) {
            return "must name a file, not end with \"/\"";
        }
        if (utf8Length(text) > MAX_BYTES) {
            return "is longer than " + MAX_BYTES + " bytes";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                return "must not hold a backslash";
            }
            if (c == 0) {
                return "must not hold NUL";
            }
            if (isControl(c)) {
                return "must not hold control characters";
            }
            if (Character.isSurrogate(c) && !pairedSurrogate(text, i)) {
                return "is not valid Unicode";
            }
        }
        int start = 1;
        while (start <= text.length()) {
            int end = text.indexOf('/', start);
            if (end < 0) {
                end = text.length();
            }
            String segment = text.substring(start, end);
            if (segment.isEmpty()) {
                return "must not hold an empty segment (\"//\")";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "must not hold a \"" + segment + "\" segment";
            }
            if (utf8Length(segment) > MAX_NAME_BYTES) {
                return "holds a name longer than " + MAX_NAME_BYTES + " bytes";
            }
            start = end + 1;
        }
        return null;
    }

    /** @return the path as written, such as {@code /docs/b.md} */
    public String text() {
        return text;
    }

    /** @return its names, such as {@code [docs, b.md]}; never empty */
    public List<String> segments() {
        return segments;
    }

    /** @return the folders before the file's name */
    public List<String> parents() {
        return segments.subList(0, segments.size() - 1);
    }

    /** @return the file's own name */
    public String name() {
        return segments.get(segments.size() - 1);
    }

    /**
     * Quotes a path for a message: in double quotes, {@link #escape escaped}, and cut after 300
     * code points ({@code …}), so the message stays one readable line whatever was sent.
     */
    public static String quote(String text) {
        boolean cut = text.codePointCount(0, text.length()) > QUOTE_CODE_POINTS;
        String shown = cut ? text.substring(0, text.offsetByCodePoints(0, QUOTE_CODE_POINTS)) : text;
        return '"' + escape(shown) + (cut ? "…" : "") + '"';
    }

    /**
     * Escapes what would make a printed line lie: each control character (C0, DEL, C1) and each
     * lone UTF-16 surrogate becomes {@code \}{@code u} and four hex digits, so a name holding a
     * newline or a terminal escape prints as one visible line. Everything else is kept, a
     * backslash included, so escaping twice changes nothing more.
     */
    public static String escape(String text) {
        int first = firstUnprintable(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c) || (Character.isSurrogate(c) && !pairedSurrogate(text, i))) {
                out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                        .append(HEX[c & 0xf]);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int firstUnprintable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c) || (Character.isSurrogate(c) && !pairedSurrogate(text, i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c < 0xa0);
    }

    private static boolean pairedSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }

    private static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SharePath path && path.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
