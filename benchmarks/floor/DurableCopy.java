import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The floor of a first pull for benchmarks/sync-vs-rsync.sh: the least a cold JVM must do to copy a
 * tree the way SPEC §8 asks of a pulled file, with no network and no protocol. Each file is read,
 * hashed (SHA-256, as a pull verifies it), written beside its target, given its modification time,
 * forced to disk (8 in flight, as the client's finishers do), renamed into place, and each folder
 * forced once at the end. A large file is forced every {@value #FORCE_BYTES} bytes on another
 * thread while it is written, so the disk writes it back meanwhile, as the client does. No client
 * can pull the same tree faster on the same core; the benchmark runs it as the tool "floor", so its
 * time and rsync's come from the same run.
 *
 * <p>With {@code --kernel-copy}, each file is copied by the kernel ({@code transferTo}) and then
 * read back and hashed: the least a block-level update does, which copies the blocks it keeps from
 * the old file this way and must still verify and force the whole new file.
 *
 * <p>Usage: {@code java DurableCopy [--kernel-copy] SOURCE_FOLDER TARGET_FOLDER}
 */
public final class DurableCopy {

    private static final int CHUNK = 8 << 20;
    private static final long FORCE_BYTES = 64L << 20;

    public static void main(String[] args) throws Exception {
        boolean kernelCopy = args[0].equals("--kernel-copy");
        Path source = Path.of(args[kernelCopy ? 1 : 0]);
        Path target = Path.of(args[kernelCopy ? 2 : 1]);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        ExecutorService finishers = Executors.newFixedThreadPool(8);
        List<Future<?>> pending = new ArrayList<>();
        Set<Path> folders = new LinkedHashSet<>();
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long bytes = 0;
        for (Path file : files) {
            Path to = target.resolve(source.relativize(file).toString());
            Path folder = to.getParent();
            if (folders.add(folder)) {
                Files.createDirectories(folder);
            }
            Path part = folder.resolve("." + to.getFileName() + ".part");
            FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                bytes += kernelCopy ? copyThenHash(in, out, buffer, sha, finishers) : copy(in, out, buffer, sha, finishers);
            }
            HexFormat.of().formatHex(sha.digest());
            FileTime mtime = Files.getLastModifiedTime(file);
            pending.add(finishers.submit(() -> finish(out, part, to, mtime)));
        }
        for (Future<?> done : pending) {
            done.get();
        }
        finishers.shutdown();
        for (Path folder : folders) {
            try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
        System.out.println("copied " + files.size() + " files, " + bytes + " bytes, durably");
    }

    /** @return the bytes copied through the buffer, hashed on the way */
    private static long copy(FileChannel in, FileChannel out, ByteBuffer buffer, MessageDigest sha,
            ExecutorService forcer) {
        long written = 0;
        long forced = 0;
        try {
            while (in.read(buffer.clear()) > 0) {
                buffer.flip();
                sha.update(buffer.duplicate());
                while (buffer.hasRemaining()) {
                    written += out.write(buffer);
                }
                forced = forceEvery(out, written, forced, forcer);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return written;
    }

    /** @return the bytes the kernel copied, then read back and hashed */
    private static long copyThenHash(FileChannel in, FileChannel out, ByteBuffer buffer, MessageDigest sha,
            ExecutorService forcer) throws IOException {
        long size = in.size();
        long written = 0;
        long forced = 0;
        while (written < size) {
            written += in.transferTo(written, Math.min(FORCE_BYTES, size - written), out);
            forced = forceEvery(out, written, forced, forcer);
        }
        for (long at = 0; out.read(buffer.clear(), at) > 0; at += buffer.position()) {
            sha.update(buffer.flip());
        }
        return written;
    }

    /** @return where the last force was started: a new one every {@value #FORCE_BYTES} bytes */
    private static long forceEvery(FileChannel out, long written, long forced, ExecutorService forcer) {
        if (written - forced < FORCE_BYTES) {
            return forced;
        }
        forcer.submit(() -> {
            out.force(false);
            return null;
        });
        return written;
    }

    private static Void finish(FileChannel out, Path part, Path to, FileTime mtime) throws IOException {
        try (out) {
            out.force(false);
        }
        Files.setLastModifiedTime(part, mtime);
        Files.move(part, to, StandardCopyOption.ATOMIC_MOVE);
        return null;
    }
}
