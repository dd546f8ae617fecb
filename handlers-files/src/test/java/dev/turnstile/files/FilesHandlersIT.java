package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.filemodel.Sha256;
import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.TurnstileServer;
import dev.turnstile.testing.TestClient;
import dev.turnstile.testing.TestHandlers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every url of the files plugin and each of its errors behind a real server on a loopback port;
 * after each error the next request is served. The plugin is configured through its settings, as
 * the shipped server does; its jobs run on the server thread here (a direct executor), and
 * {@link BackgroundIndexingIT} covers the background executor.
 */
class FilesHandlersIT {

    @TempDir
    Path temp;

    private TurnstileServer server;
    private TestClient client;
    private String token;

    /** Over plain TCP here; the TLS subclass overrides these two. */
    ServerConfig transport(ServerConfig config) {
        return config;
    }

    TestClient connect(TurnstileServer server) throws IOException {
        return TestClient.connect(server.address());
    }

    void start(boolean writable) throws Exception {
        Files.createDirectories(temp.resolve("share"));
        List<LoadedPlugin> plugins = new ArrayList<>(LoadedPlugin.handlers(new TestHandlers.Login(),
                new TestHandlers.Ping()));
        plugins.add(LoadedPlugin.of(new FilesPlugin(Runnable::run)));
        server = TurnstileServer.start(transport(ServerConfig.defaults()).withPort(0).withDataDir(temp.resolve("data"))
                .withSetting("files-root", temp.resolve("share").toString())
                .withSetting("files-writable", String.valueOf(writable)), plugins);
        client = connect(server);
        token = client.login("files-it");
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void getHashesAnswersTheOriginalLineExactly() throws Exception {
        write("/a.txt", "");
        start(false);

        client.send("{\"url\":\"/get_hashes\",\"token\":\"" + token + "\"}");

        assertEquals("{\"code\":200,\"hashes\":[{\"/a.txt\":[\"54fae40d857b06f54c7c320992e02adf1e21ba8243de5e7511abf115c248d07d\","
                + "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"]}],\"root_folder\":\"share\"}",
                client.readLine());
    }

    @Test
    void anEmptyFolderGivesAnEmptyHashList() throws Exception {
        start(false);

        client.send("{\"url\":\"/get_hashes\",\"token\":\"" + token + "\"}\n");

        assertEquals("{\"code\":200,\"hashes\":[],\"root_folder\":\"share\"}", client.readLine());
    }

    @Test
    void pipelinedChunkRequestsAreAnsweredInOrderAndRebuildTheFile() throws Exception {
        start(false);
        byte[] content = new byte[3 * 1024 * 1024 + 5];
        new java.util.Random(3).nextBytes(content);
        Files.write(temp.resolve("share/big.bin"), content);

        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            requests.append(call("/get_file_data", "\"path\":\"/big.bin\",\"offset\":" + (i * 1048576L) + ",\"id\":" + i));
        }
        client.send(requests.toString());
        java.io.ByteArrayOutputStream rebuilt = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 4; i++) {
            Map<String, Object> answer = client.readResponse();
            assertEquals((long) i, answer.get("id"));
            rebuilt.write(Base64.getDecoder().decode((String) answer.get("data")));
            assertEquals(i == 3, answer.get("eof"));
        }
        assertTrue(java.util.Arrays.equals(content, rebuilt.toByteArray()));
    }

    @Test
    void everyErrorOfGetFileDataIsOneLineAndTheNextRequestIsServed() throws Exception {
        start(false);
        write("/a.txt", "abc");
        Files.createDirectories(temp.resolve("share/docs"));
        Files.createSymbolicLink(temp.resolve("share/link"), temp.resolve("share/a.txt"));

        assertError(400, "path \"/../a\" must not hold a \"..\" segment", "/get_file_data", "\"path\":\"/../a\"");
        assertError(400, "path \"a.txt\" must start with \"/\"", "/get_file_data", "\"path\":\"a.txt\"");
        assertError(400, "path \"/a\\b\" must not hold a backslash", "/get_file_data", "\"path\":\"/a\\\\b\"");
        assertError(400, "\"path\" is required", "/get_file_data", "\"offset\":0");
        assertError(400, "\"offset\" 4 is past the end of \"/a.txt\", which has 3 bytes", "/get_file_data",
                "\"path\":\"/a.txt\",\"offset\":4");
        assertError(400, "\"offset\" must be an integer from 0 to " + Long.MAX_VALUE, "/get_file_data",
                "\"path\":\"/a.txt\",\"offset\":-1");
        assertError(400, "\"length\" must be an integer from 0 to " + Long.MAX_VALUE, "/get_file_data",
                "\"path\":\"/a.txt\",\"length\":1.5");
        for (String missing : List.of("/nope", "/docs", "/link")) {
            assertError(404, "no file \"" + missing + "\" in the shared folder (folders, links and special files are"
                    + " not served)", "/get_file_data", "\"path\":\"" + missing + "\"");
        }
    }

    @Test
    void theListingPagesThroughTheTree() throws Exception {
        for (int i = 0; i < 5; i++) {
            write("/d/f" + i, "x" + i);
        }
        start(false);

        Map<String, Object> first = client.call(call("/list_files", "\"limit\":3"));
        Map<String, Object> second = client.call(call("/list_files", "\"limit\":3,\"after\":\"" + first.get("next") + "\""));

        assertEquals("/d/f2", first.get("next"));
        assertEquals(3, ((List<?>) first.get("files")).size());
        assertEquals(null, second.get("next"));
        assertEquals(2, ((List<?>) second.get("files")).size());
        assertError(400, "\"limit\" must be an integer from 1 to 1000", "/list_files", "\"limit\":0");
        assertError(400, "\"after\" must be a string", "/list_files", "\"after\":5");
    }

    @Test
    void anUploadCommitsAndItsErrorsAreServedInLine() throws Exception {
        start(true);
        String sha = Sha256.ofText("hello");

        Map<String, Object> begun = client.call(call("/upload_begin", "\"path\":\"/in/hello.txt\",\"size\":5,\"sha256\":\"" + sha + "\""));
        String id = (String) begun.get("upload");
        assertEquals(200L, client.call(call("/upload_chunk", "\"upload\":\"" + id + "\",\"offset\":2,\"data\":\"bGxv\"")).get("code"));
        assertError(400, "the upload of /in/hello.txt has received 3 of its 5 bytes; send the missing ranges"
                + " (see /upload_status) and commit again", "/upload_commit", "\"upload\":\"" + id + "\"");
        assertError(400, "a chunk of 3 bytes at offset 4 reaches past the declared size 5 of /in/hello.txt",
                "/upload_chunk", "\"upload\":\"" + id + "\",\"offset\":4,\"data\":\"bGxv\"");
        assertError(400, "\"data\" must be standard base64", "/upload_chunk", "\"upload\":\"" + id + "\",\"offset\":0,\"data\":\"!\"");
        assertError(404, "no upload \"x\" is in progress; it was committed, aborted, refused, or dropped after an hour without chunks",
                "/upload_chunk", "\"upload\":\"x\",\"offset\":0,\"data\":\"\"");
        assertEquals(List.of(List.of(2L, 5L)), client.call(call("/upload_status", "\"upload\":\"" + id + "\"")).get("received"));
        client.call(call("/upload_chunk", "\"upload\":\"" + id + "\",\"offset\":0,\"data\":\"aGU=\""));

        Map<String, Object> done = client.call(call("/upload_commit", "\"upload\":\"" + id + "\""));

        assertEquals(200L, done.get("code"), done.toString());
        assertEquals(sha, done.get("sha256"));
        assertEquals("hello", Files.readString(temp.resolve("share/in/hello.txt")));
    }

    @Test
    void anUploadSurvivesADroppedConnectionAndIsInvisibleUntilCommitted() throws Exception {
        start(true);
        String sha = Sha256.ofText("resume");
        String id = (String) client.call(call("/upload_begin", "\"path\":\"/r.txt\",\"size\":6,\"sha256\":\"" + sha + "\"")).get("upload");
        client.call(call("/upload_chunk", "\"upload\":\"" + id + "\",\"offset\":0,\"data\":\"cmVz\""));
        client.close();

        client = connect(server);
        token = client.login("files-it");
        assertEquals(List.of(), ConfinementTest.paths(client.call(call("/get_hashes", ""))));
        assertEquals(List.of(List.of(0L, 3L)), client.call(call("/upload_status", "\"upload\":\"" + id + "\"")).get("received"));
        client.call(call("/upload_chunk", "\"upload\":\"" + id + "\",\"offset\":3,\"data\":\"dW1l\""));
        assertEquals(200L, client.call(call("/upload_commit", "\"upload\":\"" + id + "\"")).get("code"));
        assertEquals("resume", Files.readString(temp.resolve("share/r.txt")));
    }

    @Test
    void anAbortedUploadLeavesTheFolderAsItWas() throws Exception {
        start(true);
        write("/a.txt", "old");
        String id = (String) client.call(call("/upload_begin", "\"path\":\"/a.txt\",\"size\":3,\"sha256\":\""
                + Sha256.ofText("new") + "\"")).get("upload");
        client.call(call("/upload_chunk", "\"upload\":\"" + id + "\",\"offset\":0,\"data\":\"bmV3\""));

        assertEquals(true, client.call(call("/upload_abort", "\"upload\":\"" + id + "\"")).get("aborted"));
        assertError(404, "no upload \"" + id + "\" is in progress; it was committed, aborted, refused, or"
                + " dropped after an hour without chunks", "/upload_commit", "\"upload\":\"" + id + "\"");
        assertEquals("old", Files.readString(temp.resolve("share/a.txt")));
    }

    @Test
    void aHashMismatchIsA400AndLeavesTheFolderAsItWas() throws Exception {
        start(true);
        write("/a.txt", "old");
        String id = (String) client.call(call("/upload_begin", "\"path\":\"/a.txt\",\"size\":3,\"sha256\":\""
                + Sha256.ofText("xyz") + "\"")).get("upload");
        client.call(call("/upload_chunk", "\"upload\":\"" + id + "\",\"offset\":0,\"data\":\"bmV3\""));

        assertError(400, "the uploaded content of /a.txt has SHA-256 " + Sha256.ofText("new") + ", not the declared "
                + Sha256.ofText("xyz") + "; the upload is discarded", "/upload_commit", "\"upload\":\"" + id + "\"");
        assertEquals("old", Files.readString(temp.resolve("share/a.txt")));
    }

    @Test
    void aDeleteIs409WhenTheFileChangedAnd200WithItsHash() throws Exception {
        start(true);
        write("/a.txt", "now");

        assertError(409, "/a.txt changed: its SHA-256 is now " + Sha256.ofText("now") + ", not " + Sha256.ofText("then")
                + "; nothing was deleted", "/delete_file", "\"path\":\"/a.txt\",\"sha256\":\"" + Sha256.ofText("then") + "\"");
        assertError(404, "no file \"/b.txt\" in the shared folder", "/delete_file",
                "\"path\":\"/b.txt\",\"sha256\":\"" + Sha256.ofText("then") + "\"");
        assertEquals(true, client.call(call("/delete_file", "\"path\":\"/a.txt\",\"sha256\":\"" + Sha256.ofText("now") + "\""))
                .get("deleted"));
        assertTrue(Files.notExists(temp.resolve("share/a.txt")));
    }

    @Test
    void everyWriteToAReadOnlyFolderIsA403AndTheNextRequestIsServed() throws Exception {
        start(false);
        write("/a.txt", "keep");
        String sha = Sha256.ofText("keep");
        String message = "the shared folder is read-only; the server must run with files-writable=true";

        assertError(403, message, "/upload_begin", "\"path\":\"/b\",\"size\":1,\"sha256\":\"" + sha + "\"");
        assertError(403, message, "/upload_chunk", "\"upload\":\"x\",\"offset\":0,\"data\":\"\"");
        assertError(403, message, "/upload_status", "\"upload\":\"x\"");
        assertError(403, message, "/upload_commit", "\"upload\":\"x\"");
        assertError(403, message, "/upload_abort", "\"upload\":\"x\"");
        assertError(403, message, "/delete_file", "\"path\":\"/a.txt\",\"sha256\":\"" + sha + "\"");
        assertEquals("keep", Files.readString(temp.resolve("share/a.txt")));
    }

    @Test
    void everyFilesUrlNeedsTheTokenAndIsListedByRoutes() throws Exception {
        start(false);
        List<String> urls = List.of("/delete_file", "/get_file_data", "/get_hashes", "/list_files", "/upload_abort",
                "/upload_begin", "/upload_chunk", "/upload_commit", "/upload_status");

        for (String url : urls) {
            assertEquals(401L, client.call("{\"url\":\"" + url + "\",\"path\":\"/a\"}").get("code"), url);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> routes = (List<Map<String, Object>>) client.call(call("/routes", "")).get("routes");
        List<String> listed = new ArrayList<>();
        for (Map<String, Object> route : routes) {
            if (urls.contains(route.get("url"))) {
                listed.add((String) route.get("url"));
                assertEquals(true, route.get("token"), route.toString());
            }
        }
        assertEquals(urls, listed);
    }

    private void assertError(int code, String message, String url, String members) throws IOException {
        Map<String, Object> answer = client.call(call(url, members));
        assertEquals((long) code, answer.get("code"), answer.toString());
        assertEquals(message, answer.get("error"));
        assertEquals(true, client.call(call("/ping", "")).get("pong"), "the request after an error is served");
    }

    private String call(String url, String members) {
        return "{\"url\":\"" + url + "\",\"token\":\"" + token + "\"" + (members.isEmpty() ? "" : "," + members) + "}\n";
    }

    private void write(String path, String content) throws IOException {
        Path file = temp.resolve("share" + path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
