package dev.turnstile.files;

import dev.turnstile.filemodel.ChunkCodec;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Compressed raw chunks, both ways (docs/files.md, "Compressed chunks"): a {@code /get_file_data}
 * chunk read and deflated on a lane for a client that asked with {@code "compress"}, and an
 * {@code /upload_chunk} attachment marked {@code "compressed"} inflated, into exactly the bytes its
 * {@code "length"} says, before anything is written.
 *
 * <p>A chunk is read whole only when samples of it compress ({@link ChunkCodec#samples}): an
 * incompressible one costs three reads of 16 KiB and their deflate, then goes from the file as
 * any raw chunk does. Each thread (the server's, the lanes') has its own codec.
 */
final class CompressedChunks {

    /** The member of a {@code /get_file_data} request that asks for a compressed chunk. */
    static final String ASK = "compress";
    /** The member that says a chunk's bytes are compressed, and with what. */
    static final String MARK = "compressed";

    private static final ThreadLocal<ChunkCodec> CODECS = ThreadLocal.withInitial(ChunkCodec::new);

    private CompressedChunks() {
    }

    /**
     * @return whether a {@code /get_file_data} request asks for compression (it may name only a
     *     codec this server has), which only a raw chunk can be
     */
    static boolean asked(Request request, boolean raw) throws HandlerException {
        if (!request.has(ASK)) {
            return false;
        }
        Object codec = request.get(ASK);
        if (!ChunkCodec.NAMES.contains(codec)) {
            throw HandlerException.badRequest("\"" + ASK + "\" must name a codec this server has: " + ChunkCodec.names()
                    + ", not " + quoted(codec));
        }
        if (!raw) {
            throw HandlerException.badRequest("\"" + ASK + "\" needs \"encoding\":\"raw\": only raw chunks are compressed");
        }
        return true;
    }

    /**
     * Reads a chunk of an open file and compresses it, if that is worth it.
     *
     * @return the compressed bytes, or {@code null} to send the chunk as it is (it does not
     *     compress by an eighth, or the file shrank while it was read)
     */
    static ByteBuffer read(ConfinedRoot.Opened opened, long offset, int length) throws IOException {
        if (length == 0) {
            return null;
        }
        ChunkCodec codec = CODECS.get();
        long[] samples = ChunkCodec.samples(length);
        if (samples.length > 2) {
            ByteBuffer sample = ByteBuffer.allocate(samples.length / 2 * ChunkCodec.SAMPLE_SLICE);
            for (int i = 0; i < samples.length; i += 2) {
                sample.limit(sample.position() + (int) samples[i + 1]);
                if (!readFully(opened, offset + samples[i], sample)) {
                    return null;
                }
            }
            if (!codec.promising(sample.flip())) {
                return null;
            }
        }
        ByteBuffer chunk = ByteBuffer.allocate(length);
        if (!readFully(opened, offset, chunk)) {
            return null;
        }
        return codec.compress(chunk.flip());
    }

    /** @return whether the buffer was filled; {@code false} when the file ended first (it shrank) */
    private static boolean readFully(ConfinedRoot.Opened opened, long position, ByteBuffer into) throws IOException {
        long start = position - into.position();
        while (into.hasRemaining()) {
            if (opened.channel().read(into, start + into.position()) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The bytes an {@code /upload_chunk} request carries, inflated when it says they are
     * compressed; its attachment as it is otherwise.
     *
     * @param attachment the request's attachment, not {@code null}
     * @param limit the most bytes one chunk may inflate to (the upload's {@code raw_chunk})
     * @param where the chunk, for the sentence of a refusal ("the chunk at offset 0 of /a.txt")
     * @return the bytes to write, valid until this thread's next call
     * @throws HandlerException 400 when the request's marks are wrong or the bytes do not inflate
     *     to exactly its {@code "length"}
     */
    static ByteBuffer inflated(Request request, ByteBuffer attachment, int limit, String where)
            throws HandlerException {
        if (!request.has(MARK)) {
            return attachment;
        }
        Object codec = request.get(MARK);
        if (!ChunkCodec.NAMES.contains(codec)) {
            throw HandlerException.badRequest("\"" + MARK + "\" must name a codec this server has: " + ChunkCodec.names()
                    + ", not " + quoted(codec) + "; nothing was written, the upload is kept");
        }
        if (!(request.get("length") instanceof Long length) || length < 0 || length > limit) {
            throw HandlerException.badRequest("a compressed chunk needs \"length\": the number of bytes it inflates to,"
                    + " from 0 to " + limit + "; nothing was written, the upload is kept");
        }
        ByteBuffer into = INFLATED.get();
        if (into.capacity() < length + 1) {
            into = ByteBuffer.allocate((int) (length + 1));
            INFLATED.set(into);
        }
        into.clear();
        try {
            CODECS.get().inflate(attachment, into, length.intValue());
        } catch (ChunkCodec.BadChunkException e) {
            throw HandlerException.badRequest(where + " " + e.getMessage() + "; nothing was written, the upload is kept");
        }
        return into.flip();
    }

    /** The inflated bytes of the last compressed upload chunk of this thread: kept for the next one. */
    private static final ThreadLocal<ByteBuffer> INFLATED = ThreadLocal.withInitial(() -> ByteBuffer.allocate(0));

    private static String quoted(Object value) {
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }
}
