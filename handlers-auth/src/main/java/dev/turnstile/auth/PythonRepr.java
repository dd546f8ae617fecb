package dev.turnstile.auth;

/**
 * Quotes a string exactly as Python 3's {@code repr()} quotes a {@code str}, because the token is
 * the hash of that text and must match what the original Python server computed.
 *
 * <p>Java strings may hold lone surrogates (JSON allows {@code "\ud800"}); Python sees each as one
 * code point of category Cs, so it is escaped as {@code \ud800} like any other non-printable one.
 * Printability follows the Unicode tables of the running JDK, which can differ from Python's for
 * code points assigned in newer Unicode versions.
 */
final class PythonRepr {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PythonRepr() {
    }

    /**
     * @param text any string
     * @return the text in quotes, escaped as Python's {@code repr()} does
     */
    static String of(String text) {
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(text.length() + 2);
        out.append(quote);
        text.codePoints().forEach(cp -> append(out, cp, quote));
        out.append(quote);
        return out.toString();
    }

    private static void append(StringBuilder out, int cp, char quote) {
        if (cp == quote || cp == '\\') {
            out.append('\\').appendCodePoint(cp);
        } else if (cp == '\t') {
            out.append("\\t");
        } else if (cp == '\n') {
            out.append("\\n");
        } else if (cp == '\r') {
            out.append("\\r");
        } else if (isPrintable(cp)) {
            out.appendCodePoint(cp);
        } else if (cp <= 0xff) {
            hex(out, "\\x", cp, 2);
        } else if (cp <= 0xffff) {
            hex(out, "\\u", cp, 4);
        } else {
            hex(out, "\\U", cp, 8);
        }
    }

    /** Python's {@code str.isprintable()} for one code point. */
    static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SPACE_SEPARATOR:
                return false;
            default:
                return true;
        }
    }

    private static void hex(StringBuilder out, String prefix, int value, int digits) {
        out.append(prefix);
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
            out.append(HEX[(value >>> shift) & 0xf]);
        }
    }
}
