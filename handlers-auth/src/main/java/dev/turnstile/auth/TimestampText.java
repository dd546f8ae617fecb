package dev.turnstile.auth;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Writes an instant as Python's {@code str(datetime.utcnow())} does:
 * {@code YYYY-MM-DD HH:MM:SS.ffffff} in UTC, microseconds truncated, and without the fraction
 * when the microseconds are 0.
 */
final class TimestampText {

    private TimestampText() {
    }

    /**
     * @param instant a moment
     * @return its UTC date and time as Python prints them
     */
    static String of(Instant instant) {
        LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        int micros = utc.getNano() / 1000;
        String seconds = String.format(Locale.ROOT, "%04d-%02d-%02d %02d:%02d:%02d", utc.getYear(), utc.getMonthValue(),
                utc.getDayOfMonth(), utc.getHour(), utc.getMinute(), utc.getSecond());
        return micros == 0 ? seconds : seconds + String.format(Locale.ROOT, ".%06d", micros);
    }
}
