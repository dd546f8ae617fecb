package dev.turnstile.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.turnstile.testing.TestClient;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files plugin as shipped: loaded from {@code plugins/}, serving the installation's {@code share/}. */
class SharedFolderProcessIT {

    @TempDir
    Path tmp;

    private Path install;

    @BeforeEach
    void unpack() throws Exception {
        install = Installation.unpack(tmp.resolve("unpacked"));
    }

    @Test
    void theFilesPluginLoadsFromThePluginsFolderAndAnswersItsUrls() throws Exception {
        try (TurnstileProcess server = TurnstileProcess.start(install, tmp, "--port", "0")) {
            InetSocketAddress address = server.awaitListening();
            try (TestClient client = TestClient.connect(address)) {
                String token = client.login("files-e2e");

                Map<String, Object> hashes = client.call("{\"url\":\"/get_hashes\",\"token\":\"" + token + "\"}");
                Map<String, Object> missing = client.call("{\"url\":\"/get_file_data\",\"token\":\"" + token
                        + "\",\"path\":\"/nope.txt\"}");
                Map<String, Object> readOnly = client.call("{\"url\":\"/delete_file\",\"token\":\"" + token
                        + "\",\"path\":\"/nope.txt\",\"sha256\":\"" + "0".repeat(64) + "\"}");

                assertEquals(200L, hashes.get("code"), hashes.toString());
                assertEquals("share", hashes.get("root_folder"));
                assertEquals(404L, missing.get("code"));
                assertEquals(403L, readOnly.get("code"));
            }
            server.terminate();
            assertEquals(0, server.awaitExit());
            assertEquals("", server.stderr());
        }
    }

    @Test
    void aFileInTheInstallationsShareFolderIsListedAndServed() throws Exception {
        Files.writeString(install.resolve("share/hello.txt"), "hello");
        try (TurnstileProcess server = TurnstileProcess.start(install, tmp, "--port", "0")) {
            InetSocketAddress address = server.awaitListening();
            // A relative files-root resolves against the installation (PluginContext.home()).
            assertFalse(Files.isDirectory(install.resolve("data/share")), "share/ is not made in the data folder");
            try (TestClient client = TestClient.connect(address)) {
                String token = client.login("files-e2e");

                Map<String, Object> hashes = client.call("{\"url\":\"/get_hashes\",\"token\":\"" + token + "\"}");
                Map<String, Object> data = client.call("{\"url\":\"/get_file_data\",\"token\":\"" + token
                        + "\",\"path\":\"/hello.txt\"}");

                assertEquals(List.of("/hello.txt"), ((List<?>) hashes.get("hashes")).stream()
                        .map(entry -> ((Map<?, ?>) entry).keySet().iterator().next()).toList());
                assertEquals("aGVsbG8=", data.get("data"));
            } finally {
                server.terminate();
                server.awaitExit();
            }
        }
    }
}
