package dev.turnstile.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Makes a missing folder of an upload's path where no link can redirect it. Java has no
 * {@code mkdirat}: a folder made by its textual path is made wherever a link swapped in on the way
 * leads. So the folder is made directly under the root by its textual path, with a hidden random
 * name (the root is the administrator's folder, and a name right under it passes through no link),
 * then renamed into place relative to its parent's handle ({@code renameat}), one level at a time.
 * A crash in between leaves only the hidden name, recorded in {@link Temporaries}, which the next
 * start removes. One folder is made at a time, so two commits never replace each other's new
 * (empty) folder.
 */
final class FolderMaker {

    /** Names of the hidden folders, directly under the root. */
    static final String PREFIX = ConfinedRoot.HIDDEN_PREFIX + "dir-";

    private final Path rootPath;
    private final SecureDirectoryStream<Path> rootHandle;
    private final Temporaries temporaries;
    private final SecureRandom random = new SecureRandom();

    FolderMaker(Path rootPath, SecureDirectoryStream<Path> rootHandle, Temporaries temporaries) {
        this.rootPath = rootPath;
        this.rootHandle = rootHandle;
        this.temporaries = temporaries;
    }

    /**
     * Makes the folder {@code name} in {@code parent}; a folder that appeared there meanwhile is
     * kept as it is.
     */
    synchronized void make(SecureDirectoryStream<Path> parent, String name) throws IOException {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        Path hidden = Path.of(PREFIX + HexFormat.of().formatHex(bytes));
        temporaries.creating("/" + hidden);
        try {
            Files.createDirectory(rootPath.resolve(hidden.toString()));
            boolean moved = false;
            try {
                // renameat would replace an empty folder of that name: look first (this is the
                // only place the plugin makes folders, one at a time).
                if (ConfinedRoot.attributes(parent, name) == null) {
                    rootHandle.move(hidden, parent, ConfinedRoot.name(name));
                    moved = true;
                }
            } catch (IOException | RuntimeException e) {
                BasicFileAttributes now = ConfinedRoot.attributes(parent, name);
                if (now == null || !now.isDirectory()) {
                    rootHandle.deleteDirectory(hidden);
                    throw e;
                }
            }
            if (!moved) {
                rootHandle.deleteDirectory(hidden); // a folder appeared meanwhile: it is used as it is
            }
        } finally {
            temporaries.gone("/" + hidden);
        }
    }
}
