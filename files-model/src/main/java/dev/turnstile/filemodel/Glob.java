package dev.turnstile.filemodel;

/**
 * Matches one name against one glob segment of an {@link IgnorePattern}, as fnmatch(3) with
 * {@code FNM_PATHNAME} and git's wildmatch do within a name: {@code *} (any run, a {@code **}
 * inside a name too), {@code ?}, bracket sets with ranges, negation ({@code !} or {@code ^}) and
 * POSIX classes, and {@code \} escapes. Both are code points. The classic two-pointer walk: on a
 * mismatch after a {@code *}, the star takes one more character, so the work stays within
 * pattern × name steps.
 */
final class Glob {

    private Glob() {
    }

    static boolean matches(int[] pattern, int[] name) {
        int p = 0;
        int n = 0;
        int starP = -1;
        int starN = -1;
        while (n < name.length) {
            if (p < pattern.length && pattern[p] == '*') {
                while (p < pattern.length && pattern[p] == '*') {
                    p++;
                }
                starP = p;
                starN = n;
                continue;
            }
            int step = p < pattern.length ? matchOne(pattern, p, name[n]) : -1;
            if (step == -2) {
                return false; // a malformed set: git matches nothing with it
            }
            if (step > 0) {
                p += step;
                n++;
            } else if (starP >= 0) {
                p = starP;
                n = ++starN;
            } else {
                return false;
            }
        }
        while (p < pattern.length && pattern[p] == '*') {
            p++;
        }
        return p == pattern.length;
    }

    /**
     * @return how many pattern code points matched {@code c} (1 or more), -1 for no match, -2 when
     *     the pattern is malformed there (an unclosed set, a lone trailing backslash)
     */
    private static int matchOne(int[] pattern, int p, int c) {
        int first = pattern[p];
        if (first == '?') {
            return 1;
        }
        if (first == '\\') {
            if (p + 1 >= pattern.length) {
                return -2;
            }
            return pattern[p + 1] == c ? 2 : -1;
        }
        if (first == '[') {
            return matchSet(pattern, p, c);
        }
        return first == c ? 1 : -1;
    }

    private static int matchSet(int[] pattern, int start, int c) {
        int i = start + 1;
        boolean negated = i < pattern.length && (pattern[i] == '!' || pattern[i] == '^');
        if (negated) {
            i++;
        }
        boolean found = false;
        boolean firstMember = true;
        while (i < pattern.length && (pattern[i] != ']' || firstMember)) {
            firstMember = false;
            int low;
            if (pattern[i] == '[' && i + 1 < pattern.length && pattern[i + 1] == ':') {
                int close = classEnd(pattern, i + 2);
                if (close < 0) {
                    return -2;
                }
                String name = new String(pattern, i + 2, close - (i + 2));
                Boolean inClass = inClass(name, c);
                if (inClass == null) {
                    return -2;
                }
                found |= inClass;
                i = close + 2;
                continue;
            }
            if (pattern[i] == '\\') {
                if (++i >= pattern.length) {
                    return -2;
                }
            }
            low = pattern[i++];
            int high = low;
            if (i + 1 < pattern.length && pattern[i] == '-' && pattern[i + 1] != ']') {
                i++;
                if (pattern[i] == '\\' && ++i >= pattern.length) {
                    return -2;
                }
                high = pattern[i++];
            }
            if (c >= low && c <= high) {
                found = true;
            }
        }
        if (i >= pattern.length) {
            return -2; // no closing "]"
        }
        if (c == '/') {
            return -1;
        }
        return found != negated ? i + 1 - start : -1;
    }

    /** @return the index of the ':' of the ":]" that closes a class name begun at {@code from}, or -1 */
    private static int classEnd(int[] pattern, int from) {
        for (int i = from; i + 1 < pattern.length; i++) {
            if (pattern[i] == ':' && pattern[i + 1] == ']') {
                return i;
            }
        }
        return -1;
    }

    /** @return whether {@code c} is in the POSIX class, or {@code null} for a class git does not know */
    private static Boolean inClass(String name, int c) {
        switch (name) {
            case "alnum": return c < 128 && Character.isLetterOrDigit(c);
            case "alpha": return c < 128 && Character.isLetter(c);
            case "blank": return c == ' ' || c == '\t';
            case "cntrl": return c < 32 || c == 127;
            case "digit": return c >= '0' && c <= '9';
            case "graph": return c > 32 && c < 127;
            case "lower": return c >= 'a' && c <= 'z';
            case "print": return c >= 32 && c < 127;
            case "punct": return c > 32 && c < 127 && !Character.isLetterOrDigit(c);
            case "space": return c == ' ' || c >= '\t' && c <= '\r';
            case "upper": return c >= 'A' && c <= 'Z';
            case "xdigit": return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            default: return null;
        }
    }
}
