package dev.turnstile.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.turnstile.testing.TestClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's end-to-end test: the original design's Python client, written in its exact style,
 * against the installation unpacked from the zip. The client opens a new connection for every
 * request, sends one {@code json.dumps} with no newline, reads one {@code recv(3072)}, and reuses
 * the token of its {@code /login} on the next connection for {@code /get_hashes}. With
 * {@code --token-scope address} it gets the shared folder's listing; with the default scope its
 * second connection is a 401, and it stops with the {@code KeyError: 'hashes'} a new user saw.
 */
class OriginalClientIT {

    /** The original client, unchanged in style: only the port comes from the command line. */
    private static final String CLIENT = """
            import json
            import socket
            import sys

            HOST = "127.0.0.1"
            PORT = int(sys.argv[1])


            def send(message):
                sock = socket.socket()
                sock.connect((HOST, PORT))
                sock.send(json.dumps(message).encode())
                answer = json.loads(sock.recv(3072))
                sock.close()
                return answer


            token = send({"url": "/login", "hostname": socket.gethostname()})["token"]
            answer = send({"url": "/get_hashes", "token": token})
            print(json.dumps(answer))
            for entry in answer["hashes"]:
                for path, (path_hash, content_hash) in entry.items():
                    print(path, path_hash, content_hash)
            """;

    @TempDir
    Path tmp;

    private Path install;
    private Path client;

    @BeforeAll
    static void python3IsInstalled() {
        assumeTrue(python3Runs(), "python3 is not installed; the original client cannot run");
    }

    @BeforeEach
    void unpackAndShareAFewFiles() throws Exception {
        install = Installation.unpack(tmp.resolve("unpacked"));
        Path share = install.resolve("share");
        assertTrue(Files.isDirectory(share), "the zip ships share/");
        Files.writeString(share.resolve("a.txt"), "hello from the shared folder\n");
        Files.writeString(share.resolve("B.txt"), "upper case sorts first\n");
        Files.createDirectories(share.resolve("docs"));
        Files.write(share.resolve("docs/notes.md"), new byte[] {'#', ' ', (byte) 0xc3, (byte) 0xa9, '\n'});
        client = Files.writeString(tmp.resolve("original_client.py"), CLIENT);
    }

    @Test
    void withTokenScopeAddressTheOriginalClientGetsTheListingOfTheSharedFolder() throws Exception {
        try (TurnstileProcess server = TurnstileProcess.start(install, tmp, "--port", "0",
                "--token-scope", "address")) {
            InetSocketAddress address = server.awaitListening();

            Result result = runClient(address);

            assertEquals(0, result.exitCode(), result.stderr());
            Map<String, Object> answer = TestClient.parse(result.stdout().lines().findFirst().orElseThrow());
            assertEquals(200L, answer.get("code"), answer.toString());
            assertEquals("share", answer.get("root_folder"));
            List<Map<String, List<String>>> expected = expectedHashes(install.resolve("share"));
            assertEquals(List.of("/B.txt", "/a.txt", "/docs/notes.md"),
                    expected.stream().map(entry -> entry.keySet().iterator().next()).toList(),
                    "every file of share/ (only these three), sorted by code point");
            assertEquals(expected, answer.get("hashes"));
            assertEquals(1 + expected.size(), result.stdout().lines().count(), result.stdout());
            assertTrue(Files.exists(install.resolve("data/connection/TOKEN")),
                    "with address scope the token, and its file, outlive the connection");

            server.terminate();
            assertEquals(0, server.awaitExit());
            assertFalse(Files.exists(install.resolve("data/connection/TOKEN")));
        }
    }

    @Test
    void withTheDefaultScopeTheOriginalClientsSecondConnectionIsA401() throws Exception {
        try (TurnstileProcess server = TurnstileProcess.start(install, tmp, "--port", "0")) {
            InetSocketAddress address = server.awaitListening();

            Result result = runClient(address);

            Map<String, Object> answer = TestClient.parse(result.stdout().lines().findFirst().orElseThrow());
            assertEquals(401L, answer.get("code"), answer.toString());
            assertTrue(answer.get("error") instanceof String, answer.toString());
            assertEquals(1, result.exitCode(), result.stderr());
            assertTrue(result.stderr().contains("KeyError: 'hashes'"), result.stderr());
        }
    }

    /** What SPEC §8 says {@code /get_hashes} answers for the folder, computed here from the files. */
    private static List<Map<String, List<String>>> expectedHashes(Path root) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        List<String> paths = new ArrayList<>();
        for (Path file : files) {
            paths.add("/" + root.relativize(file).toString().replace('\\', '/'));
        }
        paths.sort(OriginalClientIT::compareCodePoints);
        List<Map<String, List<String>>> hashes = new ArrayList<>();
        for (String path : paths) {
            byte[] content = Files.readAllBytes(root.resolve(path.substring(1)));
            hashes.add(Map.of(path, List.of(sha256(path.getBytes(StandardCharsets.UTF_8)), sha256(content))));
        }
        return hashes;
    }

    private static int compareCodePoints(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private Result runClient(InetSocketAddress address) throws Exception {
        Path stdout = Files.createTempFile(tmp, "client-stdout", ".txt");
        Path stderr = Files.createTempFile(tmp, "client-stderr", ".txt");
        Process process = new ProcessBuilder("python3", client.toString(), String.valueOf(address.getPort()))
                .directory(tmp.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        boolean ended = process.waitFor(TurnstileProcess.WAIT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        assertTrue(ended, "the Python client did not finish");
        return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static boolean python3Runs() {
        try {
            Process process = new ProcessBuilder("python3", "-c", "import json, socket")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
