package dev.turnstile.filemodel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The compression of raw chunks ({@code --compress}; {@code "compress"} on {@code /get_file_data},
 * {@code "compressed"} on {@code /upload_chunk}, docs/files.md): raw deflate (RFC 1951, no zlib
 * header) at level 1, from the JDK. Chosen by measurement (docs/performance.md, "Compression"): it
 * compresses text to about a quarter at 170 MB/s on one core and needs no dependency.
 *
 * <p>A chunk is worth sending compressed only when that saves at least an eighth of it. Whether it
 * will is judged first from {@link #samples samples} of at most {@value #SAMPLE_SLICE} bytes at its
 * start, middle and end, so incompressible data (media, archives, encrypted files) costs a deflate
 * of at most 48 KiB per chunk, not of the whole chunk.
 *
 * <p>Inflating is bounded by what the receiver was told: a stream that would give more than the
 * expected bytes is stopped one byte past them, so a small stream cannot make the receiver produce
 * (or hold) more than it asked for.
 *
 * <p>An instance holds a {@link Deflater}, an {@link Inflater} and their native memory: one per
 * thread, not shared; {@link #close()} frees them at once (else the JDK's cleaner does, later).
 */
public final class ChunkCodec implements AutoCloseable {

    /** The name of the one codec, as the protocol writes it. */
    public static final String DEFLATE = "deflate";
    /** Every codec this side has, in the order it prefers them. */
    public static final List<String> NAMES = List.of(DEFLATE);
    /** Deflate's level: the fastest, measured as the best trade for chunks on a link (docs/performance.md). */
    static final int LEVEL = 1;
    /** The bytes of one sample: three of them, at the start, the middle and the end of a chunk. */
    public static final int SAMPLE_SLICE = 16 * 1024;

    private final Deflater deflater = new Deflater(LEVEL, true);
    private final Inflater inflater = new Inflater(true);
    private byte[] out = new byte[0];

    /** @return the names of the codecs, quoted and separated by commas, for an error sentence */
    public static String names() {
        return "\"" + String.join("\", \"", NAMES) + "\"";
    }

    /** @return whether {@code size} compressed bytes of a chunk of {@code length} are worth sending instead */
    public static boolean worthIt(long size, long length) {
        return size <= length - length / 8 && length > 0;
    }

    /**
     * Where the samples of a chunk lie: three slices of {@value #SAMPLE_SLICE} bytes, or the whole
     * chunk when it is not longer than them.
     *
     * @param length the chunk's bytes
     * @return pairs of (start, count), in order, not overlapping
     */
    public static long[] samples(long length) {
        if (length <= 3L * SAMPLE_SLICE) {
            return new long[] {0, length};
        }
        return new long[] {0, SAMPLE_SLICE, length / 2 - SAMPLE_SLICE / 2, SAMPLE_SLICE, length - SAMPLE_SLICE,
            SAMPLE_SLICE};
    }

    /**
     * @param sample the samples of a chunk ({@link #samples}), one after the other, from position to limit
     * @return whether they compress well enough that the whole chunk is worth trying; the buffer's
     *     position is left where it was
     */
    public boolean promising(ByteBuffer sample) {
        int length = sample.remaining();
        return deflate(sample.duplicate(), length - length / 8) >= 0;
    }

    /**
     * Compresses a chunk, after a look at its {@linkplain #samples samples}.
     *
     * @param chunk the bytes from position to limit; its position is left where it was
     * @return the compressed bytes in a buffer of their own, or {@code null} when they would not
     *     save an eighth of the chunk (then the chunk goes as it is)
     */
    public ByteBuffer compress(ByteBuffer chunk) {
        int length = chunk.remaining();
        long[] samples = samples(length);
        int sampled = 0;
        for (int i = 1; i < samples.length; i += 2) {
            sampled += (int) samples[i];
        }
        ByteBuffer sample = ByteBuffer.allocate(sampled);
        for (int i = 0; i < samples.length; i += 2) {
            ByteBuffer slice = chunk.duplicate();
            slice.position(chunk.position() + (int) samples[i]).limit(chunk.position() + (int) (samples[i] + samples[i + 1]));
            sample.put(slice);
        }
        if (!promising(sample.flip())) {
            return null;
        }
        int size = deflate(chunk.duplicate(), length - length / 8);
        if (size < 0) {
            return null;
        }
        byte[] bytes = new byte[size];
        System.arraycopy(out, 0, bytes, 0, size);
        return ByteBuffer.wrap(bytes);
    }

    /**
     * Deflates {@code input} into {@link #out}, giving up once the output passes {@code cap}
     * bytes, so a chunk that does not compress costs no more than the deflate of that many.
     *
     * @return the compressed size, or -1 when it would be more than {@code cap}
     */
    private int deflate(ByteBuffer input, int cap) {
        if (out.length < cap + 1) {
            out = new byte[cap + 1];
        }
        deflater.reset();
        deflater.setInput(input);
        deflater.finish();
        int size = 0;
        while (!deflater.finished() && size <= cap) {
            size += deflater.deflate(out, size, cap + 1 - size);
        }
        return deflater.finished() && size <= cap ? size : -1;
    }

    /**
     * Inflates a whole compressed chunk into {@code into}, which must have room for
     * {@code expected + 1} bytes: the one past is how a longer stream is caught.
     *
     * @param compressed the stream, from position to limit (its position is advanced)
     * @param into where the bytes go, from its position; afterwards its position is past them
     * @param expected how many bytes the stream must give
     * @throws BadChunkException when the stream is not valid deflate, ends early, gives more or
     *     fewer bytes than expected, or has bytes after its end; {@code into} then holds junk
     */
    public void inflate(ByteBuffer compressed, ByteBuffer into, int expected) throws BadChunkException {
        if (into.remaining() < expected + 1) {
            throw new IllegalArgumentException("room for " + (expected + 1) + " bytes is needed, not " + into.remaining());
        }
        Inflation inflation = inflation(expected);
        ByteBuffer window = into.duplicate();
        window.limit(window.position() + expected + 1);
        try {
            inflation.accept(compressed, window, null);
        } catch (BadChunkException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("no output, yet it failed", e);
        }
        inflation.finish();
        into.position(window.position());
    }

    /**
     * @param expected how many bytes the stream must give
     * @return a stream of compressed pieces to inflate as they come, bounded by {@code expected};
     *     one at a time per codec
     */
    public Inflation inflation(long expected) {
        inflater.reset();
        return new Inflation(expected);
    }

    @Override
    public void close() {
        deflater.end();
        inflater.end();
    }

    /** Takes the bytes an {@link Inflation} gives, run by run. */
    @FunctionalInterface
    public interface Output {
        /**
         * @param bytes the run, from position to limit; valid only during the call
         * @throws IOException to stop the inflation
         */
        void accept(ByteBuffer bytes) throws IOException;
    }

    /** One compressed chunk, inflated piece by piece as its bytes arrive. */
    public final class Inflation {

        private final long expected;
        private long produced;
        private boolean ended;

        private Inflation(long expected) {
            this.expected = expected;
        }

        /**
         * Inflates the next piece of the stream, all of it.
         *
         * @param piece compressed bytes, from position to limit (its position is advanced)
         * @param scratch where each run of output is put before {@code output} takes it, from its
         *     position; with room for at least one byte
         * @param output takes each run, after which the scratch is used again from the same
         *     position; or {@code null} to leave the output in the scratch, its position past it
         * @throws BadChunkException as {@link ChunkCodec#inflate}
         * @throws IOException as {@code output} throws it
         */
        public void accept(ByteBuffer piece, ByteBuffer scratch, Output output) throws IOException {
            if (!piece.hasRemaining()) {
                return;
            }
            if (ended) {
                throw new BadChunkException("has " + piece.remaining() + " bytes after the end of its " + DEFLATE + " stream");
            }
            inflater.setInput(piece);
            int start = scratch.position();
            int limit = scratch.limit();
            while (true) {
                long room = expected + 1 - produced;
                scratch.limit((int) Math.min(limit, scratch.position() + room));
                int count;
                try {
                    count = inflater.inflate(scratch);
                } catch (DataFormatException e) {
                    throw new BadChunkException("is not a valid " + DEFLATE + " stream (" + e.getMessage() + ")");
                }
                produced += count;
                if (produced > expected) {
                    throw new BadChunkException("inflates to more than the " + expected + " bytes it should");
                }
                if (inflater.finished()) {
                    ended = true;
                    if (inflater.getRemaining() > 0) {
                        throw new BadChunkException("has " + inflater.getRemaining() + " bytes after the end of its "
                                + DEFLATE + " stream");
                    }
                }
                if (count > 0 && output != null) {
                    ByteBuffer run = scratch.duplicate();
                    run.limit(scratch.position()).position(start);
                    output.accept(run);
                    scratch.position(start);
                }
                if (ended || inflater.needsInput()) {
                    scratch.limit(limit);
                    return;
                }
                if (inflater.needsDictionary()) {
                    throw new BadChunkException("is not a valid " + DEFLATE + " stream (it asks for a dictionary)");
                }
            }
        }

        /**
         * Checks that the stream is whole: ended, and gave exactly the expected bytes.
         *
         * @throws BadChunkException when it did not
         */
        public void finish() throws BadChunkException {
            if (!ended) {
                throw new BadChunkException("ends before its " + DEFLATE + " stream does (" + produced
                        + " bytes inflated of " + expected + ")");
            }
            if (produced != expected) {
                throw new BadChunkException("inflates to " + produced + " bytes, not the " + expected + " it should");
            }
        }
    }

    /** A compressed chunk that cannot be taken; the message is the end of a sentence about it. */
    public static final class BadChunkException extends IOException {
        private static final long serialVersionUID = 1L;

        /** @param message what is wrong, to follow "the chunk …" */
        public BadChunkException(String message) {
            super(message);
        }
    }
}
