package dev.turnstile.cli;

import dev.turnstile.server.BusyPolicy;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the text of one setting into its value. Each method throws
 * {@link IllegalArgumentException} whose message says what was expected, so the caller can add
 * the option, the value and where it came from.
 */
final class ValueFormats {

    static final long MAX_TIMEOUT_SECONDS = Duration.ofDays(365).toSeconds();
    static final long MIN_SIZE_BYTES = 64;
    static final long MAX_SIZE_BYTES = 1024L * 1024 * 1024;

    // Brackets allow an IPv6 literal written as in a URL; anything else is left to the resolver.
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%\\-\\[\\]]+");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,12}");
    private static final Pattern TIMEOUT = Pattern.compile("([0-9]{1,12})([smh]?)");
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,12})((?i:kib|mib)?)");

    private ValueFormats() {
    }

    static String host(String text) {
        if (!HOST.matcher(text).matches()) {
            throw new IllegalArgumentException("expected an IP address or a host name");
        }
        return text;
    }

    static int port(String text) {
        if (!WHOLE_NUMBER.matcher(text).matches() || Long.parseLong(text) > 65535) {
            throw new IllegalArgumentException("expected a whole number from 0 to 65535");
        }
        return Integer.parseInt(text);
    }

    static Path path(String text) {
        String expected = "expected a folder path";
        if (text.isBlank()) {
            throw new IllegalArgumentException(expected);
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(expected, e);
        }
    }

    static BusyPolicy busy(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "reject" -> BusyPolicy.REJECT;
            case "queue" -> BusyPolicy.QUEUE;
            default -> throw new IllegalArgumentException("expected reject or queue");
        };
    }

    /** Seconds as a whole number, or with a unit: {@code 300}, {@code 90s}, {@code 5m}, {@code 1h}. */
    static Duration timeout(String text) {
        Matcher m = TIMEOUT.matcher(text);
        String expected = "expected whole seconds (300) or a number with s, m or h (90s, 5m, 1h),"
                + " at most 365 days; 0 means no timeout";
        if (!m.matches()) {
            throw new IllegalArgumentException(expected);
        }
        long unit = switch (m.group(2)) {
            case "m" -> 60;
            case "h" -> 3600;
            default -> 1;
        };
        long seconds = Long.parseLong(m.group(1)) * unit;
        if (seconds > MAX_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException(expected);
        }
        return Duration.ofSeconds(seconds);
    }

    /** Bytes as a whole number, or with a binary unit: {@code 65536}, {@code 64KiB}, {@code 4MiB}. */
    static int size(String text) {
        Matcher m = SIZE.matcher(text);
        String expected = "expected bytes (65536) or a number with KiB or MiB (64KiB, 4MiB),"
                + " from 64 bytes to 1024MiB";
        if (!m.matches()) {
            throw new IllegalArgumentException(expected);
        }
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "kib" -> 1024;
            case "mib" -> 1024 * 1024;
            default -> 1;
        };
        long bytes = Long.parseLong(m.group(1)) * unit;
        if (bytes < MIN_SIZE_BYTES || bytes > MAX_SIZE_BYTES) {
            throw new IllegalArgumentException(expected);
        }
        return (int) bytes;
    }
}
