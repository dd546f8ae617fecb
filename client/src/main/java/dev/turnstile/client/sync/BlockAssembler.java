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
 * The assembling thread of a {@link BlockPull}: puts each segment at its place in the part file, in
 * order. A run of matching blocks is copied from the old copy by the kernel
 * ({@link FileChannel#transferTo}): on this machine that costs a seventh of the CPU time of reading
 * the bytes and writing them back (docs/performance.md, "Block-level updates, cheaper"). Fetched
 * blocks are written from the answer's bytes. The part file is looked at ({@link FileStat}) before
 * and after each write: a change by another program in between fails the update. Every
 * {@value BlockPull#FORCE_BYTES} bytes the part file is forced on the flusher while the writing
 * goes on.
 *
 * <p>The whole file's SHA-256 is computed afterwards ({@link #result}), from the part file itself:
 * the kernel's copy is never seen in user space, and whatever it copied (the old copy may be changed
 * by another program meanwhile) is what is hashed, so nothing unverified is ever renamed.
 */
final class BlockAssembler implements Runnable {

    /** What the planning thread hands the assembler, in the order of the file. */
    interface Segment {
    }

    /** Bytes of the old copy that match the source's blocks there: copied at the same offset. */
    record Copy(long offset, long length) implements Segment {
    }

    /** Bytes fetched from the server. */
    record Fetch(CompletableFuture<ByteBuffer> bytes, long offset, int length) implements Segment {
    }

    static final Segment END = new Segment() {
    };

    private final BlockingQueue<Segment> segments;
    private final FileChannel in;
    private final FileChannel out;
    private final Path part;
    private final String partPath;
    private final SyncRun run;
    private final Executor flusher;
    private final AtomicBoolean forcing = new AtomicBoolean();
    private long written;
    private long forcedAt;
    private FileStat lastOwn;
    private volatile boolean failed;

    /**
     * @param in the old copy
     * @param out the part file, open for reading and writing
     */
    BlockAssembler(BlockingQueue<Segment> segments, FileChannel in, FileChannel out, Path part, String partPath,
            SyncRun run, Executor flusher) {
        this.segments = segments;
        this.in = in;
        this.out = out;
        this.part = part;
        this.partPath = partPath;
        this.run = run;
        this.flusher = flusher;
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
            if (!failed) {
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
            checkBefore(copy.offset());
            long position = copy.offset();
            long end = copy.offset() + copy.length();
            while (position < end) {
                out.position(position);
                long moved = in.transferTo(position, end - position, out);
                if (moved <= 0) {
                    throw new IOException("the old copy ended at " + position + " while it was copied");
                }
                position += moved;
            }
            wrote(end);
            run.resumed(copy.length());
        } else if (segment instanceof Fetch fetch) {
            ByteBuffer bytes = fetch.bytes().join();
            checkBefore(fetch.offset());
            long position = fetch.offset();
            while (bytes.hasRemaining()) {
                position += out.write(bytes, position);
            }
            wrote(position);
            run.transferred(fetch.length());
        }
    }

    private void checkBefore(long offset) throws IOException {
        if (offset != written || lastOwn != null && !lastOwn.equals(FileStat.read(partPath, part))) {
            throw new IOException("the temporary file was changed by another program");
        }
    }

    private void wrote(long end) throws IOException {
        written = end;
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

    /**
     * Once the assembling thread is over: hashes the part file and checks it is the source.
     *
     * @return the part file's last look when it holds the source, else {@code null}
     */
    FileStat result(FileEntry source) throws IOException {
        if (failed || written != source.size() || lastOwn == null || !lastOwn.equals(FileStat.read(partPath, part))) {
            return null;
        }
        MessageDigest whole = Sha256.digest();
        if (Sha256.update(whole, out, 0, source.size()) != source.size() || !Sha256.hex(whole).equals(source.sha256())
                || !lastOwn.equals(FileStat.read(partPath, part))) {
            return null;
        }
        return lastOwn;
    }
}
