package dev.turnstile.filemodel;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/**
 * The one on-disk format of a {@link HashCache}, the same for the server and the client: UTF-8
 * text, a header line {@value #HEADER}, then one entry a line,
 * {@code <sha256> <size> <mtime ns> <ctime ns or -> <file key or -> <path>}, the path last since it
 * may hold spaces (never a newline: such a path is not valid, and not written).
 */
final class HashCacheFile {

    static final String HEADER = "turnstile-hashes 2";
    private static final String NONE = "-";

    private final Path file;

    HashCacheFile(Path file) {
        this.file = file;
    }

    /**
     * Reads every entry into {@code entries}.
     *
     * @return {@code null} when the file was read or is missing, else why it is ignored
     */
    String read(Map<String, HashCache.Entry> entries) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                return "it is not a regular file (a link, a folder or a special file)";
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return "it cannot be read (" + e + ")";
        }
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                BufferedReader lines = new BufferedReader(Channels.newReader(channel, decoder, -1))) {
            if (!HEADER.equals(lines.readLine())) {
                return "it is not a " + HEADER + " file";
            }
            int number = 1;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                HashCache.Entry entry = parse(line);
                if (entry == null) {
                    return "line " + number + " is not an entry (the file is torn or damaged)";
                }
                entries.put(entry.stat().path(), entry);
            }
            return null;
        } catch (CharacterCodingException e) {
            return "it is not UTF-8 text";
        } catch (IOException e) {
            return "it cannot be read (" + e + ")";
        }
    }

    private static HashCache.Entry parse(String line) {
        String[] fields = line.split(" ", 6);
        if (fields.length != 6 || !Sha256.isHex(fields[0]) || SharePath.problem(fields[5]) != null) {
            return null;
        }
        try {
            long size = Long.parseLong(fields[1]);
            long mtime = Long.parseLong(fields[2]);
            long ctime = fields[3].equals(NONE) ? FileStat.UNKNOWN : Long.parseLong(fields[3]);
            String key = fields[4].equals(NONE) ? null : fields[4];
            if (size < 0 || ctime == FileStat.UNKNOWN && !fields[3].equals(NONE)) {
                return null;
            }
            return new HashCache.Entry(new FileStat(fields[5], size, mtime, ctime, key), fields[0]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Replaces the file with these entries: a new temporary file beside it (never opened through
     * a link), forced to disk, renamed over the file, and the folder forced.
     */
    void write(Iterable<HashCache.Entry> entries) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        // A leftover of a crash, or anything planted there: removed (a link itself, never its
        // target), so that the file below is created anew.
        Files.deleteIfExists(temporary);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                Writer out = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8), 64 * 1024);
                out.write(HEADER);
                out.write('\n');
                for (HashCache.Entry entry : entries) {
                    FileStat stat = entry.stat();
                    if (SharePath.problem(stat.path()) != null) {
                        continue; // could not be read back; the file is hashed again instead
                    }
                    out.write(entry.sha256() + ' ' + stat.size() + ' ' + stat.mtimeNanos() + ' '
                            + (stat.hasCtime() ? Long.toString(stat.ctimeNanos()) : NONE) + ' '
                            + (stat.fileKey() != null ? stat.fileKey() : NONE) + ' ' + stat.path() + '\n');
                }
                out.flush();
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        forceFolder(file.toAbsolutePath().getParent());
    }

    /**
     * Forces a folder's entries to disk, so that a rename into it survives a crash. Where a folder
     * cannot be opened for this (Windows, some network file systems) it is skipped, as rsync and
     * git do: the rename itself happened.
     */
    static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // See above.
        }
    }
}
