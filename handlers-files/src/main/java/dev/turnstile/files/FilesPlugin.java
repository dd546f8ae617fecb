package dev.turnstile.files;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Plugin;
import dev.turnstile.spi.PluginContext;
import dev.turnstile.spi.Setting;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The files plugin: one shared folder ({@code files-root}, read-only unless {@code files-writable})
 * and the fourteen handlers that serve it. {@link #start} opens the one {@link SharedFolder}, starts
 * its index (a scan against the saved index, in the background, then the watcher keeps it current)
 * and hands it to the handlers' constructors; {@link #stop} closes it, saving the index. Every piece of work that touches the shared folder runs on one of the plugin's
 * {@linkplain Lanes lanes}, and the handlers answer it {@link dev.turnstile.spi.Response#later later}.
 */
public final class FilesPlugin implements Plugin {

    static final Setting<Path> ROOT = Setting.path("files-root",
            "Folder the files plugin shares, relative to the installation", "share");
    static final Setting<Boolean> WRITABLE = Setting.bool("files-writable",
            "Whether clients may upload and delete files in it (true or false)", false);
    static final Setting<String> EXCLUDE = Setting.text("files-exclude",
            "Paths kept out of every url and the index: gitignore patterns separated by commas (\\, for a comma)", "");
    static final Setting<Duration> QUIET = Setting.duration("files-quiet",
            "How long a changed file must be left alone before it is numbered in the change feed", "100ms",
            Duration.ZERO, Duration.ofMinutes(1));
    static final Setting<Duration> RESCAN = Setting.duration("files-rescan",
            "How often the whole shared folder is scanned again besides the watcher (0 = never)", "1h",
            Duration.ZERO, Duration.ofDays(1));

    private final Executor walk;
    private final Executor shortJobs;
    private final Executor large;
    private volatile SharedFolder folder;

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
        return List.of(ROOT, WRITABLE, EXCLUDE, QUIET, RESCAN);
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
        folder.start();
        return handlers(folder);
    }

    /** @return every handler of the plugin, serving one folder */
    static List<Handler> handlers(SharedFolder folder) {
        return List.of(new GetHashesHandler(folder), new GetFileDataHandler(folder), new ListFilesHandler(folder),
                new ChangesHandler(folder), new GetBlocksHandler(folder), new UploadBeginHandler(folder),
                new UploadChunkHandler(folder), new UploadStatusHandler(folder), new UploadCommitHandler(folder),
                new UploadAbortHandler(folder), new DeleteFileHandler(folder), new SetAttributesHandler(folder),
                new MakeFolderHandler(folder), new RemoveFolderHandler(folder));
    }

    /**
     * For {@code /stats}: the files shared and their bytes, the index's id and last number, the uploads
     * in progress, and when the last change was numbered (ISO-8601, or {@code null} for none since start).
     */
    @Override
    public Map<String, ?> stats() {
        SharedFolder shared = folder;
        if (shared == null) {
            return Map.of();
        }
        FolderIndex index = shared.index();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("files", index.files());
        stats.put("bytes", index.bytes());
        stats.put("index", index.id());
        stats.put("seq", index.seq());
        stats.put("ready", index.ready().isDone());
        stats.put("watched_folders", shared.watchedFolders());
        stats.put("uploads_in_progress", shared.uploads().inProgress());
        long last = index.lastChangeMillis();
        stats.put("last_change", last == 0 ? null : Instant.ofEpochMilli(last).toString());
        return stats;
    }

    @Override
    public void stop() {
        if (folder != null) {
            folder.close();
            folder = null;
        }
    }
}
