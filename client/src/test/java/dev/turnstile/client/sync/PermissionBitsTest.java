package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PermissionBitsTest {

    private static FileEntry file(int mode) {
        return new FileEntry("/f", 1, 0, null, mode);
    }

    private static FileEntry masked(int mode, int umask) {
        return PermissionBits.masked(Map.of("/f", file(mode)), umask).get("/f");
    }

    @Test
    void aNewFileGetsTheSourcesBitsMaskedByTheUmask() {
        assertEquals(0644, PermissionBits.wanted(masked(0666, 022), null));
        assertEquals(0755, PermissionBits.wanted(masked(0777, 022), null));
        assertEquals(0700, PermissionBits.wanted(masked(0755, 077), null));
        assertEquals(0600, PermissionBits.wanted(masked(0600, 022), null), "the umask only takes bits away");
    }

    @Test
    void anExistingFileKeepsItsReadAndWriteBitsAndTakesTheSourcesExecutableBits() {
        assertEquals(0600, PermissionBits.wanted(masked(0644, 022), file(0600)));
        assertEquals(0700, PermissionBits.wanted(masked(0755, 022), file(0600)), "executable only where readable");
        assertEquals(0705, PermissionBits.wanted(masked(0755, 022), file(0604)));
        assertEquals(0644, PermissionBits.wanted(masked(0644, 022), file(0755)), "executable bits are taken away too");
        assertEquals(0740, PermissionBits.wanted(masked(0755, 077), file(0640)));
    }

    @Test
    void unknownBitsOnEitherSideSetAndCompareNothing() {
        assertEquals(FileEntry.NO_MODE, PermissionBits.wanted(file(FileEntry.NO_MODE), file(0644)));
        assertEquals(0755, PermissionBits.wanted(file(0755), file(FileEntry.NO_MODE)));
        assertTrue(PermissionBits.sameExecutable(file(FileEntry.NO_MODE), file(0755)));
        assertTrue(PermissionBits.sameExecutable(file(0755), file(FileEntry.NO_MODE)));
        assertEquals(FileEntry.NO_MODE, masked(FileEntry.NO_MODE, 022).mode());
    }

    @Test
    void onlyADifferenceOfExecutableBitsIsAChange() {
        assertTrue(PermissionBits.sameExecutable(file(0644), file(0600)));
        assertTrue(PermissionBits.sameExecutable(file(0755), file(0700)), "no executable bit where a class cannot read");
        assertFalse(PermissionBits.sameExecutable(file(0644), file(0711)));
        assertFalse(PermissionBits.sameExecutable(file(0755), file(0644)));
        assertFalse(PermissionBits.sameExecutable(file(0744), file(0755)));
    }

    @Test
    void bitsAndPosixPermissionsConvertBothWays() {
        for (int mode : new int[] {0, 0400, 0644, 0755, 0777, 0111, 0222}) {
            assertEquals(mode, PermissionBits.bits(PermissionBits.permissions(mode)));
        }
    }

    @Test
    void anUploadAlwaysKeepsTheOwnersRead() {
        assertEquals(0644, AttributePush.uploadMode(0244));
        assertEquals(0755, AttributePush.uploadMode(0755));
        assertEquals(FileEntry.NO_MODE, AttributePush.uploadMode(FileEntry.NO_MODE));
    }
}
