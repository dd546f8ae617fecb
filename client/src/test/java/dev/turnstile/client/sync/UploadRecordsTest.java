package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadRecordsTest {

    private static final String SHA = "a".repeat(64);
    private static final String OLD_SHA = "b".repeat(64);

    @TempDir
    Path root;

    private Path journal() {
        return root.resolve(SyncPaths.STATE_FOLDER).resolve(UploadRecords.FILE_NAME);
    }

    private StateFolder state() throws java.io.IOException {
        return StateFolder.open(root, true);
    }

    private static FileEntry file(String path) {
        return new FileEntry(path, 5, 1_600_000_000_000L, SHA);
    }

    @Test
    void uploadsBegunAndNotEndedAreFoundByTheNextRunInTheOrderTheyBegan() throws Exception {
        try (UploadRecords records = UploadRecords.load(state())) {
            records.begun(file("/a.txt"), null, "id-a");
            records.begun(file("/b.txt"), OLD_SHA, "id-b");
            records.begun(file("/c.txt"), null, "id-c");
            records.ended("id-b");
        }

        List<UploadRecords.Entry> open = UploadRecords.load(state()).all();

        assertEquals(List.of(new UploadRecords.Entry(file("/a.txt"), null, "id-a"),
                new UploadRecords.Entry(file("/c.txt"), null, "id-c")), open);
    }

    @Test
    void anUploadBegunWithoutAHashIsFoundByTheNextRunBySizeAndTime() throws Exception {
        FileEntry unhashed = new FileEntry("/big.iso", 9_000_000, 1_700_000_000_000L, null);
        try (UploadRecords records = UploadRecords.load(state())) {
            records.begun(unhashed, null, "id-big");
        }

        assertEquals(List.of(new UploadRecords.Entry(unhashed, null, "id-big")), UploadRecords.load(state()).all());
    }

    @Test
    void theJournalIsRemovedOnceEveryUploadHasEnded() throws Exception {
        try (UploadRecords records = UploadRecords.load(state())) {
            records.begun(file("/a.txt"), OLD_SHA, "id-a");
            assertTrue(Files.exists(journal()), "written as uploads begin, not at the end");
            records.ended("id-a");
        }

        assertFalse(Files.exists(journal()));
        assertEquals(List.of(), UploadRecords.load(state()).all());
    }

    @Test
    void aTornLastLineAndForeignLinesAreIgnoredAndLoadingKeepsOnlyOpenUploads() throws Exception {
        try (UploadRecords records = UploadRecords.load(state())) {
            records.begun(file("/a.txt"), null, "id-a");
            records.begun(file("/b.txt"), null, "id-b");
            records.ended("id-b");
        }
        Files.writeString(journal(), "[1,2]\n{\"begin\":\"id-x\",\"path\":\"/x\"}\n{\"begin\":\"id-c\",\"pa",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        UploadRecords loaded = UploadRecords.load(state());

        assertEquals(List.of(new UploadRecords.Entry(file("/a.txt"), null, "id-a")), loaded.all());
        assertEquals(1, Files.readAllLines(journal()).size(), "rewritten with the open upload only");
        loaded.close();
    }

    @Test
    void endingAnUnknownUploadChangesNothing() throws Exception {
        try (UploadRecords records = UploadRecords.load(state())) {
            records.ended("never-begun");
        }
        assertFalse(Files.exists(journal()));
    }

    @Test
    void aLinkPlantedAtTheJournalsNameIsNeverWrittenThrough() throws Exception {
        Path outside = Files.writeString(root.resolveSibling(root.getFileName() + "-outside.txt"), "precious");
        Files.createDirectories(journal().getParent());
        Files.createSymbolicLink(journal(), outside);
        Files.createSymbolicLink(journal().resolveSibling(UploadRecords.FILE_NAME + ".tmp"), outside);

        try (UploadRecords records = UploadRecords.load(state())) {
            records.begun(file("/a.txt"), null, "id-a");
        }

        assertEquals("precious", Files.readString(outside));
    }
}
