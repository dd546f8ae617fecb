package dev.turnstile.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The long, plain string values of one request, found in its bytes before Parsson reads it. A value
 * of at least {@link #MIN_LENGTH} bytes, each printable ASCII other than {@code "} and {@code \}, is
 * given to Parsson as {@code ""}, and its {@code String} is made straight from the request's bytes.
 *
 * <p>Why: Parsson walks a string a char at a time, advancing a field and counting every char
 * against its parsing limit, after the bytes were widened to chars for it; on a 16 KiB or 768 KiB
 * string (an {@code /echo}, a file chunk in base64) that walk was the largest part of the server's
 * own work. Everything else stays Parsson's: the structure, every check, every other string. A
 * lifted body is text Parsson reads unchanged as a string's content (no escape, no control
 * character, no quote), so the tokens it sees are the same, only that string is shorter; error
 * positions are mapped back with {@link #originalOffset}.
 *
 * <p>A string followed by {@code :} is a member name and is left alone, as is every string when
 * the request is shorter than {@link #MIN_LENGTH}, so small requests cost one length check.
 */
final class LongStrings {

    /** The shortest string body lifted, in bytes: below it, Parsson's walk costs less than a lift. */
    static final int MIN_LENGTH = 128;

    private byte[] bytes;
    private int count;
    private int[] starts = new int[8];
    private int[] ends = new int[8];
    private int[] charEnds = new int[8];

    /**
     * Finds the long plain string values of {@code bytes[offset, offset + length)}, in order.
     */
    void find(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        count = 0;
        if (length < MIN_LENGTH + 2) {
            return;
        }
        int end = offset + length;
        int i = offset;
        while (true) {
            while (i < end && bytes[i] != '"') {
                i++;
            }
            if (i >= end) {
                return;
            }
            int body = i + 1;
            int stop = ByteWords.plainEnd(bytes, body, end);
            if (stop < end && bytes[stop] == '"') {
                if (stop - body >= MIN_LENGTH && !followedByColon(bytes, stop + 1, end)) {
                    add(body, stop);
                }
                i = stop + 1;
            } else {
                i = afterString(bytes, stop, end);
            }
        }
    }

    /** @return how many strings {@link #find} lifted */
    int count() {
        return count;
    }

    /** @return where the body of lifted string {@code i} starts in the request's bytes */
    int start(int i) {
        return starts[i];
    }

    /** @return where the body of lifted string {@code i} ends (its closing quote) in the bytes */
    int end(int i) {
        return ends[i];
    }

    /**
     * Records where Parsson will stand after lifted string {@code i}: the offset just past its
     * closing quote in the chars it reads, which is what its location gives after the string.
     */
    void setCharEnd(int i, long charEnd) {
        charEnds[i] = Math.toIntExact(charEnd);
    }

    /** @return the offset just past lifted string {@code i} in the chars Parsson reads */
    int charEnd(int i) {
        return charEnds[i];
    }

    /** @return the text of lifted string {@code i}: its bytes, one char each */
    String value(int i) {
        return new String(bytes, starts[i], ends[i] - starts[i], StandardCharsets.ISO_8859_1);
    }

    /**
     * @param offset a char offset in the text Parsson read
     * @return the same place in the request as the client wrote it, lifted bodies counted back in
     */
    long originalOffset(long offset) {
        long original = offset;
        for (int i = 0; i < count && offset >= charEnds[i] - 1; i++) {
            original += ends[i] - starts[i];
        }
        return original;
    }

    /** Lets go of the request's bytes, so that an outgrown input buffer is not kept alive. */
    void forget() {
        bytes = null;
    }

    private void add(int start, int end) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
            charEnds = Arrays.copyOf(charEnds, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        count++;
    }

    /** @return the index just past the closing quote of the string {@code from} is in, or {@code end} */
    private static int afterString(byte[] b, int from, int end) {
        int i = from;
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                return i + 1;
            }
            i += c == '\\' ? 2 : 1;
        }
        return end;
    }

    private static boolean followedByColon(byte[] b, int from, int end) {
        int i = from;
        while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
        return i < end && b[i] == ':';
    }
}
