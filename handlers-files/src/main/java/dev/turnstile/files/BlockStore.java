package dev.turnstile.files;

import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The block hashes of the shared folder's large files ({@code /get_blocks}), in
 * {@code <data-dir>/files/blocks/}: one file per content, named by the content's SHA-256, holding
 * the SHA-256 of each {@link #BLOCK_BYTES} block. Block hashes depend on the content alone, so two
 * files with the same content share one, and a file moved keeps its own. They are computed with the
 * content's hash, in the same read ({@link FileHasher}), for files of {@link #FROM_BYTES} or more.
 *
 * <p>Each file ends with the SHA-256 of what comes before it, so one that a crash left torn is
 * found out and computed again; none is forced to disk, since losing one costs one more read of its
 * file. Those whose content no longer is in the folder are removed after each whole scan.
 *
 * <p><b>The block size</b>, 64 KiB, is the one that sends the fewest bytes in the delta benchmark
 * (a 1 GiB file, 10 random 4 KiB regions rewritten): the client fetches the list (32 bytes a block)
 * and the blocks that differ, 2^30 / B × 32 + 10 × B bytes, least at B = 64 KiB: 512 KiB of hashes
 * and 640 KiB of blocks, about 1.1 MiB, against about 0.7 MB that rsync sends (its 32 KiB blocks'
 * checksums, 7 bytes each, its match tokens and the changed blocks), so within the target of 2×.
 * 32 KiB blocks would send 1.3 MiB, 128 KiB blocks 1.5 MiB.
 */
final class BlockStore {

    /** Bytes per block. */
    static final int BLOCK_BYTES = 64 * 1024;
    /** Files of this size or more get block hashes; smaller ones are simply copied. */
    static final long FROM_BYTES = 4L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(BlockStore.class);
    private static final int MAGIC = 0x54534242; // "TSBB"

    private final Path folder;

    private BlockStore(Path folder) {
        this.folder = folder;
    }

    /** Opens (making it) the folder of block hashes. */
    static BlockStore open(Path folder) throws IOException {
        Files.createDirectories(folder);
        return new BlockStore(folder);
    }

    /** @return how many blocks a file of this size has */
    static long blocks(long size) {
        return (size + BLOCK_BYTES - 1) / BLOCK_BYTES;
    }

    /** @return whether a file of this size gets block hashes */
    static boolean kept(long size) {
        return size >= FROM_BYTES;
    }

    /**
     * @param sha256 the content's hash
     * @param size the content's size
     * @return the hashes of its blocks, 32 bytes each, or {@code null} when none are stored (or the
     *     stored ones are torn)
     */
    byte[] get(byte[] sha256, long size) {
        Path file = folder.resolve(HexFormat.of().formatHex(sha256));
        long count = blocks(size);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long expected = 4 + 4 + 8 + count * 32 + 32;
            if (channel.size() != expected || expected > Integer.MAX_VALUE) {
                return null;
            }
            ByteBuffer all = ByteBuffer.allocate((int) expected);
            while (all.hasRemaining() && channel.read(all) >= 0) {
                // reads it whole
            }
            byte[] bytes = all.array();
            ByteBuffer header = ByteBuffer.wrap(bytes);
            if (header.getInt() != MAGIC || header.getInt() != BLOCK_BYTES || header.getLong() != size
                    || !Arrays.equals(Sha256.digest().digest(Arrays.copyOf(bytes, bytes.length - 32)),
                            Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length))) {
                return null;
            }
            return Arrays.copyOfRange(bytes, 16, bytes.length - 32);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.debug("cannot read the block hashes {}: {}", file, e.toString());
            return null;
        }
    }

    /** Stores the block hashes of a content (replacing what is there: the same, or torn). */
    void put(byte[] sha256, long size, byte[] hashes) {
        String name = HexFormat.of().formatHex(sha256);
        Path file = folder.resolve(name);
        Path temporary = folder.resolve(name + ".tmp");
        ByteBuffer header = ByteBuffer.allocate(16).putInt(MAGIC).putInt(BLOCK_BYTES).putLong(size);
        byte[] body = new byte[16 + hashes.length];
        System.arraycopy(header.array(), 0, body, 0, 16);
        System.arraycopy(hashes, 0, body, 16, hashes.length);
        try {
            Files.deleteIfExists(temporary);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer out = ByteBuffer.allocate(body.length + 32).put(body).put(Sha256.digest().digest(body)).flip();
                while (out.hasRemaining()) {
                    channel.write(out);
                }
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("cannot store the block hashes of {} ({} bytes); they are computed again when asked: {}", name,
                    size, e.toString());
        }
    }

    /** Removes the block hashes of every content but these (hex SHA-256s). */
    void retainOnly(Set<String> contents) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                if (!contents.contains(file.getFileName().toString())) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot tidy the block hashes in {}: {}", folder, e.toString());
        }
    }
}
