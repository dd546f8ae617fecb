package dev.turnstile.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A setting a plugin reads, declared by {@link Plugin#settings()}, with its type. The server gives it
 * like its own options: {@code --KEY} on the command line, then the environment variable
 * {@code TURNSTILE_<KEY>} (upper case, {@code -} as {@code _}), then {@code conf/turnstile.properties},
 * then the default declared here. It checks every value against the type before any plugin starts:
 * a bad one stops start-up (and {@code --check}) with one line naming the key and what it accepts,
 * exit 2. {@code --help} and the shipped properties file list the setting, and the plugin reads the
 * checked value with {@link PluginContext#get}.
 *
 * <pre>{@code
 * static final Setting<Path> ROOT = Setting.path("files-root", "Folder to share", "share");
 * static final Setting<Boolean> WRITABLE = Setting.bool("files-writable", "Whether clients may write", false);
 * static final Setting<Duration> QUIET = Setting.duration("files-quiet", "Quiet time before a change counts",
 *         "100ms", Duration.ZERO, Duration.ofSeconds(10));
 * }</pre>
 *
 * <p><b>Formats</b>, the same as the server's own settings:
 * <ul>
 *   <li>{@linkplain #text text}: any text, surrounding spaces removed; a {@linkplain #secret secret}
 *       is text that is never shown.</li>
 *   <li>{@linkplain #bool boolean}: {@code true} or {@code false} (any case).</li>
 *   <li>{@linkplain #integer integer}: a whole number within the declared bounds.</li>
 *   <li>{@linkplain #duration duration}: whole seconds ({@code 300}) or a number with {@code ms},
 *       {@code s}, {@code m}, {@code h} or {@code d} ({@code 50ms}, {@code 90s}, {@code 5m}).</li>
 *   <li>{@linkplain #size size}: bytes ({@code 65536}) or a number with {@code KiB}, {@code MiB} or
 *       {@code GiB} ({@code 64KiB}, {@code 16MiB}).</li>
 *   <li>{@linkplain #path path}: a path on this system; a relative one is resolved against the
 *       installation folder.</li>
 *   <li>{@linkplain #oneOf one of} a list of words (any case; the value is the declared word).</li>
 * </ul>
 *
 * @param <T> the type of the value: {@link String}, {@link Boolean}, {@link Long}, {@link Duration}
 *     or {@link Path}
 */
public final class Setting<T> {

    /** The types a setting may have; each has one text format, the server's. */
    public enum Kind { TEXT, SECRET, BOOLEAN, INTEGER, DURATION, SIZE, PATH, WORD }

    private static final Duration MAX_DURATION = Duration.ofDays(365);
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final String key;
    private final String description;
    private final String defaultText;
    private final Kind kind;
    private final Class<T> type;
    private final long min;
    private final long max;
    private final List<String> words;

    private Setting(String key, String description, String defaultText, Kind kind, Class<T> type, long min, long max,
            List<String> words) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(defaultText, "defaultText");
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("a setting key is lower-case words joined by \"-\", not \"" + key + '"');
        }
        if (description.isBlank() || description.contains("\n")) {
            throw new IllegalArgumentException("the description of " + key + " must be one line");
        }
        if (min > max) {
            throw new IllegalArgumentException("the bounds of " + key + " are reversed: " + min + " > " + max);
        }
        this.key = key;
        this.description = description;
        this.defaultText = defaultText;
        this.kind = kind;
        this.type = type;
        this.min = min;
        this.max = max;
        this.words = words;
    }

    /**
     * Text, shown in logs and {@code --help}.
     *
     * @param key the key: lower-case letters, digits and {@code -}, starting with a letter, such as
     *     {@code files-root}; prefix it with your plugin's name so that plugins do not collide
     * @param description one line for {@code --help} and the properties file
     * @param defaultValue the value when none is given; empty means "not set"
     * @return the declaration
     */
    public static Setting<String> text(String key, String description, String defaultValue) {
        return new Setting<>(key, description, defaultValue, Kind.TEXT, String.class, 0, 0, List.of());
    }

    /**
     * Text that is never shown (in logs, {@code --help} or warnings), with no default, such as a
     * password. The server warns when one sits in a properties file that group or others can read.
     *
     * @param key the key, such as {@code auth-secret}
     * @param description one line
     * @return the declaration
     */
    public static Setting<String> secret(String key, String description) {
        return new Setting<>(key, description, "", Kind.SECRET, String.class, 0, 0, List.of());
    }

    /**
     * {@code true} or {@code false}.
     *
     * @param key the key
     * @param description one line
     * @param defaultValue the value when none is given
     * @return the declaration
     */
    public static Setting<Boolean> bool(String key, String description, boolean defaultValue) {
        return new Setting<>(key, description, Boolean.toString(defaultValue), Kind.BOOLEAN, Boolean.class, 0, 0,
                List.of());
    }

    /**
     * A whole number from {@code min} to {@code max}.
     *
     * @param key the key
     * @param description one line
     * @param defaultValue the value when none is given, within the bounds
     * @param min the smallest value accepted
     * @param max the largest value accepted
     * @return the declaration
     */
    public static Setting<Long> integer(String key, String description, long defaultValue, long min, long max) {
        requireWithin(key, defaultValue, min, max);
        return new Setting<>(key, description, Long.toString(defaultValue), Kind.INTEGER, Long.class, min, max,
                List.of());
    }

    /**
     * A length of time from {@code min} to {@code max}; {@code 0} is a valid value when {@code min}
     * is zero (by convention "never" or "off": say which in the description).
     *
     * @param key the key
     * @param description one line
     * @param defaultText the value when none is given, in the format above, such as {@code "100ms"}
     * @param min the shortest value accepted
     * @param max the longest value accepted, at most 365 days
     * @return the declaration
     */
    public static Setting<Duration> duration(String key, String description, String defaultText, Duration min,
            Duration max) {
        if (min.isNegative() || max.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("the bounds of " + key + " must lie from 0 to 365 days");
        }
        return new Setting<>(key, description, defaultText, Kind.DURATION, Duration.class, min.toNanos(),
                max.toNanos(), List.of());
    }

    /**
     * A number of bytes from {@code min} to {@code max}.
     *
     * @param key the key
     * @param description one line
     * @param defaultText the value when none is given, in the format above, such as {@code "16MiB"}
     * @param min the fewest bytes accepted
     * @param max the most bytes accepted
     * @return the declaration
     */
    public static Setting<Long> size(String key, String description, String defaultText, long min, long max) {
        return new Setting<>(key, description, defaultText, Kind.SIZE, Long.class, min, max, List.of());
    }

    /**
     * A path of this system, resolved against the installation folder when relative.
     *
     * @param key the key
     * @param description one line
     * @param defaultValue the value when none is given; empty means "not set"
     * @return the declaration
     */
    public static Setting<Path> path(String key, String description, String defaultValue) {
        return new Setting<>(key, description, defaultValue, Kind.PATH, Path.class, 0, 0, List.of());
    }

    /**
     * One of a few words, such as {@code connection} or {@code address}.
     *
     * @param key the key
     * @param description one line
     * @param defaultValue the value when none is given: one of the words
     * @param words the words accepted (compared ignoring case; the value is the word as declared)
     * @return the declaration
     */
    public static Setting<String> oneOf(String key, String description, String defaultValue, String... words) {
        List<String> accepted = List.of(words);
        if (accepted.isEmpty() || !accepted.contains(defaultValue)) {
            throw new IllegalArgumentException("the default of " + key + " must be one of " + accepted);
        }
        return new Setting<>(key, description, defaultValue, Kind.WORD, String.class, 0, 0, accepted);
    }

    private static void requireWithin(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("the default of " + key + " must be from " + min + " to " + max);
        }
    }

    /** @return the key, such as {@code files-root} */
    public String key() {
        return key;
    }

    /** @return the one-line description */
    public String description() {
        return description;
    }

    /** @return the default as text, in the setting's format; empty for "not set" */
    public String defaultText() {
        return defaultText;
    }

    /** @return the setting's type */
    public Kind kind() {
        return kind;
    }

    /** @return the class of the setting's values */
    public Class<T> type() {
        return type;
    }

    /** @return whether the value must never be shown */
    public boolean secret() {
        return kind == Kind.SECRET;
    }

    /**
     * @return the smallest value accepted: for an integer or a size its number, for a duration
     *     its nanoseconds; 0 for other kinds
     */
    public long min() {
        return min;
    }

    /** @return the largest value accepted, in the units of {@link #min()} */
    public long max() {
        return max;
    }

    /** @return the words a {@link #oneOf} setting accepts; empty for other kinds */
    public List<String> words() {
        return words;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Setting<?> that && key.equals(that.key) && kind == that.kind
                && defaultText.equals(that.defaultText) && description.equals(that.description) && min == that.min
                && max == that.max && words.equals(that.words);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return "Setting[" + key + ", " + kind + "]";
    }
}
