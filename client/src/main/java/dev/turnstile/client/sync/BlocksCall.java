package dev.turnstile.client.sync;

import dev.turnstile.client.AnswerReader;
import dev.turnstile.client.AttachmentSink;
import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code /get_blocks} (docs/files.md): asks for a file's block hashes and checks the answer, whose
 * attachment holds them. A list larger than {@value #MAX_HASH_BYTES} bytes (a file of 128 GiB at
 * 64 KiB blocks) is refused rather than held in memory: such a file is copied whole.
 */
final class BlocksCall {

    static final String URL = "/get_blocks";

    /** The most block-hash bytes a client holds for one file. */
    static final int MAX_HASH_BYTES = 64 << 20;

    private BlocksCall() {
    }

    /**
     * Waits for the block hashes a {@link RemoteFolder#blocks} call asked for.
     *
     * @param unsupported run when the server refused for a reason other than the file (an older
     *     server, or one that keeps no block hashes): the caller then stops asking this run
     * @return the hashes, or {@code null} when the server gave none
     */
    static BlockList awaited(CompletableFuture<BlockList> asked, Runnable unsupported) throws InterruptedIOException {
        try {
            return asked.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for block hashes");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (!(cause instanceof RemoteFileChangedException || cause instanceof RemoteFileMissingException)) {
                unsupported.run();
            }
            return null;
        }
    }

    /** The answer's members, and its attachment once it has arrived. */
    static final class Received {
        private final FileEntry file;
        private final int blockBytes;
        private final ByteBuffer hashes;

        private Received(FileEntry file, int blockBytes, int length) {
            this.file = file;
            this.blockBytes = blockBytes;
            this.hashes = ByteBuffer.allocate(length);
        }

        /** @return the list, once the call's future completed */
        BlockList list() throws IOException {
            if (hashes.hasRemaining()) {
                throw new IOException("the answer to " + URL + " for " + file.path() + " ended "
                        + hashes.remaining() + " bytes short");
            }
            return new BlockList(file, blockBytes, hashes.array());
        }
    }

    /** @return a reader whose value is complete once the call's future completes */
    static AnswerReader<Received> reader(String path) {
        return new AnswerReader<>() {
            @Override
            public Received read(Map<String, Object> answer) throws IOException {
                if (!path.equals(answer.get("path")) || !(answer.get("size") instanceof Long size) || size < 0
                        || !(answer.get("mtime") instanceof Long mtime) || !Sha256.isHex(answer.get("sha256"))
                        || !(answer.get("block") instanceof Long blockBytes) || blockBytes < 1
                        || blockBytes > Integer.MAX_VALUE || !(answer.get("attachment") instanceof Long length)) {
                    throw new IOException("the answer to " + URL + " for " + path
                            + " lacks its path, size, mtime, sha256, block or attachment");
                }
                long count = (size + blockBytes - 1) / blockBytes;
                if (count * BlockList.HASH_BYTES > MAX_HASH_BYTES || length != count * BlockList.HASH_BYTES) {
                    throw new IOException("the answer to " + URL + " for " + path + " holds " + length
                            + " bytes of block hashes for " + count + " blocks");
                }
                return new Received(new FileEntry(path, size, mtime, (String) answer.get("sha256")),
                        blockBytes.intValue(), (int) (long) length);
            }

            @Override
            public AttachmentSink attachment(Received value, long length) {
                return piece -> {
                    if (piece.remaining() > value.hashes.remaining()) {
                        throw new IOException("the answer to " + URL + " for " + path + " holds more bytes than it said");
                    }
                    value.hashes.put(piece);
                };
            }
        };
    }
}
