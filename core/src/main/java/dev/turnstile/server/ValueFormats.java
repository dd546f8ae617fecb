package dev.turnstile.server;

import dev.turnstile.spi.Setting;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text format of every setting, the server's own and the plugins', by {@linkplain Setting.Kind
 * kind}: the one place where what a user wrote becomes a value. {@link #parse} reads text,
 * {@link #check} holds a value given in code to the same bounds, and both throw
 * {@link IllegalArgumentException} whose message is the {@link #expected} sentence, so that the
 * caller can add the option, the value and where it came from.
 *
 * <ul>
 *   <li>text and secret: the text, surrounding spaces removed;</li>
 *   <li>boolean: {@code true} or {@code false}, any case;</li>
 *   <li>integer: a whole number within the bounds;</li>
 *   <li>duration: whole seconds ({@code 300}) or a whole number with {@code ms}, {@code s},
 *       {@code m}, {@code h} or {@code d} ({@code 50ms}, {@code 90s}, {@code 5m});</li>
 *   <li>size: bytes ({@code 65536}) or a whole number with {@code KiB}, {@code MiB} or
 *       {@code GiB}, any case ({@code 64KiB}, {@code 4MiB});</li>
 *   <li>path: a path of this system, returned as written; whoever hands it out resolves a
 *       relative one against the installation folder;</li>
 *   <li>word: one of the declared words, any case; the value is the word as declared.</li>
 * </ul>
 * A blank text means "not set" for a setting whose default is empty ({@link #parse} then answers
 * {@code null}), and is refused for any other.
 */
public final class ValueFormats {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,18}");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,18})(ms|s|m|h|d)?");
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,18})((?i:kib|mib|gib)?)");
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final long GIB = 1024 * MIB;
    private static final long SECOND = 1_000_000_000L;

    private ValueFormats() {
    }

    /**
     * Reads a setting's value as a user wrote it.
     *
     * @param setting the declaration
     * @param text the value; surrounding spaces are ignored
     * @param <T> the setting's type
     * @return the value, or {@code null} when {@code text} is blank and the setting's default is
     *     empty ("not set")
     * @throws IllegalArgumentException whose message is {@link #expected}
     */
    public static <T> T parse(Setting<T> setting, String text) {
        String value = text.strip();
        if (value.isEmpty()) {
            if (setting.defaultText().isEmpty()) {
                return null;
            }
            throw new IllegalArgumentException(expected(setting));
        }
        Object parsed = switch (setting.kind()) {
            case TEXT, SECRET -> value;
            case BOOLEAN -> bool(setting, value);
            case INTEGER -> integer(setting, value);
            case DURATION -> duration(setting, value);
            case SIZE -> size(setting, value);
            case PATH -> path(setting, value);
            case WORD -> word(setting, value);
        };
        return setting.type().cast(parsed);
    }

    /**
     * Holds a value given in code (a test's {@code ServerConfig.withIdleTimeout}) to the bounds
     * its text would have.
     *
     * @param setting the declaration
     * @param value the value, not {@code null}
     * @param <T> the setting's type
     * @return the value
     * @throws IllegalArgumentException whose message is {@link #expected}
     */
    public static <T> T check(Setting<T> setting, T value) {
        boolean within = switch (setting.kind()) {
            case INTEGER, SIZE -> within(setting, (Long) value);
            case DURATION -> within(setting, nanos((Duration) value));
            case WORD -> setting.words().contains(value);
            default -> true;
        };
        if (!within) {
            throw new IllegalArgumentException(expected(setting));
        }
        return value;
    }

    /**
     * @param setting a declaration
     * @return what its text may be, starting with {@code expected}, such as {@code expected true
     *     or false}
     */
    public static String expected(Setting<?> setting) {
        return switch (setting.kind()) {
            case TEXT, SECRET -> "expected some text";
            case BOOLEAN -> "expected true or false";
            case INTEGER -> "expected a whole number from " + setting.min() + " to " + setting.max();
            case DURATION -> "expected whole seconds (300) or a number with ms, s, m, h or d (50ms, 90s, 5m), from "
                    + showNanos(setting.min()) + " to " + showNanos(setting.max());
            case SIZE -> "expected bytes (65536) or a number with KiB, MiB or GiB (64KiB, 4MiB), from "
                    + showBytes(setting.min()) + " to " + showBytes(setting.max());
            case PATH -> "expected a path";
            case WORD -> "expected " + words(setting.words());
        };
    }

    /**
     * @param setting a declaration
     * @return the placeholder {@code --help} shows for its value, such as {@code TIME} or
     *     {@code reject|queue}
     */
    public static String placeholder(Setting<?> setting) {
        return switch (setting.kind()) {
            case TEXT -> "TEXT";
            case SECRET -> "SECRET";
            case BOOLEAN -> "true|false";
            case INTEGER -> "NUMBER";
            case DURATION -> "TIME";
            case SIZE -> "SIZE";
            case PATH -> "PATH";
            case WORD -> String.join("|", setting.words());
        };
    }

    /**
     * A path as a user wrote it, for the few paths that are not settings ({@code --config}).
     *
     * @param text a path
     * @return the path, relative paths left relative
     * @throws IllegalArgumentException when it is blank or not a path on this system
     */
    public static Path path(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("expected a path");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("expected a path", e);
        }
    }

    private static Path path(Setting<?> setting, String text) {
        try {
            return path(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(expected(setting), e);
        }
    }

    private static Boolean bool(Setting<?> setting, String text) {
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException(expected(setting));
    }

    private static Long integer(Setting<?> setting, String text) {
        if (!WHOLE_NUMBER.matcher(text).matches()) {
            throw new IllegalArgumentException(expected(setting));
        }
        return checked(setting, Long.parseLong(text));
    }

    private static Duration duration(Setting<?> setting, String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(expected(setting));
        }
        long unit = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> 1_000_000L;
            case "m" -> 60 * SECOND;
            case "h" -> 3600 * SECOND;
            case "d" -> 86_400 * SECOND;
            default -> SECOND;
        };
        return Duration.ofNanos(checked(setting, times(Long.parseLong(m.group(1)), unit)));
    }

    private static Long size(Setting<?> setting, String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(expected(setting));
        }
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "kib" -> KIB;
            case "mib" -> MIB;
            case "gib" -> GIB;
            default -> 1;
        };
        return checked(setting, times(Long.parseLong(m.group(1)), unit));
    }

    private static String word(Setting<?> setting, String text) {
        for (String word : setting.words()) {
            if (word.equalsIgnoreCase(text)) {
                return word;
            }
        }
        throw new IllegalArgumentException(expected(setting));
    }

    /** @return the product, or {@link Long#MAX_VALUE} when it overflows (which no bound accepts) */
    private static long times(long number, long unit) {
        return number > Long.MAX_VALUE / unit ? Long.MAX_VALUE : number * unit;
    }

    private static long checked(Setting<?> setting, long value) {
        if (!within(setting, value)) {
            throw new IllegalArgumentException(expected(setting));
        }
        return value;
    }

    private static boolean within(Setting<?> setting, long value) {
        return value >= setting.min() && value <= setting.max();
    }

    private static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** The largest unit that divides a duration exactly: {@code 0}, {@code 100ms}, {@code 90s}, {@code 365d}. */
    static String showNanos(long nanos) {
        if (nanos == 0) {
            return "0";
        }
        long[] units = {86_400 * SECOND, 3600 * SECOND, 60 * SECOND, SECOND, 1_000_000L};
        String[] names = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (nanos % units[i] == 0) {
                return nanos / units[i] + names[i];
            }
        }
        return nanos + "ns";
    }

    /** The largest binary unit that divides a size exactly: {@code 64 bytes}, {@code 16MiB}, {@code 1GiB}. */
    static String showBytes(long bytes) {
        if (bytes != 0 && bytes % GIB == 0) {
            return bytes / GIB + "GiB";
        }
        if (bytes != 0 && bytes % MIB == 0) {
            return bytes / MIB + "MiB";
        }
        if (bytes != 0 && bytes % KIB == 0) {
            return bytes / KIB + "KiB";
        }
        return bytes + " bytes";
    }

    private static String words(List<String> words) {
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }
}
