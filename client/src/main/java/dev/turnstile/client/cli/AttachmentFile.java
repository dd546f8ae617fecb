package dev.turnstile.client.cli;

import dev.turnstile.client.AttachmentSink;
import dev.turnstile.client.Reply;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where {@code --save FILE} puts an answer's attachment: the file is created (or emptied) only once
 * the answer says it has one, and the bytes are written as they arrive. Never the terminal: raw
 * bytes are never printed, whatever the options.
 */
final class AttachmentFile implements AttachmentSink {

    private final Path file;
    private FileChannel channel;
    private IOException failure;

    AttachmentFile(Path file) {
        this.file = file;
    }

    @Override
    public void accept(ByteBuffer piece) throws IOException {
        try {
            open();
            while (piece.hasRemaining()) {
                channel.write(piece);
            }
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    private void open() throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        }
    }

    /**
     * Ends the answer: an attachment of no bytes still makes an empty file.
     *
     * @return what to say about it on standard error
     * @throws CliFailure when the file could not be written
     */
    String finish(Reply reply) throws CliFailure {
        long bytes = attachmentBytes(reply);
        try {
            if (failure != null) {
                throw failure;
            }
            if (bytes < 0) {
                return "the answer carried no attachment; " + file + " was not written";
            }
            open();
            channel.close();
            return bytes + " bytes of attachment written to " + file;
        } catch (IOException e) {
            throw new CliFailure(ExitCode.USAGE, "cannot write the answer's attachment to " + file + ": " + e.getMessage());
        }
    }

    /** @return the answer's attachment length, or -1 when it has none */
    static long attachmentBytes(Reply reply) {
        return reply.body().get("attachment") instanceof Long bytes ? bytes : -1;
    }

    /** @return the line that says bytes followed without being printed, or {@code null} when none did */
    static String skipped(Reply reply, String howToKeep) {
        long bytes = attachmentBytes(reply);
        return bytes < 0 ? null : bytes + " bytes of attachment followed; they are not printed (" + howToKeep + ")";
    }
}
