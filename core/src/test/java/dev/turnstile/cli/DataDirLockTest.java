package dev.turnstile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.startup.StartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTest {

    @TempDir
    Path tmp;

    @Test
    void aMissingDataFolderIsCreatedAndHoldsTheLockFileWithTheProcessId() throws Exception {
        Path dir = tmp.resolve("a/b/data");

        try (DataDirLock lock = DataDirLock.acquire(dir)) {
            assertEquals(dir, lock.dir());
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(dir.resolve("turnstile.lock")));
        }
    }

    @Test
    void aSecondLockOnTheSameFolderFailsNamingTheFolderAndTheLockFile() throws Exception {
        try (DataDirLock first = DataDirLock.acquire(tmp)) {
            StartupException e = assertThrows(StartupException.class, () -> DataDirLock.acquire(tmp));

            assertEquals("data folder " + tmp + " is in use by another Turnstile server (lock file "
                    + tmp.resolve("turnstile.lock") + ")", e.getMessage());
        }
    }

    @Test
    void theFolderCanBeLockedAgainOnceReleased() throws Exception {
        DataDirLock.acquire(tmp).close();

        try (DataDirLock again = DataDirLock.acquire(tmp)) {
            assertTrue(Files.exists(tmp.resolve("turnstile.lock")));
        }
    }

    @Test
    void aFolderThatCannotBeCreatedIsNamed() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");

        StartupException e = assertThrows(StartupException.class, () -> DataDirLock.acquire(file));

        assertEquals("cannot create data folder " + file + ": a file of that name is in the way", e.getMessage());
    }

    @Test
    void aFolderUnderAFileIsNamedWithTheReason() throws Exception {
        Path dir = Files.writeString(tmp.resolve("file"), "x").resolve("data");

        StartupException e = assertThrows(StartupException.class, () -> DataDirLock.acquire(dir));

        assertTrue(e.getMessage().startsWith("cannot create data folder " + dir + ": "), e.getMessage());
    }
}
