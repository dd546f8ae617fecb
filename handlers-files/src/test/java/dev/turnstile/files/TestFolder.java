package dev.turnstile.files;

import dev.turnstile.filemodel.IgnoreRules;
import dev.turnstile.filemodel.Sha256;
import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.testing.Answers;
import dev.turnstile.testing.FakeSession;
import dev.turnstile.testing.ManualTimer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A shared folder in a temporary directory ({@code share/}, state in {@code data/files/}) with
 * every handler of the plugin around it, opened and built as {@link FilesPlugin} does, on the
 * testing kit's manual timer, without the platform's watcher: {@link #write} tells the index of
 * what it writes, as the watcher would, and {@link #rescan} looks at the whole folder. Unless a test
 * says otherwise nobody reports changes ({@code Reports.NONE}): listings look at each file they
 * list, and overwrites read their targets, as without a watcher. The wall
 * clock stands an hour ahead, so files written by the test are quiet and their hashes not racy.
 * Jobs of every lane run on the calling thread unless other executors are given (the testing kit's
 * {@code ManualExecutor} holds them), so a test sees each answer at once; then the scan at start-up
 * waits for {@link SharedFolder#start}.
 */
final class TestFolder implements AutoCloseable {

    final Path base;
    final Path root;
    final Path data;
    final ManualTimer timer = new ManualTimer();
    final SharedFolder folder;
    final FakeSession session = new FakeSession();
    final AtomicLong wallClock = new AtomicLong(System.currentTimeMillis() + 3_600_000);
    private final Map<String, Handler> handlers = new HashMap<>();

    TestFolder(Path base, boolean writable) throws IOException {
        this(base, writable, Runnable::run);
    }

    TestFolder(Path base, boolean writable, Executor executor) throws IOException {
        this(base, base.resolve("data"), writable, executor);
    }

    /** With the data folder elsewhere, such as on another file system. */
    TestFolder(Path base, Path data, boolean writable, Executor executor) throws IOException {
        this(base, data, writable, Lanes.on(executor, executor, executor), IgnoreRules.none());
        folder.start();
    }

    /** With lanes of the test's own; the test starts the folder ({@link SharedFolder#start}). */
    TestFolder(Path base, Path data, boolean writable, Lanes lanes) throws IOException {
        this(base, data, writable, lanes, IgnoreRules.none());
    }

    /** With exclusions ({@code files-exclude}); the test starts the folder. */
    TestFolder(Path base, Path data, boolean writable, Lanes lanes, IgnoreRules excluded) throws IOException {
        this(base, data, writable, lanes, excluded, FolderSettings.Reports.NONE);
    }

    /**
     * With exclusions and a way changes are reported: {@code CALLER} makes the test the watcher
     * ({@link #write} and {@link #changed} report, and the index trusts its hashes until then).
     */
    TestFolder(Path base, Path data, boolean writable, Lanes lanes, IgnoreRules excluded,
            FolderSettings.Reports reports) throws IOException {
        this(base, data, writable, lanes, excluded, reports, Duration.ZERO);
    }

    /** With a periodic rescan ({@code files-rescan}) too; the test starts the folder. */
    TestFolder(Path base, Path data, boolean writable, Lanes lanes, IgnoreRules excluded,
            FolderSettings.Reports reports, Duration rescan) throws IOException {
        this.base = base;
        this.root = base.resolve("share");
        this.data = data;
        Files.createDirectories(root);
        Files.createDirectories(data);
        this.folder = SharedFolder.open(new FolderSettings(root, writable, data, FolderSettings.MAX_RAW_CHUNK, excluded,
                QUIET, rescan, reports, wallClock::get), lanes, timer);
        for (Handler handler : FilesPlugin.handlers(folder)) {
            handlers.put(handler.url(), handler);
        }
    }

    /** The quiet period of the tests' folders: the default. */
    static final Duration QUIET = Duration.ofMillis(100);

    /**
     * Calls a handler with a request built from url and name/value pairs.
     *
     * @return the answer as the server would write it once it has come (a later answer whose job
     *     has run is what the job gave; its refusal is thrown), or the later answer itself while
     *     its job waits
     */
    Response call(String url, Object... members) throws HandlerException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("url", url);
        for (int i = 0; i < members.length; i += 2) {
            request.put((String) members[i], members[i + 1]);
        }
        Response response = handlers.get(url).handle(new Request(request), session);
        return Answers.ready(response) ? Answers.of(response) : response;
    }

    /** Calls a handler with a request of the test's own (one with an attachment, say). */
    Response call(Request request) throws HandlerException {
        Response response = handlers.get(request.url()).handle(request, session);
        return Answers.ready(response) ? Answers.of(response) : response;
    }

    /** Calls with a request of the test's own and expects a 200; returns its body. */
    Map<String, ?> ok(Request request) throws HandlerException {
        Response response = call(request);
        if (response.code() != 200) {
            throw new AssertionError(request.url() + " answered " + response);
        }
        return response.body();
    }

    /** Calls and expects a 200; returns its body. */
    Map<String, ?> ok(String url, Object... members) throws HandlerException {
        Response response = call(url, members);
        if (response.code() != 200) {
            throw new AssertionError(url + " answered " + response);
        }
        return response.body();
    }

    /**
     * Writes a file, and tells the index as the watcher would once the file has been quiet: the
     * file, or the first folder the write made (the watcher reports it, and the index scans it).
     */
    Path write(String path, String content) throws IOException {
        Path file = root.resolve(path.substring(1));
        Path made = file;
        for (Path parent = file.getParent(); !parent.equals(root) && !Files.exists(parent); parent = parent.getParent()) {
            made = parent;
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        changed("/" + root.relativize(made).toString().replace('\\', '/'));
        return file;
    }

    /** Tells the index that a path changed, as the watcher's report does once the path has been quiet. */
    void changed(String path) {
        folder.updater().observe(List.of(path));
    }

    /** Reports a change as the watcher does: the path waits for the quiet period on the timer. */
    void reported(String path) {
        folder.schedule().changed(path);
    }

    /** Scans the whole folder against the index, as the periodic rescan does. */
    void rescan() throws IOException {
        folder.updater().scan("");
    }

    /** Sets a file's time; the index is not told (a test that wants it told calls {@link #changed}). */
    static void setMtime(Path file, long millis) throws IOException {
        Files.setLastModifiedTime(file, FileTime.fromMillis(millis));
    }

    /** @return a file's permission bits as listings give them, such as 420 for 0644 */
    static int mode(Path file) throws IOException {
        int mode = 0;
        for (PosixFilePermission permission : Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)) {
            mode |= Look.bit(permission);
        }
        return mode;
    }

    static String sha256(String content) {
        return Sha256.ofText(content);
    }

    static byte[] utf8(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        folder.close();
    }
}
