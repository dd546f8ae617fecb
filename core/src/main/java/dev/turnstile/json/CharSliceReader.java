package dev.turnstile.json;

import java.io.Reader;
import org.eclipse.parsson.api.BufferPool;

/**
 * The chars of one request, given to Parsson without a copy: a {@link Reader} over part of a char
 * array, reset for each request instead of reallocated, and the {@link BufferPool} Parsson takes
 * its working buffer from, which hands out that same array.
 *
 * <p>Parsson's tokenizer reads into a pooled buffer (4096 chars by default) and, for a string
 * longer than that, doubles it again and again, copying the string each time and putting every
 * outgrown buffer back into a shared queue. Given the request's own array, which holds the whole
 * request, its one read asks for the chars where they already are, so {@link #read} copies
 * nothing and the tokenizer never grows: a 768 KiB string is scanned in place, then copied once,
 * into its {@code String}.
 */
final class CharSliceReader extends Reader implements BufferPool {

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
        if (target != chars || offset != pos) {
            System.arraycopy(chars, pos, target, offset, n);
        }
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

    /** @return the request's own array, as Parsson's working buffer */
    @Override
    public char[] take() {
        return chars;
    }

    @Override
    public void recycle(char[] buffer) {
        // Nothing is pooled: the next request brings its array along.
    }
}
