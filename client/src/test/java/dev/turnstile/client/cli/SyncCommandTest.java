package dev.turnstile.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.sync.LocalFolderRemote;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pull} and {@code push} as a person types them, against a local folder playing the server. */
class SyncCommandTest {

    @TempDir
    Path temp;
    Path server;
    Path local;
    boolean readOnly;
    final List<String> connectedTo = new ArrayList<>();

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void folders() throws Exception {
        server = Files.createDirectory(temp.resolve("server"));
        Files.createDirectory(temp.resolve("staging"));
        local = temp.resolve("local");
        Files.createDirectories(server.resolve("docs"));
        Files.writeString(server.resolve("a.txt"), "alpha");
        Files.writeString(server.resolve("docs/b.md"), "bravo");
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        FolderOpener opener = connector -> {
            connectedTo.add(connector.where());
            return new LocalFolderRemote(server, temp.resolve("staging"), 1024, 100).readOnly(readOnly);
        };
        int code = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), opener, false);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void pullCopiesAndPrintsOneSummaryLineWhenNotOnATerminal() throws Exception {
        Run run = run("pull", local.toString());

        assertEquals(0, run.code(), run.err());
        assertEquals("", run.err());
        assertTrue(run.out().matches("copied 2, skipped 0, deleted 0, 10 B in \\d+\\.\\d\\d s \\(\\d+\\.\\d MB/s\\)\n"), run.out());
        assertEquals("alpha", Files.readString(local.resolve("a.txt")));
    }

    @Test
    void connectionOptionsWorkBeforeAndAfterTheSubcommand() {
        assertEquals(0, run("-p", "9001", "pull", local.toString()).code());
        assertEquals(0, run("pull", local.toString(), "--port", "9002", "--host", "10.1.2.3").code());

        assertEquals(List.of("127.0.0.1:9001", "10.1.2.3:9002"), connectedTo);
    }

    @Test
    void aDryRunPrintsThePlanAndChangesNothing() throws Exception {
        Files.createDirectories(local);
        Files.writeString(local.resolve("extra.txt"), "extra");

        Run run = run("pull", "--dry-run", "--delete", "--force", local.toString());

        assertEquals(0, run.code(), run.err());
        assertEquals(List.of("delete /extra.txt", "copy /a.txt (5 bytes)", "copy /docs/b.md (5 bytes)",
                "dry run: would copy 2, skipped 0, would delete 1, 10 B to transfer"), List.of(run.out().split("\n")));
        assertTrue(Files.exists(local.resolve("extra.txt")));
        assertFalse(Files.exists(local.resolve("a.txt")));
    }

    @Test
    void aPushIntoAReadOnlyFolderIsOneLineAndExitCodeOne() throws Exception {
        Files.createDirectories(local);
        Files.writeString(local.resolve("new.txt"), "new");
        readOnly = true;

        Run run = run("push", local.toString());

        assertEquals(ExitCode.ANSWER, run.code());
        assertEquals("turnstile-cli: 127.0.0.1:8888 shares its folder read-only (the shared folder is read-only);"
                + " nothing was pushed. The server needs files-writable=true\n", run.err());
        assertFalse(Files.exists(server.resolve("new.txt")));
    }

    @Test
    void pathsThatCannotBeSyncedAreNamedAndTheExitCodeIsFive() throws Exception {
        Files.createDirectories(local.resolve("a.txt"));

        Run run = run("pull", local.toString());

        assertEquals(ExitCode.PARTIAL, run.code());
        assertEquals("turnstile-cli: /a.txt: a folder stands where the source has a file\n", run.err());
        assertTrue(run.out().startsWith("copied 1, skipped 0, deleted 0, failed 1,"), run.out());
    }

    @Test
    void aMissingFolderToPushOrAFileAsTheFolderIsBadUsage() throws Exception {
        Run push = run("push", temp.resolve("nowhere").toString());
        Files.writeString(temp.resolve("file"), "x");
        Run pull = run("pull", temp.resolve("file").toString());

        assertEquals(ExitCode.USAGE, push.code());
        assertTrue(push.err().startsWith("turnstile-cli: "), push.err());
        assertEquals(ExitCode.USAGE, pull.code());
        assertEquals(List.of(), connectedTo, "nothing was sent");
    }

    @Test
    void aStateFolderThatIsALinkIsOneLineNamingItAndExitCodeTwo() throws Exception {
        Path outside = Files.createDirectory(temp.resolve("outside"));
        Files.createDirectories(local);
        Files.createSymbolicLink(local.resolve(".turnstile"), outside);

        Run run = run("pull", local.toString());

        assertEquals(ExitCode.USAGE, run.code());
        assertEquals("turnstile-cli: " + local.toRealPath().resolve(".turnstile") + " is a symbolic link: the sync keeps"
                + " its state in that folder and follows no link out of " + local.toRealPath() + "; move it away and run again\n",
                run.err());
        assertEquals(0, outside.toFile().list().length, "nothing was written through the link");
        assertFalse(Files.exists(local.resolve("a.txt")), "nothing was synced");
    }

    @Test
    void namesThatCannotBePushedAreOneEscapedLineEachAndTheRestIsPushedWithExitCodeFive() throws Exception {
        Files.createDirectories(local);
        Files.writeString(local.resolve("bad\nname.txt"), "newline");
        Files.writeString(local.resolve(".turnstile-upload-7"), "reserved");
        Files.writeString(local.resolve("ok.txt"), "fine");

        Run run = run("push", local.toString());

        assertEquals(ExitCode.PARTIAL, run.code(), run.err());
        assertEquals(List.of("turnstile-cli: /.turnstile-upload-7: refused: the path starts with .turnstile-upload-,"
                + " which the server keeps for its unfinished uploads",
                "turnstile-cli: /bad\\u000aname.txt: refused: the path must not hold control characters"),
                List.of(run.err().split("\n")));
        assertEquals("fine", Files.readString(server.resolve("ok.txt")));
        assertTrue(run.out().startsWith("copied 1, skipped 0, deleted 0, failed 2,"), run.out());
    }

    @Test
    void aPullWithoutItsFolderIsAUsageErrorThatSaysSo() {
        Run run = run("pull");

        assertEquals(ExitCode.USAGE, run.code());
        assertTrue(run.err().contains("LOCAL_DIR"), run.err());
    }

    @Test
    void pushSendsAndASecondRunSkipsEverything() throws Exception {
        Files.createDirectories(local.resolve("sub"));
        Files.writeString(local.resolve("sub/c.txt"), "charlie");

        Run first = run("push", local.toString());
        Run second = run("push", local.toString());

        assertEquals(0, first.code(), first.err());
        assertEquals("charlie", Files.readString(server.resolve("sub/c.txt")));
        assertTrue(second.out().startsWith("copied 0, skipped 1,"), second.out());
    }

    @Test
    void syncPullsThenPushesOnOneConnectionAndPrintsALineForEach() throws Exception {
        Files.createDirectories(local);
        Files.writeString(local.resolve("mine.txt"), "mike");

        Run run = run("sync", local.toString());

        assertEquals(0, run.code(), run.err());
        String[] lines = run.out().split("\n");
        assertEquals(2, lines.length, run.out());
        assertTrue(lines[0].startsWith("pull: copied 2, skipped 0, deleted 0, 10 B in "), lines[0]);
        assertTrue(lines[1].startsWith("push: copied 1, skipped 2, deleted 0, 4 B in "), lines[1]);
        assertEquals("alpha", Files.readString(local.resolve("a.txt")));
        assertEquals("mike", Files.readString(server.resolve("mine.txt")));
        assertEquals(List.of("127.0.0.1:8888"), connectedTo, "one connection for both");
    }

    @Test
    void aSyncThatKeptAConflictCopyNamesItAndExitsSix() throws Exception {
        Files.createDirectories(local);
        Files.writeString(local.resolve("a.txt"), "alpha, edited here before any sync");

        Run run = run("sync", local.toString());

        assertEquals(6, run.code(), run.out() + run.err());
        assertTrue(run.out().lines().anyMatch(line -> line.startsWith("pull: /a.txt: kept the local version as /a.sync-conflict-")),
                run.out());
        assertEquals("alpha", Files.readString(local.resolve("a.txt")), "the server's version took the name");
        try (var copies = Files.list(server)) {
            assertEquals(1, copies.filter(file -> file.getFileName().toString().startsWith("a.sync-conflict-")).count(),
                    "the push carried the local version up as its conflict copy");
        }
    }

    @Test
    void syncMakesAMissingFolderAsPullDoes() throws Exception {
        Run run = run("sync", local.toString());

        assertEquals(0, run.code(), run.err());
        assertEquals("bravo", Files.readString(local.resolve("docs/b.md")));
    }

    @Test
    void aDryRunOfSyncIntoAMissingFolderIsBadUsageThatPointsToPull() {
        Run run = run("sync", "--dry-run", local.toString());

        assertEquals(ExitCode.USAGE, run.code());
        assertTrue(run.err().contains("pull --dry-run"), run.err());
        assertFalse(Files.exists(local), "a dry run makes nothing");
        assertEquals(List.of(), connectedTo, "nothing was sent");
    }

    @Test
    void aWatchCannotBeADryRun() {
        Run run = run("pull", "--watch", "--dry-run", local.toString());

        assertEquals(2, run.code());
        assertEquals("turnstile-cli: --watch syncs each change as it happens: it cannot be a --dry-run\n", run.err());
    }

    @Test
    void aPullWatchAgainstAServerWithoutAChangeFeedSaysSoAndExitsThree() {
        Run run = run("pull", "--watch", local.toString());

        assertEquals(3, run.code());
        assertTrue(run.err().startsWith("turnstile-cli: pull --watch with 127.0.0.1:8888 failed: "), run.err());
        assertTrue(run.err().contains("change feed"), run.err());
    }
}
