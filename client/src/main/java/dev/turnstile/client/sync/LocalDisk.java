package dev.turnstile.client.sync;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Durability helpers for the local side. */
final class LocalDisk {

    private LocalDisk() {
    }

    /**
     * Forces a folder's entries to disk, so that a rename into it survives a crash. Some file
     * systems and platforms cannot open a folder for this; there it is skipped, as rsync does.
     */
    static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not supported here (Windows, some network file systems): the rename still happened.
        }
    }
}
