package dev.turnstile.files;

import dev.turnstile.spi.HandlerException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A file's path as requests and answers write it: relative to the shared root, {@code /}
 * separators, a leading {@code /}, such as {@code /docs/b.md}. Built only by {@link #parse}, which
 * refuses every form that could name something outside the root or something other than a file,
 * before the file system is touched at all; the file system walk ({@link ConfinedRoot}) then
 * refuses links on its own.
 *
 * @param text the path as sent, such as {@code /docs/b.md}
 * @param segments its names, such as {@code [docs, b.md]}; never empty
 */
record SharePath(String text, List<String> segments) {

    /** Longer paths are refused outright: Linux's PATH_MAX. */
    static final int MAX_BYTES = 4096;
    /** Longer names cannot exist on common file systems (NAME_MAX). */
    static final int MAX_NAME_BYTES = 255;

    /**
     * @param member the request member's name, for the message
     * @param value the member's value
     * @return the validated path
     * @throws HandlerException 400 naming the path and what is wrong with it
     */
    static SharePath parse(String member, Object value) throws HandlerException {
        if (!(value instanceof String text)) {
            throw HandlerException.badRequest('"' + member + "\" must be a string such as \"/a.txt\"");
        }
        String problem = problem(text);
        if (problem != null) {
            throw HandlerException.badRequest("path " + quote(text) + ' ' + problem);
        }
        return new SharePath(text, List.of(text.substring(1).split("/", -1)));
    }

    /** For paths the walk produced from real names, which are valid by construction. */
    static SharePath parseTrusted(String text) {
        return new SharePath(text, List.of(text.substring(1).split("/", -1)));
    }

    /** @return why the text is refused, or {@code null} when it is a valid path */
    static String problem(String text) {
        if (text.isEmpty()) {
            return "is empty";
        }
        if (text.charAt(0) != '/') {
            return "must start with \"/\"";
        }
        if (text.length() > 1 && text.endsWith("/") || text.equals("/")) {
            return "must name a file, not end with \"/\"";
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
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
            if (Character.isISOControl(c)) {
                return "must not hold control characters";
            }
            if (Character.isSurrogate(c) && !validSurrogate(text, i)) {
                return "is not valid Unicode";
            }
        }
        for (String segment : text.substring(1).split("/", -1)) {
            if (segment.isEmpty()) {
                return "must not hold an empty segment (\"//\")";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "must not hold a \"" + segment + "\" segment";
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                return "holds a name longer than " + MAX_NAME_BYTES + " bytes";
            }
        }
        return null;
    }

    /** @return the folders before the file's name */
    List<String> parents() {
        return segments.subList(0, segments.size() - 1);
    }

    /** @return the file's own name */
    String name() {
        return segments.get(segments.size() - 1);
    }

    /**
     * Quotes a path for an error sentence, control characters escaped so the message stays one
     * readable line whatever the client sent.
     */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().limit(300).forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        if (text.codePointCount(0, text.length()) > 300) {
            out.append('…');
        }
        return out.append('"').toString();
    }

    private static boolean validSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
}
