package dev.turnstile.files;

import dev.turnstile.filemodel.HashCache;
import dev.turnstile.filemodel.IgnoreRules;
import dev.turnstile.filemodel.Sha256;
import dev.turnstile.filemodel.SharePath;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The index on disk, {@code <data-dir>/files/index.bin}, and the mark of a running server,
 * {@code index.open}.
 *
 * <p><b>Format.</b> Binary, big-endian: {@code TSIX}, a version, the shared folder's identity (its
 * real path and its device and inode), the index's id, its last sequence number, when it was saved,
 * the number of entries, the entries in path order (path, flags, number, and for a live entry its
 * size, times, identity, mode and hash), and last the SHA-256 of everything before. It is written
 * whole to a new temporary file, forced to disk, renamed over the old one, and the folder forced.
 *
 * <p><b>What a start finds.</b>
 * <ul>
 * <li>No file, a torn or damaged one, one of another format or of another shared folder: a new,
 *     empty index with a new id (one warning says why), and every file is hashed.
 * <li>A file and no {@code index.open}: the last run stopped cleanly and saved everything it
 *     numbered; the index goes on with the same id and numbers.
 * <li>A file and an {@code index.open}: the last run did not stop cleanly (a crash, {@code kill -9},
 *     a power loss), so changes it numbered after its last save are lost — and with them numbers a
 *     client may have seen. The index gets a new id (every client lists again), keeping the saved
 *     entries' hashes so that unchanged files are not read again; tombstones go.
 * </ul>
 * Entries that the current {@code files-exclude} excludes are dropped without a tombstone (an
 * excluded path is never deleted on a client's behalf), and so are hashes of files changed less than
 * 2 seconds before the save, which the start-up scan reads again (racy clean).
 */
final class IndexFile {

    static final String NAME = "index.bin";
    static final String OPEN_MARK = "index.open";
    private static final int MAGIC = 0x54534958; // "TSIX"
    private static final int VERSION = 1;

    private final Path folder;
    private final Path file;
    private final Path mark;

    IndexFile(Path stateDir) {
        this.folder = stateDir;
        this.file = stateDir.resolve(NAME);
        this.mark = stateDir.resolve(OPEN_MARK);
    }

    /**
     * What a start found.
     *
     * @param table the entries
     * @param id the index's id: the saved one, or a new one
     * @param seq the last number given under that id
     * @param warning why the saved index was not used as it was, or {@code null}
     */
    record Loaded(IndexTable table, String id, long seq, String warning) {
    }

    /**
     * Reads the saved index, then marks the index open (a start that finds the mark knows this run
     * did not stop cleanly).
     *
     * @param identity the shared folder's identity ({@link #identity})
     * @param excluded what {@code files-exclude} keeps out
     */
    Loaded open(String identity, IgnoreRules excluded) throws IOException {
        boolean unclean = Files.exists(mark, LinkOption.NOFOLLOW_LINKS);
        Loaded loaded;
        try {
            loaded = read(identity, excluded, unclean);
        } catch (Refused refused) {
            loaded = new Loaded(new IndexTable(), newId(), 0, "the saved index " + file + " " + refused.getMessage()
                    + "; a new index is built and every file is hashed");
        }
        if (!unclean) {
            Files.deleteIfExists(mark);
            Files.write(mark, new byte[0], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            forceFolder(folder);
        }
        return loaded;
    }

    private Loaded read(String identity, IgnoreRules excluded, boolean unclean) throws IOException, Refused {
        byte[] bytes;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                throw new Refused("is not a regular file");
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                if (channel.size() > Integer.MAX_VALUE - 64) {
                    throw new Refused("is too large");
                }
                ByteBuffer all = ByteBuffer.allocate((int) channel.size());
                while (all.hasRemaining() && channel.read(all) >= 0) {
                    // reads it whole
                }
                bytes = all.array();
            }
        } catch (NoSuchFileException e) {
            return new Loaded(new IndexTable(), newId(), 0, null);
        }
        if (bytes.length < 32 || !Arrays.equals(Sha256.digest().digest(Arrays.copyOf(bytes, bytes.length - 32)),
                Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length))) {
            throw new Refused("is torn or damaged (its checksum does not match)");
        }
        try {
            return parse(ByteBuffer.wrap(bytes, 0, bytes.length - 32), identity, excluded, unclean);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new Refused("is damaged (" + e + ")");
        }
    }

    private Loaded parse(ByteBuffer in, String identity, IgnoreRules excluded, boolean unclean) throws Refused {
        if (in.getInt() != MAGIC || in.getInt() != VERSION) {
            throw new Refused("is not a Turnstile index of this version");
        }
        String savedFor = text(in);
        if (!savedFor.equals(identity)) {
            throw new Refused("belongs to another shared folder (" + savedFor.replace('\n', ' ') + ")");
        }
        String id = text(in);
        long seq = in.getLong();
        long savedAt = in.getLong();
        int count = in.getInt();
        IndexTable table = new IndexTable();
        long renumbered = 0;
        for (int i = 0; i < count; i++) {
            byte[] path = new byte[in.getShort() & 0xffff];
            in.get(path);
            byte flags = in.get();
            long number = in.getLong();
            boolean deleted = (flags & IndexTable.DELETED) != 0;
            boolean folderEntry = (flags & IndexTable.FOLDER) != 0;
            long size = 0;
            long mtime = 0;
            long device = 0;
            long inode = Look.UNKNOWN;
            int mode = Look.UNKNOWN_MODE;
            byte[] sha = null;
            if (!deleted) {
                size = in.getLong();
                mtime = in.getLong();
                device = in.getLong();
                inode = in.getLong();
                mode = in.getInt();
                if (!folderEntry) {
                    sha = new byte[32];
                    in.get(sha);
                }
            }
            String text = new String(path, StandardCharsets.UTF_8);
            if (SharePath.problem(text) != null || number <= 0 || number > seq) {
                throw new Refused("holds an entry that is not valid (" + SharePath.quote(text) + ")");
            }
            if (deleted && unclean || excluded.excludes(text, folderEntry)) {
                continue;
            }
            if (!deleted && Math.floorDiv(mtime, 1_000_000L) >= savedAt - HashCache.RACY_MILLIS) {
                flags |= IndexTable.RACY;
            }
            int slot = table.slotFor(path);
            table.set(slot, flags, size, mtime, device, inode, mode, sha, unclean ? ++renumbered : number);
        }
        if (in.hasRemaining()) {
            throw new Refused("has bytes after its entries");
        }
        table.rebuildLog();
        if (unclean) {
            return new Loaded(table, newId(), renumbered, "the last run did not stop cleanly (" + OPEN_MARK + " is"
                    + " still in " + folder + "), so numbers it gave after its last save are lost; the index gets a"
                    + " new id (clients list everything again) and keeps the hashes of unchanged files");
        }
        return new Loaded(table, id, seq, null);
    }

    /** Writes the index (in memory; then to disk outside the index's lock), to be called through {@link #save}. */
    static byte[] serialize(IndexTable table, String identity, String id, long seq, long savedAtMillis) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 + table.size() * 96);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            writeText(out, identity);
            writeText(out, id);
            out.writeLong(seq);
            out.writeLong(savedAtMillis);
            int[] order = table.inPathOrder();
            out.writeInt(order.length);
            for (int slot : order) {
                byte[] path = table.pathBytes(slot);
                out.writeShort(path.length);
                out.write(path);
                out.writeByte(table.flags(slot));
                out.writeLong(table.seq(slot));
                if (!table.has(slot, IndexTable.DELETED)) {
                    out.writeLong(table.size(slot));
                    out.writeLong(table.mtime(slot));
                    out.writeLong(table.device(slot));
                    out.writeLong(table.inode(slot));
                    out.writeInt(table.mode(slot));
                    if (!table.has(slot, IndexTable.FOLDER)) {
                        byte[] sha = table.sha(slot);
                        out.write(sha == null ? new byte[32] : sha);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        MessageDigest digest = Sha256.digest();
        byte[] body = buffer.toByteArray();
        byte[] whole = Arrays.copyOf(body, body.length + 32);
        System.arraycopy(digest.digest(body), 0, whole, body.length, 32);
        return whole;
    }

    /**
     * Replaces the saved index with these bytes ({@link #serialize}): a new temporary file, forced,
     * renamed over the old one, the folder forced.
     */
    void save(byte[] serialized) throws IOException {
        Path temporary = folder.resolve(NAME + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer bytes = ByteBuffer.wrap(serialized);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        forceFolder(folder);
    }

    /** The server stops cleanly, everything saved: the next start goes on with the same id. */
    void closeCleanly() throws IOException {
        Files.deleteIfExists(mark);
        forceFolder(folder);
    }

    /**
     * @return the shared folder's identity as the saved index records it: its real path, and its
     *     device and inode, so that another folder mounted at the same path is another folder
     */
    static String identity(Path root) throws IOException {
        Path real = root.toRealPath();
        Object key = Files.readAttributes(real, BasicFileAttributes.class).fileKey();
        return real + "\n" + (key == null ? "-" : key);
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String text(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Why a saved index is not used. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Forces a folder's entries to disk, so that a rename or a removal in it survives a crash; where
     * a folder cannot be opened for this (some network file systems) the rename itself happened.
     */
    static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // See above.
        }
    }
}
