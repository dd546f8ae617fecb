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
 *   <li>{@code NEWLINE}, {@code NEWLINE_LF}, {@code ATTACHMENT} (SPEC §2, binary attachments): after
 *       a text that the caller found to carry {@code "attachment": N} ({@link #expectAttachment}),
 *       exactly one LF or CRLF, then N bytes that are never looked at: a brace or a quote among
 *       them is data. The framer only counts them down, so an attachment that arrives in many reads
 *       is still passed over once.</li>
 * </ul>
 *
 * <p>The caller owns the buffer: it appends bytes at the end, calls {@link #next}, and may move the
 * unread tail to the front after telling the framer with {@link #shift}. A text longer than the
 * {@linkplain #limit(int) limit} is reported as {@link Result#TOO_LARGE} as soon as its first byte
 * past the limit is seen, so the caller never has to hold more than the limit plus one byte of a
 * text. An attachment must be held whole, because the handler reads it in place: {@link #needed()}
 * says how much.
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
        INCOMPLETE,
        /** The attachment announced by {@link #expectAttachment} lies at {@link #start()} to {@link #end()}. */
        ATTACHMENT,
        /**
         * The byte after a text that carries an attachment is not the newline that must come first;
         * the stream cannot be resynchronised.
         */
        NO_NEWLINE
    }

    private static final long QUOTES = ByteWords.repeat('"');
    private static final long BACKSLASHES = ByteWords.repeat('\\');

    private static final int BETWEEN = 0;
    private static final int VALUE = 1;
    private static final int STRING = 2;
    private static final int ESCAPE = 3;
    private static final int GARBAGE = 4;
    private static final int NEWLINE = 5;
    private static final int NEWLINE_LF = 6;
    private static final int ATTACHMENT = 7;

    private int state = BETWEEN;
    private int pos;
    private int depth;
    private int start;
    private int end;
    private int limit;
    /** In the attachment states: the attachment's bytes not yet seen. */
    private long remaining;
    /** The last call reported a text, which may announce an attachment. */
    private boolean textJustReported;

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
        textJustReported = false;
        if (state >= NEWLINE) {
            return attachment(buf, length);
        }
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
                        textJustReported = true;
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

    /**
     * Announces that the text just reported as {@link Result#TEXT} carries an attachment of
     * {@code size} bytes: the next call looks for its newline, then passes over its bytes and
     * reports them as {@link Result#ATTACHMENT}. The size limit does not apply to them.
     *
     * @param size the attachment's length, 0 or more
     * @throws IllegalStateException when the last result was not a text
     */
    public void expectAttachment(long size) {
        if (!textJustReported) {
            throw new IllegalStateException("an attachment follows a text just reported");
        }
        if (size < 0) {
            throw new IllegalArgumentException("an attachment has 0 or more bytes");
        }
        textJustReported = false;
        state = NEWLINE;
        remaining = size;
    }

    /** The attachment states: the newline, then the bytes, counted and never read. */
    private Result attachment(byte[] buf, int length) {
        int p = pos;
        while (state != ATTACHMENT && p < length) {
            byte b = buf[p];
            if (b == '\n') {
                state = ATTACHMENT;
                start = p + 1;
            } else if (b == '\r' && state == NEWLINE) {
                state = NEWLINE_LF;
            } else {
                pos = p;
                return Result.NO_NEWLINE;
            }
            p++;
        }
        if (state == ATTACHMENT) {
            long taken = Math.min(remaining, length - p);
            p += (int) taken;
            remaining -= taken;
        }
        pos = p;
        if (state != ATTACHMENT || remaining > 0) {
            return Result.NEED_MORE;
        }
        end = p;
        state = BETWEEN;
        return Result.ATTACHMENT;
    }

    /**
     * @return while an attachment is expected or arriving, how many bytes from {@link #retainFrom()}
     *     on must be held at once for it to be reported (the newline counted as two bytes); 0 otherwise
     */
    public long needed() {
        return switch (state) {
            case NEWLINE -> 2 + remaining;
            case NEWLINE_LF -> 1 + remaining;
            case ATTACHMENT -> pos - start + remaining;
            default -> 0;
        };
    }

    /** @return whether the framer is between a text that carries an attachment and the attachment's end */
    public boolean inAttachment() {
        return state >= NEWLINE;
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
     *     for an unfinished JSON text or attachment (for an attachment, what came of it lies at
     *     {@link #start()} to {@link #end()}), {@link Result#NEED_MORE} when nothing is left
     */
    public Result finish() {
        if (state == BETWEEN) {
            return Result.NEED_MORE;
        }
        if (state >= NEWLINE) {
            // The text was reported already: what is left is the part of its attachment that came.
            start = state == ATTACHMENT ? start : pos;
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
        return state == BETWEEN || state == NEWLINE || state == NEWLINE_LF ? pos : start;
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
