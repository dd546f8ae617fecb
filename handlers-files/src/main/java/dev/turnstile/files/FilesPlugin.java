package dev.turnstile.files;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Plugin;
import dev.turnstile.spi.PluginContext;
import dev.turnstile.spi.Setting;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The files plugin: one shared folder ({@code files-root}, read-only unless {@code files-writable})
 * and the nine handlers that serve it. {@link #start} opens the one {@link SharedFolder}, starts
 * indexing it in the background and hands it to the handlers' constructors; {@link #stop} closes
 * it. Every piece of work that touches the shared folder runs on one of the plugin's
 * {@linkplain Lanes lanes}, and the handlers answer it {@link dev.turnstile.spi.Response#later later}.
 */
public final class FilesPlugin implements Plugin {

    static final Setting<Path> ROOT = Setting.path("files-root",
            "Folder the files plugin shares, relative to the installation", "share");
    static final Setting<Boolean> WRITABLE = Setting.bool("files-writable",
            "Whether clients may upload and delete files in it (true or false)", false);

    private final Executor walk;
    private final Executor shortJobs;
    private final Executor large;
    private SharedFolder folder;

    /** The plugin the server loads: its lanes are threads of its own. */
    public FilesPlugin() {
        this(null, null, null);
    }

    /** @param background runs every lane's jobs (a test's manual executor) */
    FilesPlugin(Executor background) {
        this(background, background, background);
    }

    /**
     * @param walk runs whole-tree walks; {@code null} (with the others) for the plugin's own threads,
     *     started at {@link #start} and stopped at {@link #stop}
     * @param shortJobs runs short jobs
     * @param large runs reads of large files
     */
    FilesPlugin(Executor walk, Executor shortJobs, Executor large) {
        this.walk = walk;
        this.shortJobs = shortJobs;
        this.large = large;
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(ROOT, WRITABLE);
    }

    @Override
    public List<Handler> start(PluginContext context) throws IOException {
        FolderSettings settings = FolderSettings.from(context);
        Lanes lanes = walk == null ? Lanes.ofThreads() : Lanes.on(walk, shortJobs, large);
        try {
            folder = SharedFolder.open(settings, lanes, context.timer());
        } catch (IOException | RuntimeException e) {
            lanes.close();
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
