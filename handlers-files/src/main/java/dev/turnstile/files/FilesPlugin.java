package dev.turnstile.files;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Plugin;
import dev.turnstile.spi.PluginContext;
import dev.turnstile.spi.Setting;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The files plugin: one shared folder ({@code files-root}, read-only unless {@code files-writable})
 * and the nine handlers that serve it. {@link #start} opens the one {@link SharedFolder}, starts
 * indexing it in the background and hands it to the handlers' constructors; {@link #stop} closes
 * it. Slow work (hashing, walks, commits) runs on the plugin's background executor, and the
 * handlers answer it {@link dev.turnstile.spi.Response#later later}.
 */
public final class FilesPlugin implements Plugin {

    static final Setting<Path> ROOT = Setting.path("files-root",
            "Folder the files plugin shares, relative to the installation", "share");
    static final Setting<Boolean> WRITABLE = Setting.bool("files-writable",
            "Whether clients may upload and delete files in it (true or false)", false);

    private final Executor background;
    private SharedFolder folder;

    /** The plugin the server loads: its background work runs on one thread of its own. */
    public FilesPlugin() {
        this(null);
    }

    /**
     * @param background runs the background work; {@code null} for one thread of the plugin's own,
     *     started at {@link #start} and stopped at {@link #stop}
     */
    FilesPlugin(Executor background) {
        this.background = background;
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(ROOT, WRITABLE);
    }

    @Override
    public List<Handler> start(PluginContext context) throws IOException {
        FolderSettings settings = FolderSettings.from(context);
        ExecutorService own = background == null ? Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "turnstile-files-indexer");
            thread.setDaemon(true);
            return thread;
        }) : null;
        try {
            folder = SharedFolder.open(settings, own != null ? own : background, own, context.timer()::nanoTime);
        } catch (IOException | RuntimeException e) {
            if (own != null) {
                own.shutdownNow();
            }
            throw e;
        }
        folder.indexInBackground();
        return List.of(new GetHashesHandler(folder), new GetFileDataHandler(folder), new ListFilesHandler(folder),
                new UploadBeginHandler(folder), new UploadChunkHandler(folder), new UploadStatusHandler(folder),
                new UploadCommitHandler(folder), new UploadAbortHandler(folder), new DeleteFileHandler(folder));
    }

    @Override
    public void stop() {
        if (folder != null) {
            folder.close();
            folder = null;
        }
    }
}
