package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.turnstile.filemodel.Sha256;
import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.TurnstileServer;
import dev.turnstile.testing.TestClient;
import dev.turnstile.testing.TestHandlers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw chunks over a real socket, the plugin on its own lanes as the shipped server runs it: a file
 * fetched in pipelined raw chunks (each answer's line, then its bytes, sent from the file) rebuilds
 * it, with a {@code /ping} between them answered in order; an upload whose chunks are attachments
 * commits; a refusal carries no bytes and the next request is served. {@link RawChunkTlsIT} runs
 * them over TLS.
 */
class RawChunkIT {

    @TempDir
    Path temp;

    private TurnstileServer server;
    private TestClient client;
    private String token;

    ServerConfig transport(ServerConfig config) {
        return config;
    }

    TestClient connect(TurnstileServer running) throws IOException {
        return TestClient.connect(running.address());
    }

    private void start(long maxAttachmentBytes) throws Exception {
        Files.createDirectories(temp.resolve("share"));
        List<LoadedPlugin> plugins = new ArrayList<>(LoadedPlugin.handlers(new TestHandlers.Login(),
                new TestHandlers.Ping()));
        plugins.add(LoadedPlugin.of(new FilesPlugin()));
        server = TurnstileServer.start(transport(ServerConfig.defaults()).withPort(0).withDataDir(temp.resolve("data"))
                .withMaxAttachmentBytes(maxAttachmentBytes)
                .withSetting("files-root", temp.resolve("share").toString()).withSetting("files-writable", "true"),
                plugins);
        client = connect(server);
        token = client.login("raw-it");
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

    private String request(String url, String members) {
        return "{\"url\":\"" + url + "\",\"token\":\"" + token + "\"," + members + "}\n";
    }

    @Test
    void pipelinedRawChunksRebuildTheFileAndAPingBetweenThemKeepsItsPlace() throws Exception {
        start(16 * 1024 * 1024);
        byte[] content = new byte[20 * 1024 * 1024 + 3];
        new Random(5).nextBytes(content);
        Files.write(temp.resolve("share/big.bin"), content);
        int chunk = GetFileDataHandler.MAX_RAW_LENGTH;

        client.send(request("/get_file_data", "\"path\":\"/big.bin\",\"encoding\":\"raw\",\"id\":0")
                + request("/ping", "\"id\":\"p\"")
                + request("/get_file_data", "\"path\":\"/big.bin\",\"encoding\":\"raw\",\"offset\":" + chunk + ",\"id\":1")
                + request("/get_file_data", "\"path\":\"/big.bin\",\"encoding\":\"raw\",\"offset\":" + 2L * chunk
                        + ",\"id\":2"));
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> answer = client.readResponse();
            assertEquals((long) i, answer.get("id"));
            assertFalse(answer.containsKey("data"));
            assertEquals(Sha256.ofBytes(content), answer.get("sha256"));
            assertEquals(i == 2, answer.get("eof"));
            long count = (Long) answer.get("attachment");
            assertEquals(i < 2 ? chunk : content.length - 2L * chunk, count);
            rebuilt.write(client.readBytes((int) count));
            if (i == 0) {
                assertEquals(Map.of("code", 200L, "id", "p", "pong", true), client.readResponse());
            }
        }
        assertArrayEquals(content, rebuilt.toByteArray());
    }

    @Test
    void anUploadSentAsAttachmentsCommitsAndBeginSuggestsTheServersLimit() throws Exception {
        start(1024 * 1024);
        byte[] content = new byte[2 * 1024 * 1024 + 100];
        new Random(6).nextBytes(content);

        Map<String, Object> begun = client.call(request("/upload_begin", "\"path\":\"/in/up.bin\",\"size\":"
                + content.length + ",\"sha256\":\"" + Sha256.ofBytes(content) + "\"").trim());
        assertEquals(1024L * 1024, begun.get("raw_chunk"));
        String id = (String) begun.get("upload");
        int step = 1024 * 1024;
        for (int offset = 0; offset < content.length; offset += step) {
            int length = Math.min(step, content.length - offset);
            client.send((request("/upload_chunk", "\"upload\":\"" + id + "\",\"offset\":" + offset + ",\"attachment\":"
                    + length)).getBytes(StandardCharsets.UTF_8));
            client.send(java.util.Arrays.copyOfRange(content, offset, offset + length));
        }
        for (int offset = 0; offset < content.length; offset += step) {
            assertEquals(200L, client.readResponse().get("code"));
        }
        Map<String, Object> committed = client.call(request("/upload_commit", "\"upload\":\"" + id + "\"").trim());

        assertEquals(Sha256.ofBytes(content), committed.get("sha256"));
        assertArrayEquals(content, Files.readAllBytes(temp.resolve("share/in/up.bin")));
    }

    @Test
    void aRefusedRawChunkCarriesNoBytesAndTheNextRequestIsServed() throws Exception {
        start(16 * 1024 * 1024);
        Files.writeString(temp.resolve("share/a.txt"), "abc");

        client.send(request("/get_file_data", "\"path\":\"/nope\",\"encoding\":\"raw\"")
                + request("/get_file_data", "\"path\":\"/a.txt\",\"encoding\":\"zip\"")
                + request("/get_file_data", "\"path\":\"/a.txt\",\"encoding\":\"raw\""));

        Map<String, Object> missing = client.readResponse();
        assertEquals(404L, missing.get("code"));
        assertFalse(missing.containsKey("attachment"));
        assertEquals(Map.of("code", 400L, "error", "\"encoding\" must be \"raw\" or \"base64\""), client.readResponse());
        Map<String, Object> served = client.readResponse();
        assertEquals(3L, served.get("attachment"));
        assertEquals("abc", new String(client.readBytes(3), StandardCharsets.UTF_8));
    }
}
