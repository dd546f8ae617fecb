package dev.turnstile.json;


/**
 * Cuts a byte stream into top-level JSON texts without parsing them, so a request is complete
 * when its outermost object or array closes and no delimiter is needed.
 *
 * <p>A state machine over raw bytes (UTF-8 multi-byte sequences never contain the ASCII bytes it
 * looks at, so it needs no decoding). It keeps its scan position between calls: bytes already
 * scanned are never scanned again, however the stream is split.
 *
 * <ul>
 *   <li>{@code BETWEEN}: space, tab, CR and LF are skipped; {@code {} or {@code [} starts a text;
 *       any other byte starts garbage.</li>
 *   <li>{@code VALUE}: counts nesting outside strings; the text ends when it returns to zero.</li>
 *   <li>{@code STRING}, {@code ESCAPE}: inside a string, where brackets do not count and a
 *       backslash protects the next byte (so {@code \"} does not end the string).</li>
 *   <li>{@code GARBAGE}: a text that cannot be a JSON object extends to the next LF and is reported
 *       as one unit, so the client gets one error for it and the stream stays in step.</li>
 * </ul>
 *
 * <p>The caller owns the buffer: it appends bytes at the end, calls {@link #next}, and may move the
 * unread tail to the front after telling the framer with {@link #shift}. A text longer than the
 * {@linkplain #limit(int) limit} is reported as {@link Result#TOO_LARGE} as soon as its first byte
 * past the limit is seen, so the caller never has to hold more than the limit plus one byte.
 */
public final class JsonFramer {

    /** What {@link #next} found. */
    public enum Result {
        /** No complete text yet: append more bytes and call again. */
        NEED_MORE,
        /** A complete text lies at {@link #start()} to {@link #end()}. */
        TEXT,
        /** A line that is not JSON lies at {@link #start()} to {@link #end()} (LF excluded). */
        GARBAGE,
        /** The current text passed the limit; the stream cannot be resynchronised. */
        TOO_LARGE,
        /** At end of stream, an unfinished text lies at {@link #start()} to {@link #end()}. */
        INCOMPLETE
    }

    private static final long QUOTES = ByteWords.repeat('"');
    private static final long BACKSLASHES = ByteWords.repeat('\\');

    private static final int BETWEEN = 0;
    private static final int VALUE = 1;
    private static final int STRING = 2;
    private static final int ESCAPE = 3;
    private static final int GARBAGE = 4;

    private int state = BETWEEN;
    private int pos;
    private int depth;
    private int start;
    private int end;
    private int limit;

    /**
     * @param limit the largest text, in bytes
     */
    public JsonFramer(int limit) {
        limit(limit);
    }

    /**
     * Changes the size limit for texts not yet started (and the current one, from its next byte on).
     *
     * @param limit the largest text, in bytes
     */
    public void limit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        this.limit = limit;
    }

    /**
     * Scans {@code buf} from where the last call stopped up to {@code length}.
     *
     * @param buf the buffer holding the stream
     * @param length how many bytes of {@code buf} are valid
     * @return what was found; for {@link Result#TEXT} and {@link Result#GARBAGE} see {@link #start()}
     */
    public Result next(byte[] buf, int length) {
        int p = pos;
        int s = state;
        int d = depth;
        Result result = Result.NEED_MORE;
        scan:
        while (p < length) {
            byte b = buf[p];
            switch (s) {
                case BETWEEN:
                    if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                        p++;
                        continue;
                    }
                    start = p++;
                    if (b == '{' || b == '[') {
                        s = VALUE;
                        d = 1;
                    } else {
                        s = GARBAGE;
                    }
                    break;
                case VALUE:
                    p++;
                    if (b == '"') {
                        s = STRING;
                    } else if (b == '{' || b == '[') {
                        d++;
                    } else if ((b == '}' || b == ']') && --d == 0) {
                        if (p - start > limit) {
                            // The closing byte itself may be the one past the limit.
                            result = Result.TOO_LARGE;
                            break scan;
                        }
                        end = p;
                        s = BETWEEN;
                        result = Result.TEXT;
                        break scan;
                    }
                    break;
                case STRING:
                    // Fast path: most bytes of a request are string content. Never run past the
                    // byte that breaks the limit, so the check below sees it.
                    int stop = (int) Math.min(length, (long) start + limit + 1);
                    while (p + 8 <= stop && !quoteOrBackslash(ByteWords.read(buf, p))) {
                        p += 8;
                    }
                    while (p < stop && (b = buf[p]) != '"' && b != '\\') {
                        p++;
                    }
                    if (p < stop) {
                        s = b == '"' ? VALUE : ESCAPE;
                        p++;
                    }
                    break;
                case ESCAPE:
                    s = STRING;
                    p++;
                    break;
                default: // GARBAGE
                    if (b == '\n') {
                        end = p;
                        p++;
                        s = BETWEEN;
                        result = Result.GARBAGE;
                        break scan;
                    }
                    p++;
                    break;
            }
            if (s != BETWEEN && p - start > limit) {
                result = Result.TOO_LARGE;
                break;
            }
        }
        pos = p;
        state = s;
        depth = d;
        return result;
    }

    /** Strings are most of a large request: their content is skipped eight bytes at a time. */
    private static boolean quoteOrBackslash(long word) {
        return ByteWords.anyEqual(word, QUOTES) || ByteWords.anyEqual(word, BACKSLASHES);
    }

    /**
     * Called when the stream has ended and {@link #next} returned {@link Result#NEED_MORE}: reports
     * what is left, so the client still gets an answer for it.
     *
     * @return {@link Result#GARBAGE} for an unterminated garbage line, {@link Result#INCOMPLETE}
     *     for an unfinished JSON text, {@link Result#NEED_MORE} when nothing is left
     */
    public Result finish() {
        if (state == BETWEEN) {
            return Result.NEED_MORE;
        }
        end = pos;
        Result result = state == GARBAGE ? Result.GARBAGE : Result.INCOMPLETE;
        state = BETWEEN;
        return result;
    }

    /** @return where the last reported text or garbage starts */
    public int start() {
        return start;
    }

    /** @return where the last reported text or garbage ends (exclusive) */
    public int end() {
        return end;
    }

    /**
     * @return the first index the framer still needs: everything before it has been reported or
     *     skipped and may be dropped by the caller
     */
    public int retainFrom() {
        return state == BETWEEN ? pos : start;
    }

    /**
     * Tells the framer that the caller moved the buffer's content {@code n} bytes to the left.
     *
     * @param n how far the bytes moved, at most {@link #retainFrom()}
     */
    public void shift(int n) {
        if (n < 0 || n > retainFrom()) {
            throw new IllegalArgumentException("cannot shift by " + n);
        }
        pos -= n;
        start -= n;
        end -= n;
    }

    /** @return the largest text, in bytes */
    int limit() {
        return limit;
    }
}
