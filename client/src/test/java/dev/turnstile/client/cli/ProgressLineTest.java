package dev.turnstile.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.turnstile.client.sync.SyncProgress;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void theLineShowsBarPercentFilesBytesRateEtaAndTheCurrentFile() {
        SyncProgress progress = new SyncProgress(3, 10, 12_000_000, 30_000_000, "/docs/big.bin");

        String line = ProgressLine.format(progress, 3_000_000_000L, 200);

        assertEquals("[==========>             ]  40%  3/10 files  12.0 MB/30.0 MB  4.0 MB/s  ETA 0:04  /docs/big.bin", line);
    }

    @Test
    void theCurrentFilesControlCharactersAreEscapedSoTheStatusLineStaysOneLine() {
        String line = ProgressLine.format(new SyncProgress(0, 1, 0, 0, "/a\nb\u001b[2J"), 0, 200);

        assertEquals("/a\\u000ab\\u001b[2J", line.substring(line.lastIndexOf("  ") + 2));
    }

    @Test
    void aNarrowTerminalCutsTheLine() {
        String line = ProgressLine.format(new SyncProgress(0, 1, 0, 100, "/x"), 0, 40);

        assertEquals(40, line.length());
        assertEquals("[>                       ]   0%  0/1 fi…", line);
    }

    @Test
    void aRunOfOnlyDeletionsCountsFilesAndLongEtasShowHours() {
        assertEquals("[============>           ]  50%  1/2 files  0 B/0 B  0 B/s  ETA -:--",
                ProgressLine.format(new SyncProgress(1, 2, 0, 0, null), 1, 200));
        assertEquals("1:01:01", ProgressLine.clock(3661));
        assertEquals("0:59", ProgressLine.clock(59));
    }
}
