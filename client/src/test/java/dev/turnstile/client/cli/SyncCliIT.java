package dev.turnstile.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.FilesServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code turnstile-cli pull} and {@code push} as a real process against a real files server. */
class SyncCliIT {

    @TempDir
    Path temp;

    private FilesServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private Path share() throws Exception {
        return Files.createDirectories(temp.resolve("share"));
    }

    private static void write(Path root, String path, String content) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** @return every regular file under root, as path and content, leaving out the sync's state */
    private static List<String> contents(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> !root.relativize(file).startsWith(".turnstile"))
                    .map(file -> {
                        try {
                            return root.relativize(file) + "=" + Files.readString(file);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .sorted()
                    .toList();
        }
    }

    @Test
    void pullMirrorsTheSharedFolderAndEndsWithOneSummaryLine() throws Exception {
        write(share(), "docs/a.md", "alpha");
        write(share(), "ünï/b.txt", "bravo");
        server = FilesServer.start(share(), temp.resolve("data"), false);
        Path mirror = temp.resolve("mirror");

        CliProcess.Result result = CliProcess.run("", "-p", String.valueOf(server.port()), "pull", mirror.toString());

        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals(contents(share()), contents(mirror));
        assertEquals(1, result.lines().size(), result.stdout());
        assertTrue(result.stdout().startsWith("copied 2, skipped 0, deleted 0"), result.stdout());
    }

    @Test
    void pushIntoAReadOnlyServerIsOneLineAndExit1AndChangesNothing() throws Exception {
        write(share(), "kept.txt", "the server's");
        Path local = temp.resolve("local");
        write(local, "kept.txt", "mine");
        write(local, "new.txt", "new");
        server = FilesServer.start(share(), temp.resolve("data"), false);

        CliProcess.Result result = CliProcess.run("", "-p", String.valueOf(server.port()), "push", "--delete",
                local.toString());

        assertEquals(1, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("shares its folder read-only"), result.stderr());
        assertEquals(1, result.stderr().strip().lines().count(), result.stderr());
        assertEquals(List.of("kept.txt=the server's"), contents(share()));
    }

    @Test
    void pushMakesAWritableServersFolderEqualToTheLocalOne() throws Exception {
        write(share(), "stale.txt", "gone after the push");
        Path local = temp.resolve("local");
        write(local, "docs/a.md", "alpha");
        write(local, "日本/語.txt", "nihongo");
        server = FilesServer.start(share(), temp.resolve("data"), true);

        CliProcess.Result result = CliProcess.run("", "-p", String.valueOf(server.port()), "push", "--delete",
                "--force", local.toString());

        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals(contents(local), contents(share()));
        assertTrue(result.stdout().startsWith("copied 2, skipped 0, deleted 1"), result.stdout());
    }

    @Test
    void aPullThatKeepsALocalEditAsAConflictCopyNamesItAndExitsWith6() throws Exception {
        write(share(), "a.txt", "the server's");
        Path mirror = temp.resolve("mirror");
        write(mirror, "a.txt", "mine, never synced");
        server = FilesServer.start(share(), temp.resolve("data"), false);

        CliProcess.Result result = CliProcess.run("", "-p", String.valueOf(server.port()), "pull", mirror.toString());

        assertEquals(6, result.exitCode(), result.stderr());
        assertTrue(result.lines().get(0).matches("/a\\.txt: kept the local version as /a\\.sync-conflict-\\d{8}-\\d{6}\\.txt"),
                result.stdout());
        assertTrue(result.stdout().contains("kept 1 conflict copy"), result.stdout());
        assertEquals("the server's", Files.readString(mirror.resolve("a.txt")));

        write(mirror, "a.txt", "edited again");
        CliProcess.Result kept = CliProcess.run("", "-p", String.valueOf(server.port()), "pull", mirror.toString());
        assertEquals(5, kept.exitCode(), kept.stdout());
        assertTrue(kept.stderr().contains("/a.txt: changed here since the last sync; not overwritten"), kept.stderr());

        CliProcess.Result forced = CliProcess.run("", "-p", String.valueOf(server.port()), "pull", "--force",
                mirror.toString());
        assertEquals(0, forced.exitCode(), forced.stderr());
        assertEquals("the server's", Files.readString(mirror.resolve("a.txt")));
    }

    @Test
    void aRawChunkIsPrintedAsItsLineAndItsBytesAreCountedOrSavedNeverPrinted() throws Exception {
        write(share(), "a.bin", "raw\nbytes\u001b[2J");
        server = FilesServer.start(share(), temp.resolve("data"), false);
        String port = String.valueOf(server.port());

        CliProcess.Result counted = CliProcess.run("", "-p", port, "--raw", "/get_file_data", "path=/a.bin",
                "encoding=raw");
        Path saved = temp.resolve("saved.bin");
        CliProcess.Result kept = CliProcess.run("", "-p", port, "--save", saved.toString(), "/get_file_data",
                "path=/a.bin", "encoding=raw");

        assertEquals(0, counted.exitCode(), counted.stderr());
        assertEquals(1, counted.lines().size(), counted.stdout());
        assertTrue(counted.stdout().startsWith("{\"code\":200,\"path\":\"/a.bin\""), counted.stdout());
        assertTrue(counted.stdout().strip().endsWith(",\"attachment\":13}"), counted.stdout());
        assertEquals("turnstile-cli: 13 bytes of attachment followed; they are not printed (--save FILE writes them to"
                + " a file)", counted.stderr().strip());
        assertEquals(0, kept.exitCode(), kept.stderr());
        assertTrue(kept.stdout().contains("\"attachment\": 13"), kept.stdout());
        assertEquals("turnstile-cli: 13 bytes of attachment written to " + saved, kept.stderr().strip());
        assertEquals("raw\nbytes\u001b[2J", Files.readString(saved));
    }

    @Test
    void aFileIsSentAsAnUploadChunksAttachmentAndAPipedAttachmentIsRefusedLocally() throws Exception {
        server = FilesServer.start(share(), temp.resolve("data"), true);
        String port = String.valueOf(server.port());
        Path chunk = temp.resolve("chunk.txt");
        Files.writeString(chunk, "hello");
        String sha = dev.turnstile.filemodel.Sha256.ofText("hello");
        CliProcess.Result begun = CliProcess.run("", "-p", port, "--raw", "/upload_begin", "path=/up.txt", "size=5",
                "sha256=" + sha);
        String upload = (String) dev.turnstile.client.JsonMaps.parseObject(begun.stdout().strip()).get("upload");

        CliProcess.Result sent = CliProcess.run("", "-p", port, "--raw", "--attach", chunk.toString(), "/upload_chunk",
                "upload=" + upload, "offset=0");
        CliProcess.Result committed = CliProcess.run("", "-p", port, "/upload_commit", "upload=" + upload);
        CliProcess.Result piped = CliProcess.run("{\"url\":\"/upload_chunk\",\"attachment\":3}\n{\"url\":\"/list_files\"}\n",
                "-p", port, "--pipe");

        assertEquals(0, sent.exitCode(), sent.stderr());
        assertTrue(sent.stdout().contains("\"length\":5"), sent.stdout());
        assertEquals(0, committed.exitCode(), committed.stderr());
        assertEquals("hello", Files.readString(share().resolve("up.txt")));
        assertEquals(1, piped.exitCode(), piped.stderr());
        assertEquals(2, piped.lines().size(), piped.stdout());
        assertTrue(piped.lines().get(0).contains("line 1 has an \\\"attachment\\\" member, but --pipe sends no raw bytes"),
                piped.stdout());
        assertTrue(piped.lines().get(1).startsWith("{\"code\":200,\"files\":"), piped.stdout());
    }
}
