package dev.turnstile.auth;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The setting {@code token-ttl}: how long a token of {@link TokenScope#ADDRESS address scope}
 * lives after its last use. Written as the server's {@code idle-timeout}: whole seconds
 * ({@code 3600}) or a whole number with {@code s}, {@code m} or {@code h} ({@code 90s},
 * {@code 5m}, {@code 1h}), at most 365 days; {@code 0} means the token never expires by itself.
 */
final class TokenTtl {

    static final String KEY = "token-ttl";
    static final String DEFAULT = "1h";

    private static final long MAX_SECONDS = Duration.ofDays(365).toSeconds();
    private static final Pattern FORMAT = Pattern.compile("([0-9]{1,12})([smh]?)");

    private TokenTtl() {
    }

    /**
     * @param text the setting's value
     * @return the duration; {@link Duration#ZERO} for "never"
     * @throws IllegalArgumentException with one line naming the setting, the value and the format
     */
    static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text.strip());
        if (m.matches()) {
            long unit = switch (m.group(2)) {
                case "m" -> 60;
                case "h" -> 3600;
                default -> 1;
            };
            long seconds = Long.parseLong(m.group(1)) * unit;
            if (seconds <= MAX_SECONDS) {
                return Duration.ofSeconds(seconds);
            }
        }
        throw new IllegalArgumentException("invalid " + KEY + " " + PythonRepr.of(text)
                + ": expected whole seconds (3600) or a number with s, m or h (90s, 5m, 1h),"
                + " at most 365 days; 0 means never");
    }
}
