package dev.turnstile.json;

import java.math.BigInteger;
import java.util.Random;

/**
 * Random valid JSON texts that stress a framer: strings full of quotes, backslashes, brackets,
 * escapes and multi-byte and astral characters; numbers of every shape; nesting; blanks between
 * tokens. Written against {@link Random} directly because composing jqwik arbitraries this deep
 * makes every try regenerate its whole tree and the property crawls.
 */
final class RandomJson {

    private static final String[] TRICKY = {"a", "Z", "0", " ", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u0000",
        "\\u001F", "{", "}", "[", "]", ":", ",", "\u00e9", "\u20ac", "\uD83D\uDE00", "\\uD83D\\uDE00", "\\u20AC",
        "\\\\\\\""};
    private static final String[] BLANKS = {"", "", "", " ", "\n", "\t", "\r\n "};
    private static final String[] LITERALS = {"true", "false", "null", "-0", "1e999999999", "-1.5E-3", "0.0"};

    private final Random random;
    private final boolean longStrings;

    RandomJson(Random random) {
        this(random, false);
    }

    /**
     * @param longStrings whether one string in three is long ({@link LongStrings#MIN_LENGTH} bytes
     *     give or take a few): plain ASCII, or plain but for one tricky part somewhere in it
     */
    RandomJson(Random random, boolean longStrings) {
        this.random = random;
        this.longStrings = longStrings;
    }

    /** @return an object, or now and then an array, nested at most {@code depth} levels below the top */
    String text(int depth) {
        return random.nextInt(5) == 0 ? array(depth) : object(depth);
    }

    String object(int depth) {
        StringBuilder out = new StringBuilder("{");
        int members = random.nextInt(5);
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(blank()).append(string()).append(blank()).append(':').append(blank()).append(value(depth))
                    .append(blank());
        }
        return out.append('}').toString();
    }

    String array(int depth) {
        StringBuilder out = new StringBuilder("[");
        int items = random.nextInt(5);
        for (int i = 0; i < items; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(blank()).append(value(depth)).append(blank());
        }
        return out.append(']').toString();
    }

    private String value(int depth) {
        int pick = random.nextInt(6);
        if (depth > 0 && pick == 0) {
            return object(depth - 1);
        }
        if (depth > 0 && pick == 1) {
            return array(depth - 1);
        }
        return scalar();
    }

    private String scalar() {
        switch (random.nextInt(7)) {
            case 0:
                return Long.toString(random.nextLong());
            case 1:
                return Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
            case 2:
                return new BigInteger(random.nextInt(200) + 1, random).negate().toString();
            case 3:
                return LITERALS[random.nextInt(LITERALS.length)];
            default:
                return string();
        }
    }

    /** @return a JSON string literal, quotes included */
    String string() {
        if (longStrings && random.nextInt(3) == 0) {
            return longString();
        }
        StringBuilder out = new StringBuilder("\"");
        int parts = random.nextInt(13);
        for (int i = 0; i < parts; i++) {
            if (random.nextBoolean()) {
                out.append(TRICKY[random.nextInt(TRICKY.length)]);
            } else {
                appendCharacter(out, codePoint());
            }
        }
        return out.append('"').toString();
    }

    private String longString() {
        int length = LongStrings.MIN_LENGTH - 2 + random.nextInt(random.nextBoolean() ? 5 : 600);
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < length; i++) {
            out.append((char) (0x20 + random.nextInt(0x7F - 0x20)));
        }
        for (int i = 1; i < out.length(); i++) {
            if (out.charAt(i) == '"' || out.charAt(i) == '\\') {
                out.setCharAt(i, 'q');
            }
        }
        if (random.nextInt(4) == 0) {
            out.insert(1 + random.nextInt(length), TRICKY[random.nextInt(TRICKY.length)]);
        }
        return out.append('"').toString();
    }

    private int codePoint() {
        switch (random.nextInt(5)) {
            case 0:
                return 0x80 + random.nextInt(0x800 - 0x80);
            case 1:
                int c = 0x800 + random.nextInt(0x10000 - 0x800);
                return Character.isSurrogate((char) c) ? 0xFFFD : c;
            case 2:
                return 0x10000 + random.nextInt(Character.MAX_CODE_POINT + 1 - 0x10000);
            default:
                return 0x20 + random.nextInt(0x7F - 0x20);
        }
    }

    /** Appends the character as itself or, for one in five, as its UTF-16 units in unicode escapes. */
    private void appendCharacter(StringBuilder out, int codePoint) {
        if (codePoint == '"' || codePoint == '\\') {
            out.append('\\').append((char) codePoint);
        } else if (random.nextInt(5) != 0) {
            out.appendCodePoint(codePoint);
        } else {
            for (char unit : Character.toChars(codePoint)) {
                out.append(String.format("\\u%04X", (int) unit));
            }
        }
    }

    private String blank() {
        return BLANKS[random.nextInt(BLANKS.length)];
    }
}
