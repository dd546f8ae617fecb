package dev.turnstile.filemodel;

import java.util.Comparator;

/**
 * The order of every listing: paths compared by Unicode code point, as SPEC §8 asks and as
 * Python's sort of the original server gave. {@link String#compareTo} compares UTF-16 units,
 * which differs for characters above U+FFFF, hence this comparator.
 */
public final class PathOrder {

    /** Paths by code point. */
    public static final Comparator<String> CODE_POINTS = PathOrder::compare;

    private PathOrder() {
    }

    /**
     * @return a negative number, zero or a positive number as {@code a} comes before, equals or
     *     comes after {@code b} by code point
     */
    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * The key that sorts one folder's entries in full-path order: a folder's name with a
     * {@code /} after it, since every path inside it continues with {@code /}. So {@code a.txt}
     * ({@code .} is U+002E) comes before the folder {@code a} ({@code a/}), as {@code /a.txt}
     * comes before {@code /a/b}.
     */
    public static String entryKey(String name, boolean folder) {
        return folder ? name + "/" : name;
    }
}
