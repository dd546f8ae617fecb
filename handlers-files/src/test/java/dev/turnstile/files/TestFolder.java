package dev.turnstile.files;

import dev.turnstile.filemodel.Sha256;
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
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * A shared folder in a temporary directory ({@code share/}, state in {@code data/files/}) with
 * every handler of the plugin around it, opened and built as {@link FilesPlugin} does, on the
 * testing kit's manual timer. Jobs of every lane run on the calling thread unless other executors
 * are given (the testing kit's {@code ManualExecutor} holds them), so a test sees each answer at once.
 */
final class TestFolder implements AutoCloseable {

    final Path base;
    final Path root;
    final Path data;
    final ManualTimer timer = new ManualTimer();
    final SharedFolder folder;
    final FakeSession session = new FakeSession();
    private final Map<String, FolderHandler> handlers = new HashMap<>();

    TestFolder(Path base, boolean writable) throws IOException {
        this(base, writable, Runnable::run);
    }

    TestFolder(Path base, boolean writable, Executor executor) throws IOException {
        this(base, base.resolve("data"), writable, executor);
    }

    /** With the data folder elsewhere, such as on another file system. */
    TestFolder(Path base, Path data, boolean writable, Executor executor) throws IOException {
        this(base, data, writable, Lanes.on(executor, executor, executor));
    }

    /** With lanes of the test's own. */
    TestFolder(Path base, Path data, boolean writable, Lanes lanes) throws IOException {
        this.base = base;
        this.root = base.resolve("share");
        this.data = data;
        Files.createDirectories(root);
        Files.createDirectories(data);
        this.folder = SharedFolder.open(new FolderSettings(root, writable, data, FolderSettings.MAX_RAW_CHUNK), lanes,
                timer);
        for (FolderHandler handler : new FolderHandler[] {new GetHashesHandler(folder), new GetFileDataHandler(folder),
                new ListFilesHandler(folder), new UploadBeginHandler(folder), new UploadChunkHandler(folder),
                new UploadStatusHandler(folder), new UploadCommitHandler(folder), new UploadAbortHandler(folder),
                new DeleteFileHandler(folder)}) {
            handlers.put(handler.url(), handler);
        }
    }

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

    Path write(String path, String content) throws IOException {
        Path file = root.resolve(path.substring(1));
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    static void setMtime(Path file, long millis) throws IOException {
        Files.setLastModifiedTime(file, FileTime.fromMillis(millis));
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
