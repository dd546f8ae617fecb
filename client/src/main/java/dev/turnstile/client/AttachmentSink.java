package dev.turnstile.client;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Takes raw bytes as they pass: an answer's attachment as it arrives ({@link AnswerReader#attachment},
 * {@link TurnstileClient#submit(java.util.Map, Attachment, AttachmentSink)}), or a request's as it is
 * sent ({@link Attachment#watchedBy}). Pieces come in order, each once, and together they are the
 * whole attachment.
 *
 * <p>A piece is a view of the client's own buffer, valid only during the call: read it (hash it,
 * write it to a file), do not keep it. For an answer it is a direct buffer holding the bytes as the
 * connection received them, so {@code FileChannel.write(piece, position)} puts them into a file
 * with no copy in between.
 */
@FunctionalInterface
public interface AttachmentSink {

    /**
     * Takes the next piece.
     *
     * @param piece the bytes from its position to its limit
     * @throws IOException to stop taking this attachment: its remaining bytes are skipped, and
     *     the call it belongs to fails with this exception
     */
    void accept(ByteBuffer piece) throws IOException;
}
