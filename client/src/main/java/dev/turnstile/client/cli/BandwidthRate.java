package dev.turnstile.client.cli;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code --bwlimit RATE} as rsync does: a number of units a second, which may have a
 * fraction ({@code 1.5m}); without a suffix the unit is 1024 bytes (KiB). Suffixes, in any case:
 * {@code b} bytes; {@code k}/{@code kib}, {@code m}/{@code mib}, {@code g}/{@code gib} powers of
 * 1024; {@code kb}, {@code mb}, {@code gb} powers of 1000. 0 means no limit.
 */
final class BandwidthRate {

    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)([a-z]*)");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1024L), Map.entry("b", 1L),
            Map.entry("k", 1024L), Map.entry("kib", 1024L), Map.entry("kb", 1000L),
            Map.entry("m", 1L << 20), Map.entry("mib", 1L << 20), Map.entry("mb", 1_000_000L),
            Map.entry("g", 1L << 30), Map.entry("gib", 1L << 30), Map.entry("gb", 1_000_000_000L));

    private BandwidthRate() {
    }

    /**
     * @return bytes a second, 0 for no limit
     * @throws IllegalArgumentException naming what is wrong
     */
    static long parse(String text) {
        Matcher matcher = RATE.matcher(text.strip().toLowerCase(Locale.ROOT));
        Long unit = matcher.matches() ? UNITS.get(matcher.group(2)) : null;
        if (unit == null) {
            throw new IllegalArgumentException("--bwlimit " + text + ": not a rate; write a number of KiB a second"
                    + " (1000), or with a unit: 1.5m, 500k, 2mb, 800000b");
        }
        BigDecimal bytes = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unit));
        if (bytes.signum() > 0 && bytes.compareTo(BigDecimal.valueOf(512)) < 0) {
            throw new IllegalArgumentException("--bwlimit " + text + " is under 512 bytes a second; use 0 for no limit");
        }
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("--bwlimit " + text + " is too large");
        }
        return bytes.longValue();
    }
}
