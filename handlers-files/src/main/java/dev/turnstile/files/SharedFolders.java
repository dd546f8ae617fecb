package dev.turnstile.files;

import dev.turnstile.spi.HandlerContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands the plugin's handlers, which the server constructs separately, the one
 * {@link SharedFolder} of their server: the first to start opens it, the last to stop closes
 * it. Keyed by data folder, so several servers in one JVM (tests) each get their own.
 */
final class SharedFolders {

    private static final Map<Path, Held> OPEN = new HashMap<>();

    private SharedFolders() {
    }

    static synchronized SharedFolder acquire(HandlerContext context) throws IOException {
        FolderSettings settings = FolderSettings.from(context);
        Held held = OPEN.get(settings.stateDir());
        if (held == null) {
            held = new Held(SharedFolder.open(settings));
            OPEN.put(settings.stateDir(), held);
        }
        held.users++;
        return held.folder;
    }

    static synchronized void release(SharedFolder folder) {
        Held held = OPEN.get(folder.settings().stateDir());
        if (held != null && held.folder == folder && --held.users == 0) {
            OPEN.remove(folder.settings().stateDir());
            folder.close();
        }
    }

    private static final class Held {
        final SharedFolder folder;
        int users;

        Held(SharedFolder folder) {
            this.folder = folder;
        }
    }
}
