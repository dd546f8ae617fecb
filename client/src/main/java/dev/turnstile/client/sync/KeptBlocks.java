package dev.turnstile.client.sync;

import dev.turnstile.filemodel.FileStat;
import dev.turnstile.filemodel.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The block hashes of the large files a pull left in LOCAL_DIR, kept in the state folder so that the
 * next block-level pull of a file knows which of its blocks differ from the server's without reading
 * and hashing the old copy block by block (docs/clients.md, "Block-level updates of large files").
 * They are the server's list for the version pulled ({@code /get_blocks}), kept with the local
 * file's look right after the pull ({@link FileStat}: size, modification and change time,
 * identity): they are used only while the file still looks exactly so, and the whole file's SHA-256
 * is checked after the update anyway, so a kept list that no longer describes the file costs a
 * second try, never a wrong file.
 *
 * <p><b>The files.</b> One per path, {@code .turnstile/blocks-<SHA-256 of the path>}: the line
 * {@value #HEADER}, the path, then {@code <size> <mtime ns> <ctime ns|-> <identity|-> <sha256> <block>},
 * each ending in a newline, then the hashes (32 raw bytes a block) and the SHA-256 of everything
 * before it (32 raw bytes), so that a torn or damaged file is told and ignored. Written whole
 * through {@link StateFolder#replace} (a new file, forced, renamed: never through a link), read
 * without following one. Those of paths that are gone or no longer large are removed after each
 * pull ({@link #retain}), and all of them together are kept under {@value #MAX_KEPT_BYTES} bytes
 * (the oldest go first).
 *
 * <p>Not thread-safe: used on the pull's calling thread.
 */
final class KeptBlocks {

    static final String PREFIX = "blocks-";
    static final String HEADER = "turnstile-blocks 1";
    /** The most bytes of kept files in all: the block hashes of 128 GiB of files at 64 KiB blocks. */
    static final long MAX_KEPT_BYTES = 64L << 20;
    /** The first bytes of a kept file that hold its path, read when the kept files are sorted out. */
    private static final int HEAD_BYTES = 8192;

    /** Keeps nothing and finds nothing: a dry run, or a sync with no state folder. */
    static final KeptBlocks NONE = new KeptBlocks(null);

    private final StateFolder state;

    private KeptBlocks(StateFolder state) {
        this.state = state;
    }

    /** @return the kept block hashes of this state folder, or {@link #NONE} when it does not exist */
    static KeptBlocks in(StateFolder state) {
        return state.exists() ? new KeptBlocks(state) : NONE;
    }

    static String fileName(String path) {
        return PREFIX + Sha256.ofText(path);
    }

    /**
     * @param now the local file as it looks now
     * @return the kept hashes of the file, when they were kept for it looking exactly so; else
     *     {@code null}. Their {@link BlockList#file()} is the local file (its size, time and SHA-256).
     */
    BlockList lookup(FileStat now) {
        if (state == null || now == null) {
            return null;
        }
        try {
            byte[] bytes = state.readBytes(fileName(now.path()), BlocksCall.MAX_HASH_BYTES + HEAD_BYTES);
            Kept kept = bytes == null ? null : parse(bytes);
            return kept != null && kept.look.equals(now) ? kept.blocks : null;
        } catch (IOException e) {
            return null; // the update goes the way that reads the old copy
        }
    }

    /**
     * Keeps the block hashes of a file just put in place.
     *
     * @param blocks the server's list for the version now in place
     * @param look the local file as it looked right after it was put there
     */
    void keep(BlockList blocks, FileStat look) throws IOException {
        String path = blocks.file().path();
        if (state == null || look == null || !look.path().equals(path) || look.size() != blocks.file().size()
                || path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(blocks.hashes().length + 256);
        String text = HEADER + "\n" + path + "\n" + look.size() + " " + look.mtimeNanos() + " "
                + (look.hasCtime() ? Long.toString(look.ctimeNanos()) : "-") + " "
                + (look.fileKey() == null ? "-" : look.fileKey()) + " " + blocks.file().sha256() + " "
                + blocks.blockBytes() + "\n";
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.write(blocks.hashes());
        MessageDigest sha = Sha256.digest();
        sha.update(out.toByteArray());
        out.write(sha.digest());
        state.replace(fileName(path), out.toByteArray());
    }

    /** Forgets a file's kept hashes (they did not describe it). */
    void forget(String path) {
        if (state == null) {
            return;
        }
        try {
            state.delete(fileName(path));
        } catch (IOException e) {
            // Replaced after the update, or removed after the pull when its file is gone.
        }
    }

    /**
     * Removes the kept hashes of every path {@code keep} refuses (gone, or no longer large), those
     * that cannot be read, and then the oldest until all of them take at most {@value #MAX_KEPT_BYTES}
     * bytes.
     */
    void retain(Predicate<String> keep) throws IOException {
        retain(keep, MAX_KEPT_BYTES);
    }

    /** {@link #retain(Predicate)} with another bound. */
    void retain(Predicate<String> keep, long maxBytes) throws IOException {
        if (state == null) {
            return;
        }
        List<Map.Entry<String, BasicFileAttributes>> left = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, BasicFileAttributes> entry : state.list(PREFIX).entrySet()) {
            String name = entry.getKey();
            String path = entry.getValue().isRegularFile() ? pathOf(state.readBytes(name, HEAD_BYTES)) : null;
            if (path == null || !name.equals(fileName(path)) || !keep.test(path)) {
                state.delete(name); // a link standing there is removed itself, never followed
            } else {
                left.add(entry);
                total += entry.getValue().size();
            }
        }
        left.sort(Comparator.comparing(entry -> entry.getValue().lastModifiedTime()));
        for (int i = 0; i < left.size() && total > maxBytes; i++) {
            state.delete(left.get(i).getKey());
            total -= left.get(i).getValue().size();
        }
    }

    /** @return the path a kept file's first bytes name, or {@code null} when they are not a kept file's */
    private static String pathOf(byte[] head) {
        if (head == null) {
            return null;
        }
        String text = new String(head, 0, Math.min(head.length, HEAD_BYTES), StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\n", 3);
        if (lines.length < 3 || !lines[0].equals(HEADER) || !lines[1].startsWith("/")) {
            return null;
        }
        return new String(lines[1].getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** A kept file's content. */
    private record Kept(FileStat look, BlockList blocks) {
    }

    /** @return what a kept file holds, or {@code null} when it is torn, damaged or foreign */
    private static Kept parse(byte[] bytes) {
        if (bytes.length < BlockList.HASH_BYTES) {
            return null;
        }
        int end = bytes.length - BlockList.HASH_BYTES;
        MessageDigest sha = Sha256.digest();
        sha.update(bytes, 0, end);
        if (!Arrays.equals(sha.digest(), 0, BlockList.HASH_BYTES, bytes, end, bytes.length)) {
            return null;
        }
        int first = indexOf(bytes, 0, end);
        int second = first < 0 ? -1 : indexOf(bytes, first + 1, end);
        int third = second < 0 ? -1 : indexOf(bytes, second + 1, end);
        if (third < 0 || !new String(bytes, 0, first, StandardCharsets.UTF_8).equals(HEADER)) {
            return null;
        }
        String path = new String(bytes, first + 1, second - first - 1, StandardCharsets.UTF_8);
        String[] fields = new String(bytes, second + 1, third - second - 1, StandardCharsets.UTF_8).split(" ");
        if (!path.startsWith("/") || fields.length != 6 || !Sha256.isHex(fields[4])) {
            return null;
        }
        try {
            long size = Long.parseLong(fields[0]);
            long mtimeNanos = Long.parseLong(fields[1]);
            long ctimeNanos = fields[2].equals("-") ? FileStat.UNKNOWN : Long.parseLong(fields[2]);
            FileStat look = new FileStat(path, size, mtimeNanos, ctimeNanos, fields[3].equals("-") ? null : fields[3]);
            byte[] hashes = Arrays.copyOfRange(bytes, third + 1, end);
            FileEntry file = new FileEntry(path, size, look.mtimeMillis(), fields[4]);
            return new Kept(look, new BlockList(file, Integer.parseInt(fields[5]), hashes));
        } catch (IllegalArgumentException e) {
            return null; // a number that is not one, or hashes that do not cover the file
        }
    }

    private static int indexOf(byte[] bytes, int from, int end) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The local file at {@code path}, as it looks now. */
    static FileStat look(Path root, String path) throws IOException {
        return FileStat.read(path, SyncPaths.local(root, path));
    }
}
