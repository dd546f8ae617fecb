package dev.turnstile.client.sync;

import dev.turnstile.client.Attachment;
import dev.turnstile.client.AttachmentSink;
import dev.turnstile.filemodel.ChunkCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Map;

/**
 * {@code --compress} on the wire (docs/files.md, "Compressed chunks"): a raw {@code /get_file_data}
 * asks with {@code "compress"} and an answer marked {@code "compressed"} is inflated as its bytes
 * arrive, into exactly the {@code "length"} it says; an answer without the mark (an incompressible
 * chunk, or an older server that ignored the ask) is raw as always. An upload chunk goes deflated,
 * marked {@code "compressed"} with its {@code "length"}, when the server's {@code /upload_begin}
 * named the codec and the chunk saves an eighth ({@link ChunkCodec}); as it is otherwise.
 *
 * <p>What is verified is unchanged: the part file and the upload receive the inflated bytes, and
 * the whole file's SHA-256 is of them.
 */
final class CompressedChunks {

    /** The member of a {@code /get_file_data} request that asks for a compressed chunk. */
    static final String ASK = "compress";
    /** The member that says a chunk's bytes are compressed, and with what. */
    static final String MARK = "compressed";
    /** Where inflated bytes wait for the part file: written from a direct buffer, with no copy. */
    private static final int SCRATCH = 256 * 1024;

    /** Each thread's codec: the reader thread's inflates, a sender's deflates. */
    private static final ThreadLocal<ChunkCodec> CODECS = ThreadLocal.withInitial(ChunkCodec::new);
    private static final ThreadLocal<ByteBuffer> SCRATCHES = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SCRATCH));

    private CompressedChunks() {
    }

    /** Adds the ask to a raw {@code /get_file_data} request's members. */
    static void ask(Map<String, Object> params) {
        params.put(ASK, ChunkCodec.DEFLATE);
    }

    /**
     * @param answer a raw {@code /get_file_data} answer, checked otherwise
     * @param expected the bytes the chunk covers
     * @return whether its attachment is compressed
     * @throws IOException when it says so in a codec that was not asked for, or for another length
     */
    static boolean marked(Map<String, Object> answer, String path, long offset, long expected) throws IOException {
        if (!answer.containsKey(MARK)) {
            return false;
        }
        if (!ChunkCodec.DEFLATE.equals(answer.get(MARK))) {
            throw new IOException("the answer to " + FileDataCall.URL + " for " + path + " is compressed with "
                    + answer.get(MARK) + ", which was not asked for");
        }
        if (!(answer.get("attachment") instanceof Long count) || count <= 0) {
            throw new IOException("the answer to " + FileDataCall.URL + " for " + path + " is compressed but carries"
                    + " no bytes");
        }
        if (!Long.valueOf(expected).equals(answer.get("length"))) {
            throw new IOException("the answer to " + FileDataCall.URL + " for " + path + " at " + offset + " covers "
                    + answer.get("length") + " bytes, not " + expected);
        }
        return true;
    }

    /**
     * @param target takes the inflated bytes, {@code expected} of them; {@code null} to drop them
     * @param count the compressed bytes that will come
     * @return what takes the compressed bytes as they arrive, or {@code null} to drop them
     */
    static AttachmentSink inflating(AttachmentSink target, long expected, long count, String what) {
        if (target == null) {
            return null;
        }
        ChunkCodec.Inflation inflation = CODECS.get().inflation(expected);
        ByteBuffer scratch = SCRATCHES.get();
        long[] received = {0};
        return piece -> {
            received[0] += piece.remaining();
            try {
                scratch.clear();
                inflation.accept(piece, scratch, target::accept);
                if (received[0] == count) {
                    inflation.finish();
                }
            } catch (ChunkCodec.BadChunkException e) {
                throw new IOException(what + ": the compressed chunk " + e.getMessage());
            }
        };
    }

    /** @return whether an {@code /upload_begin} answer says the server takes chunks in our codec */
    static boolean offered(Map<String, Object> answer) {
        return answer.get(ASK) instanceof List<?> codecs && codecs.contains(ChunkCodec.DEFLATE);
    }

    /**
     * An upload chunk, read from the local file: deflated when that saves an eighth of it.
     *
     * @param attachment what to send: the compressed bytes or the chunk as read
     * @param compressed whether they are compressed (then the request is {@link #mark marked})
     */
    record Outgoing(Attachment attachment, boolean compressed) {

        /** Marks the request of a compressed chunk with the codec and the bytes it inflates to. */
        void mark(Map<String, Object> params, int length) {
            if (compressed) {
                params.put(MARK, ChunkCodec.DEFLATE);
                params.put("length", length);
            }
        }
    }

    /**
     * Reads a chunk of a local file ({@code length} bytes at {@code position}; zeros past its end,
     * or where it cannot be read, as {@link RemoteFolder#sendChunk} promises), shows it to
     * {@code seen} as it is, and compresses it if that pays.
     */
    static Outgoing outgoing(FileChannel file, long position, int length, AttachmentSink seen) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(length);
        boolean ended = false;
        while (chunk.hasRemaining() && !ended) {
            try {
                ended = file.read(chunk, position + chunk.position()) < 0;
            } catch (IOException e) {
                ended = true; // zeros: what was sent then does not hash as announced
            }
        }
        chunk.clear();
        if (seen != null) {
            seen.accept(chunk.asReadOnlyBuffer());
        }
        ByteBuffer compressed = CODECS.get().compress(chunk);
        return compressed != null ? new Outgoing(Attachment.of(compressed), true) : new Outgoing(Attachment.of(chunk), false);
    }
}
