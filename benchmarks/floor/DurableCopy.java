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
 * forced once at the end. No client can pull the same tree faster on the same core; the benchmark
 * runs it as the tool "floor", so its time and rsync's come from the same run.
 *
 * <p>Usage: {@code java DurableCopy SOURCE_FOLDER TARGET_FOLDER}
 */
public final class DurableCopy {

    private static final int CHUNK = 8 << 20;

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        Path target = Path.of(args[1]);
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
            FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                while (in.read(buffer.clear()) > 0) {
                    buffer.flip();
                    sha.update(buffer.duplicate());
                    bytes += buffer.remaining();
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                }
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

    private static Void finish(FileChannel out, Path part, Path to, FileTime mtime) throws IOException {
        try (out) {
            out.force(false);
        }
        Files.setLastModifiedTime(part, mtime);
        Files.move(part, to, StandardCopyOption.ATOMIC_MOVE);
        return null;
    }
}
