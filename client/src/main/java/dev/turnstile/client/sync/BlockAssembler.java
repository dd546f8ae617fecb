package dev.turnstile.client.sync;

import dev.turnstile.filemodel.FileStat;
import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The assembling thread of a {@link BlockPull}: writes each segment at its place in the part file,
 * in order, and hashes the whole file as it goes. The part file is looked at ({@link FileStat})
 * before and after each write: a change by another program in between fails the update. Every
 * {@value BlockPull#FORCE_BYTES} bytes the part file is forced on the flusher while the writing
 * goes on.
 */
final class BlockAssembler implements Runnable {

    /** What the reading thread hands the assembler, in the order of the file. */
    interface Segment {
    }

    /** Bytes of the local file that match the source's block. */
    record Copy(ByteBuffer bytes, long offset) implements Segment {
    }

    /** Bytes fetched from the server. */
    record Fetch(CompletableFuture<ByteBuffer> bytes, long offset, int length) implements Segment {
    }

    /** A read buffer whose bytes are all written: back to the pool. */
    record Release(ByteBuffer buffer) implements Segment {
    }

    static final Segment END = new Segment() {
    };

    private final BlockingQueue<Segment> segments;
    private final BlockingQueue<ByteBuffer> pool;
    private final FileChannel out;
    private final Path part;
    private final String partPath;
    private final SyncRun run;
    private final Executor flusher;
    private final AtomicBoolean forcing = new AtomicBoolean();
    private final MessageDigest whole = Sha256.digest();
    private long written;
    private long forcedAt;
    private FileStat lastOwn;
    private volatile boolean failed;

    BlockAssembler(BlockingQueue<Segment> segments, BlockingQueue<ByteBuffer> pool, FileChannel out, Path part,
            String partPath, SyncRun run, Executor flusher) {
        this.flusher = flusher;
        this.segments = segments;
        this.pool = pool;
        this.out = out;
        this.part = part;
        this.partPath = partPath;
        this.run = run;
    }

    boolean failed() {
        return failed;
    }

    @Override
    public void run() {
        for (;;) {
            Segment segment;
            try {
                segment = segments.take();
            } catch (InterruptedException e) {
                failed = true;
                return;
            }
            if (segment == END) {
                return;
            }
            if (segment instanceof Release release) {
                pool.add(release.buffer());
            } else if (!failed) {
                try {
                    assemble(segment);
                } catch (IOException | RuntimeException e) {
                    failed = true; // the file is then copied whole, which reports what goes wrong
                }
            }
        }
    }

    private void assemble(Segment segment) throws IOException {
        if (segment instanceof Copy copy) {
            write(copy.bytes().duplicate(), copy.offset());
            run.resumed(copy.bytes().remaining());
        } else if (segment instanceof Fetch fetch) {
            ByteBuffer bytes = fetch.bytes().join();
            write(bytes, fetch.offset());
            run.transferred(fetch.length());
        }
    }

    private void write(ByteBuffer bytes, long offset) throws IOException {
        if (offset != written || lastOwn != null && !lastOwn.equals(FileStat.read(partPath, part))) {
            throw new IOException("the temporary file was changed by another program");
        }
        whole.update(bytes.duplicate());
        long position = offset;
        while (bytes.hasRemaining()) {
            position += out.write(bytes, position);
        }
        written = position;
        lastOwn = FileStat.read(partPath, part);
        if (written - forcedAt >= BlockPull.FORCE_BYTES && forcing.compareAndSet(false, true)) {
            forcedAt = written;
            flusher.execute(() -> {
                try {
                    out.force(false);
                } catch (IOException e) {
                    // The final flush, before the rename, reports what is wrong.
                } finally {
                    forcing.set(false);
                }
            });
        }
    }

    /** @return the part file's last look when it holds the source, else {@code null} */
    FileStat result(FileEntry source) {
        if (failed || written != source.size() || !Sha256.hex(whole).equals(source.sha256())) {
            return null;
        }
        return lastOwn;
    }
}
