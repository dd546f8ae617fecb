package dev.turnstile.server;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The formats and limits of the server's settings, each written once: a {@code text} method
 * turns what a user wrote into a value, a {@code check} method holds a value given in code
 * ({@link ServerConfig}'s {@code with…} methods) to the same limits. Each throws
 * {@link IllegalArgumentException} whose message says what was expected, so the caller can add
 * the option, the value and where it came from.
 */
public final class ValueFormats {

    static final Duration MAX_TIMEOUT = Duration.ofDays(365);
    static final long MIN_SIZE_BYTES = 64;
    static final long MAX_SIZE_BYTES = 1024L * 1024 * 1024;

    static final String HOST_EXPECTED = "expected an IP address or a host name";
    static final String PORT_EXPECTED = "expected a whole number from 0 to 65535";
    static final String PATH_EXPECTED = "expected a folder path";
    static final String BUSY_EXPECTED = "expected reject or queue";
    static final String TIMEOUT_EXPECTED = "expected whole seconds (300) or a number with s, m or h (90s, 5m, 1h),"
            + " at most 365 days; 0 means no timeout";
    static final String SIZE_EXPECTED = "expected bytes (65536) or a number with KiB or MiB (64KiB, 4MiB),"
            + " from 64 bytes to 1024MiB";

    // Brackets allow an IPv6 literal written as in a URL; anything else is left to the resolver.
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%\\-\\[\\]]+");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,12}");
    private static final Pattern TIMEOUT = Pattern.compile("([0-9]{1,12})([smh]?)");
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,12})((?i:kib|mib)?)");

    private ValueFormats() {
    }

    static String host(String text) {
        if (text == null || !HOST.matcher(text).matches()) {
            throw new IllegalArgumentException(HOST_EXPECTED);
        }
        return text;
    }

    static int port(String text) {
        if (!WHOLE_NUMBER.matcher(text).matches()) {
            throw new IllegalArgumentException(PORT_EXPECTED);
        }
        long port = Long.parseLong(text);
        return checkPort(port > Integer.MAX_VALUE ? -1 : (int) port);
    }

    static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(PORT_EXPECTED);
        }
        return port;
    }

    /**
     * @param text a path as a user wrote it
     * @return the path, relative paths left relative
     * @throws IllegalArgumentException when it is blank or not a path on this system
     */
    public static Path path(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException(PATH_EXPECTED);
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(PATH_EXPECTED, e);
        }
    }

    /** A path, or the empty text for "not set". */
    static String optionalPath(String text) {
        return text.isEmpty() ? text : path(text).toString();
    }

    static BusyPolicy busy(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "reject" -> BusyPolicy.REJECT;
            case "queue" -> BusyPolicy.QUEUE;
            default -> throw new IllegalArgumentException(BUSY_EXPECTED);
        };
    }

    /** Seconds as a whole number, or with a unit: {@code 300}, {@code 90s}, {@code 5m}, {@code 1h}. */
    static Duration timeout(String text) {
        Matcher m = TIMEOUT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(TIMEOUT_EXPECTED);
        }
        long unit = switch (m.group(2)) {
            case "m" -> 60;
            case "h" -> 3600;
            default -> 1;
        };
        long seconds = Long.parseLong(m.group(1)) * unit;
        return checkTimeout(Duration.ofSeconds(Math.min(seconds, MAX_TIMEOUT.toSeconds() + 1)));
    }

    /** Zero means none; code may give less than a second (tests do), text may not. */
    static Duration checkTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(TIMEOUT_EXPECTED);
        }
        return timeout;
    }

    /** Bytes as a whole number, or with a binary unit: {@code 65536}, {@code 64KiB}, {@code 4MiB}. */
    static int size(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(SIZE_EXPECTED);
        }
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "kib" -> 1024;
            case "mib" -> 1024 * 1024;
            default -> 1;
        };
        long bytes = Long.parseLong(m.group(1)) * unit;
        return checkSize(bytes > MAX_SIZE_BYTES ? -1 : (int) bytes);
    }

    static int checkSize(int bytes) {
        if (bytes < MIN_SIZE_BYTES || bytes > MAX_SIZE_BYTES) {
            throw new IllegalArgumentException(SIZE_EXPECTED);
        }
        return bytes;
    }
}
