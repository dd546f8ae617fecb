package dev.turnstile.client.sync;

import dev.turnstile.filemodel.FileStat;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * {@link Files#walkFileTree} without following links, at one look ({@code lstat}) per regular file.
 * The JDK's walk looks at each entry for its type, and the quick check then looks again for the
 * change time and identity; here the one look that gives all of them ({@link FileStat#read}) comes
 * first, and only what is not a regular file (a folder, a link, a special file) is looked at again
 * for its type. A regular file is handed to the visitor as {@link Looked}, which carries that look.
 *
 * <p>The visitor hears what {@code walkFileTree} would tell it: a folder that cannot be opened, or
 * an entry that cannot be looked at, through {@code visitFileFailed}; a listing that breaks off
 * through {@code postVisitDirectory}. The order within a folder is the folder's own.
 */
final class OneLookWalk {

    private OneLookWalk() {
    }

    /** A regular file's attributes, from its one look. */
    static final class Looked implements BasicFileAttributes {

        final FileStat stat;

        private Looked(FileStat stat) {
            this.stat = stat;
        }

        @Override
        public FileTime lastModifiedTime() {
            return FileTime.from(stat.mtimeNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public FileTime lastAccessTime() {
            return lastModifiedTime();
        }

        @Override
        public FileTime creationTime() {
            return lastModifiedTime();
        }

        @Override
        public boolean isRegularFile() {
            return true;
        }

        @Override
        public boolean isDirectory() {
            return false;
        }

        @Override
        public boolean isSymbolicLink() {
            return false;
        }

        @Override
        public boolean isOther() {
            return false;
        }

        @Override
        public long size() {
            return stat.size();
        }

        @Override
        public Object fileKey() {
            return stat.fileKey();
        }
    }

    /**
     * @param root a folder, a real path
     * @param visitor hears each entry under it; {@code SKIP_SIBLINGS} and {@code TERMINATE} are not used by
     *     the sync and are taken as {@code CONTINUE} and the end of the walk
     */
    static void walk(Path root, FileVisitor<Path> visitor) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            visitor.visitFileFailed(root, e);
            return;
        }
        if (!attributes.isDirectory()) {
            visitor.visitFile(root, attributes);
            return;
        }
        folder(root, attributes, visitor);
    }

    /** @return false to end the walk */
    private static boolean folder(Path dir, BasicFileAttributes attributes, FileVisitor<Path> visitor)
            throws IOException {
        DirectoryStream<Path> entries;
        try {
            entries = Files.newDirectoryStream(dir);
        } catch (IOException e) {
            return visitor.visitFileFailed(dir, e) != FileVisitResult.TERMINATE;
        }
        try (entries) {
            FileVisitResult before = visitor.preVisitDirectory(dir, attributes);
            if (before == FileVisitResult.TERMINATE) {
                return false;
            }
            if (before == FileVisitResult.SKIP_SUBTREE) {
                return true;
            }
            IOException broken = null;
            try {
                for (Path entry : entries) {
                    if (!entry(entry, visitor)) {
                        return false;
                    }
                }
            } catch (DirectoryIteratorException e) {
                broken = e.getCause();
            }
            return visitor.postVisitDirectory(dir, broken) != FileVisitResult.TERMINATE;
        }
    }

    private static boolean entry(Path entry, FileVisitor<Path> visitor) throws IOException {
        BasicFileAttributes attributes;
        try {
            // The path in the stat is not used: the visitor names the file itself.
            FileStat stat = FileStat.read("/", entry);
            if (stat != null) {
                return visitor.visitFile(entry, new Looked(stat)) != FileVisitResult.TERMINATE;
            }
            attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return visitor.visitFileFailed(entry, e) != FileVisitResult.TERMINATE;
        }
        if (attributes.isDirectory()) {
            return folder(entry, attributes, visitor);
        }
        return visitor.visitFile(entry, attributes) != FileVisitResult.TERMINATE;
    }
}
