package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SyncPathsTest {

    @Test
    void aLocalFileBecomesItsSharedFolderPathWhateverTheRoot() {
        assertEquals("/a/b.txt", SyncPaths.remote(Path.of("/srv/share"), Path.of("/srv/share/a/b.txt")));
        assertEquals("/b.txt", SyncPaths.remote(Path.of("/srv/share"), Path.of("/srv/share/b.txt")));
        assertEquals("/a/b.txt", SyncPaths.remote(Path.of("/"), Path.of("/a/b.txt")), "the file system's root");
        assertEquals("/é/ü.txt", SyncPaths.remote(Path.of("/srv/share"), Path.of("/srv/share/é/ü.txt")));
    }
}
