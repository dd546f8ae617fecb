package dev.turnstile.json;

import java.io.Reader;

/** A {@link Reader} over part of a char array, reset for each request instead of reallocated. */
final class CharSliceReader extends Reader {

    private char[] chars;
    private int pos;
    private int end;

    void reset(char[] chars, int length) {
        this.chars = chars;
        this.pos = 0;
        this.end = length;
    }

    @Override
    public int read(char[] target, int offset, int length) {
        if (pos >= end) {
            return -1;
        }
        int n = Math.min(length, end - pos);
        System.arraycopy(chars, pos, target, offset, n);
        pos += n;
        return n;
    }

    @Override
    public int read() {
        return pos < end ? chars[pos++] : -1;
    }

    @Override
    public void close() {
        // Reused for the next request; nothing to release.
    }
}
