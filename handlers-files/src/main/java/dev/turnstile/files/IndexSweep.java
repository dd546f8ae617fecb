package dev.turnstile.files;

import java.util.BitSet;
import java.util.List;

/**
 * What a scan saw: at its end, every entry of the index it could have seen and did not, and that
 * did not change while the scan ran, is gone and becomes a tombstone. An entry changed meanwhile (a
 * commit, a batch of the watcher's reports) is left alone: the scan may have passed its folder before
 * it appeared.
 */
final class IndexSweep {

    private final FolderIndex index;
    /** The UTF-8 bytes of {@code <folder>/}, or {@code null} for the whole folder. */
    private final byte[] inside;
    private final long startedAt;
    private final BitSet seen = new BitSet();

    IndexSweep(FolderIndex index, byte[] inside, long startedAt) {
        this.index = index;
        this.inside = inside;
        this.startedAt = startedAt;
    }

    /** The scan found this path. */
    void saw(String path) {
        synchronized (index) {
            int slot = index.slotOf(path);
            if (slot >= 0) {
                seen.set(slot);
            }
        }
    }

    /** The scan found this slot's path; under the index's lock. */
    void mark(int slot) {
        seen.set(slot);
    }

    /** @return how many entries became tombstones */
    int finish() {
        List<String> gone;
        synchronized (index) {
            gone = index.unseen(inside, seen, startedAt);
        }
        int buried = 0;
        for (String path : gone) {
            if (index.removed(path, startedAt) == FolderIndex.Applied.CHANGED) {
                buried++;
            }
        }
        return buried;
    }
}
