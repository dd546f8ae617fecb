package dev.turnstile.client.sync;

import java.util.Locale;

/** Sizes for people: {@code 512 B}, {@code 4.2 MB}, in powers of 1000 like rsync's --human-readable. */
public final class ByteCount {

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private ByteCount() {
    }

    /**
     * @param bytes a count of bytes
     * @return it for people, as {@code 4.2 MB}
     */
    public static String format(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
