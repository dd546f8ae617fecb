package dev.turnstile.client;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Map;

/**
 * Turns the 200 answer of one kind of request into a value, for
 * {@link TurnstileClient#callAsync(String, Map, AnswerReader)}.
 *
 * <p>A reader may take the answer straight from the bytes of its line ({@link #readLine}), which
 * spares an answer that carries much data the general JSON parse: the line is not made a
 * {@code String}, and no tree of values is built. When it cannot, it returns {@code null} and the
 * client parses the line as usual and calls {@link #read}. Both methods run on the client's reader
 * thread, in answer order: they must be quick and must not block.
 *
 * <p><b>Attachments.</b> A 200 answer that carries raw bytes after its line (SPEC §2; for example
 * {@code /get_file_data} with {@code "encoding":"raw"}) is parsed and given to {@link #read}, and
 * then {@link #attachment} says where its bytes go: they are handed over as they arrive, in pieces
 * of the connection's buffer, never collected whole in memory, and the call's future completes
 * only after the last one. A sink that writes each piece with {@link FileChannel#write(java.nio.ByteBuffer,
 * long)} puts the bytes into a file straight from the buffer the socket read them into.
 *
 * @param <T> what an answer becomes
 */
public interface AnswerReader<T> {

    /**
     * Reads an answer from its line, if this reader can. Only lines that begin with
     * <code>&#123;"code":200,</code> and do not end with an {@code "attachment"} member are offered
     * (Turnstile writes that member last; a reader that finds one elsewhere must return
     * {@code null}, so the line is parsed and its bytes framed). The default reads none.
     *
     * @param line a buffer holding the line's UTF-8 bytes; valid only during this call
     * @param offset where the line begins in it
     * @param length how many bytes it has, without its newline
     * @return the value, or {@code null} to have the line parsed and handed to {@link #read}
     * @throws IOException when the answer is a 200 that does not hold what it should
     */
    default T readLine(byte[] line, int offset, int length) throws IOException {
        return null;
    }

    /**
     * Reads a parsed 200 answer.
     *
     * @param answer every member of the answer, {@code code} included, in the server's order
     * @return the value
     * @throws IOException when the answer does not hold what it should
     */
    T read(Map<String, Object> answer) throws IOException;

    /**
     * Says where the attachment of a 200 answer goes. Called on the reader thread after
     * {@link #read} made the answer's value, when the answer has an {@code "attachment"} member
     * (even of 0 bytes); the bytes follow in pieces. The default skips them.
     *
     * @param value what {@link #read} made of the answer
     * @param length how many bytes follow
     * @return where they go, or {@code null} to skip them
     * @throws IOException to fail the call; the bytes are then skipped
     */
    default AttachmentSink attachment(T value, long length) throws IOException {
        return null;
    }
}
