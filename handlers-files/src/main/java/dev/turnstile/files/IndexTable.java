package dev.turnstile.files;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The index's entries in memory, laid out to cost about 130 bytes a file: one array per field,
 * indexed by slot (no object per entry), paths as UTF-8 bytes packed in one arena, hashes as four
 * longs, an open-addressing table from path to slot, the slots in path order, and a
 * {@link SequenceLog} of slots in sequence order. Not thread-safe: {@link FolderIndex} guards it.
 *
 * <p>A slot, once given to a path, stays that path's: a removed file keeps its slot as a tombstone
 * ({@link #DELETED}), so a path created again reuses it. UTF-8 bytes compared unsigned sort as code
 * points, the listings' order.
 *
 * <p><b>Path order.</b> New slots wait in a tail until a listing needs the order: then the tail is
 * sorted and merged in, once for a whole burst of new files rather than once per file.
 */
final class IndexTable {

    /** A removed file or folder, kept so that the change feed can say so. */
    static final byte DELETED = 1;
    /** A folder (listed for empty folders and their mode). */
    static final byte FOLDER = 2;
    /** A hash taken less than {@link dev.turnstile.filemodel.HashCache#RACY_MILLIS} after its file changed. */
    static final byte RACY = 4;

    private static final int FIRST_CAPACITY = 64;

    private byte[] arena = new byte[FIRST_CAPACITY * 24];
    private int arenaUsed;
    private int[] pathStart = new int[FIRST_CAPACITY];
    private char[] pathLength = new char[FIRST_CAPACITY];
    private long[] size = new long[FIRST_CAPACITY];
    private long[] mtime = new long[FIRST_CAPACITY];
    private long[] inode = new long[FIRST_CAPACITY];
    private int[] device = new int[FIRST_CAPACITY];
    private char[] mode = new char[FIRST_CAPACITY];
    private long[] seq = new long[FIRST_CAPACITY];
    private byte[] flags = new byte[FIRST_CAPACITY];
    private long[] sha = new long[FIRST_CAPACITY * 4];
    private int count;
    /** The distinct device numbers; an entry keeps an index into it. */
    private long[] devices = new long[0];

    /** Open addressing: slot + 1, 0 for empty; its length a power of two, at most half full. */
    private int[] table = new int[FIRST_CAPACITY * 2];

    private int[] sorted = new int[0];
    private int[] tail = new int[FIRST_CAPACITY];
    private int tailCount;

    private final SequenceLog log = new SequenceLog(slot -> seq[slot]);

    /** @return how many slots (live entries and tombstones) */
    int size() {
        return count;
    }

    /** @return the slot of the path (UTF-8), or -1 */
    int find(byte[] path) {
        int mask = table.length - 1;
        for (int i = hash(path, 0, path.length) & mask; table[i] != 0; i = (i + 1) & mask) {
            int slot = table[i] - 1;
            if (pathLength[slot] == path.length
                    && Arrays.equals(arena, pathStart[slot], pathStart[slot] + path.length, path, 0, path.length)) {
                return slot;
            }
        }
        return -1;
    }

    /** @return the slot of the path, made (empty, with sequence number 0) if it has none */
    int slotFor(byte[] path) {
        int found = find(path);
        if (found >= 0) {
            return found;
        }
        if (path.length > Character.MAX_VALUE) {
            throw new IllegalArgumentException("a path of " + path.length + " bytes");
        }
        growFor(count + 1);
        if (arenaUsed + path.length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arenaUsed + path.length, arena.length + (arena.length >> 1)));
        }
        int slot = count++;
        System.arraycopy(path, 0, arena, arenaUsed, path.length);
        pathStart[slot] = arenaUsed;
        pathLength[slot] = (char) path.length;
        arenaUsed += path.length;
        if (count * 2 > table.length) {
            rehash(table.length * 2);
        } else {
            insert(slot);
        }
        if (tailCount == tail.length) {
            tail = Arrays.copyOf(tail, tail.length * 2);
        }
        tail[tailCount++] = slot;
        return slot;
    }

    /**
     * Sets a slot's state and gives it a sequence number, which must be larger than any before.
     *
     * @param sha256 the 32 bytes of the content's hash, or {@code null} (a folder, a tombstone)
     */
    void set(int slot, byte flagBits, long bytes, long mtimeNanos, long deviceNumber, long inodeNumber, int modeBits,
            byte[] sha256, long number) {
        flags[slot] = flagBits;
        size[slot] = bytes;
        mtime[slot] = mtimeNanos;
        device[slot] = deviceIndex(deviceNumber);
        inode[slot] = inodeNumber;
        mode[slot] = (char) (modeBits & 0xffff);
        for (int i = 0; i < 4; i++) {
            sha[slot * 4 + i] = sha256 == null ? 0 : longAt(sha256, i * 8);
        }
        setSeq(slot, number);
    }

    /** Gives a slot a new sequence number without changing its state (a tombstone of a removed folder's file). */
    void setSeq(int slot, long number) {
        seq[slot] = number;
        log.append(number, slot, count);
    }

    /** Marks a slot without giving it a new number (the racy mark cleared). */
    void setFlags(int slot, byte flagBits) {
        flags[slot] = flagBits;
    }

    byte flags(int slot) {
        return flags[slot];
    }

    boolean has(int slot, byte flag) {
        return (flags[slot] & flag) != 0;
    }

    long size(int slot) {
        return size[slot];
    }

    long mtime(int slot) {
        return mtime[slot];
    }

    long device(int slot) {
        return devices.length == 0 ? 0 : devices[device[slot]];
    }

    long inode(int slot) {
        return inode[slot];
    }

    /** @return the permission bits, or {@link Look#UNKNOWN_MODE} */
    int mode(int slot) {
        return mode[slot] == Character.MAX_VALUE ? Look.UNKNOWN_MODE : mode[slot];
    }

    long seq(int slot) {
        return seq[slot];
    }

    /** @return the content hash's 32 bytes, or {@code null} for none (a folder, a tombstone) */
    byte[] sha(int slot) {
        if (sha[slot * 4] == 0 && sha[slot * 4 + 1] == 0 && sha[slot * 4 + 2] == 0 && sha[slot * 4 + 3] == 0) {
            return null;
        }
        byte[] bytes = new byte[32];
        for (int i = 0; i < 4; i++) {
            long value = sha[slot * 4 + i];
            for (int b = 0; b < 8; b++) {
                bytes[i * 8 + b] = (byte) (value >>> (56 - 8 * b));
            }
        }
        return bytes;
    }

    /** @return the path as text */
    String path(int slot) {
        return new String(arena, pathStart[slot], pathLength[slot], StandardCharsets.UTF_8);
    }

    /** @return the path's UTF-8 bytes, copied */
    byte[] pathBytes(int slot) {
        return Arrays.copyOfRange(arena, pathStart[slot], pathStart[slot] + pathLength[slot]);
    }

    /** @return whether the slot's path starts with these bytes */
    boolean pathStartsWith(int slot, byte[] prefix) {
        return pathLength[slot] >= prefix.length
                && Arrays.equals(arena, pathStart[slot], pathStart[slot] + prefix.length, prefix, 0, prefix.length);
    }

    /** @return the slots in path order (every slot, tombstones included); the array is this table's, do not change it */
    int[] inPathOrder() {
        if (tailCount > 0) {
            int[] added = Arrays.copyOf(tail, tailCount);
            SlotSort.sort(added, this::comparePaths);
            int[] merged = new int[sorted.length + added.length];
            int i = 0;
            int j = 0;
            int k = 0;
            while (i < sorted.length && j < added.length) {
                merged[k++] = comparePaths(sorted[i], added[j]) <= 0 ? sorted[i++] : added[j++];
            }
            while (i < sorted.length) {
                merged[k++] = sorted[i++];
            }
            while (j < added.length) {
                merged[k++] = added[j++];
            }
            sorted = merged;
            tailCount = 0;
            if (tail.length > FIRST_CAPACITY * 16) {
                tail = new int[FIRST_CAPACITY];
            }
        }
        return sorted;
    }

    /**
     * @return the position in {@link #inPathOrder()} of the first slot whose path comes after these
     *     bytes (call {@link #inPathOrder()} first)
     */
    int firstAfter(byte[] path) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (comparePath(sorted[middle], path) <= 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** @return the slots in sequence order */
    SequenceLog log() {
        return log;
    }

    /** Rebuilds the sequence log from every slot's number: after slots were set in another order (a load). */
    void rebuildLog() {
        log.rebuild(count);
    }

    /** Gives every array exactly the room its entries need, plus an eighth: after a large first scan. */
    void trim() {
        int room = count + (count >> 3) + FIRST_CAPACITY;
        if (room < pathStart.length) {
            resize(room);
        }
        arena = Arrays.copyOf(arena, arenaUsed + (arenaUsed >> 3) + 64);
        log.trim();
        inPathOrder();
        tail = new int[FIRST_CAPACITY];
    }

    /** Code-point order: the paths' UTF-8 bytes compared unsigned. */
    int comparePaths(int a, int b) {
        return Arrays.compareUnsigned(arena, pathStart[a], pathStart[a] + pathLength[a], arena, pathStart[b],
                pathStart[b] + pathLength[b]);
    }

    private int comparePath(int slot, byte[] path) {
        return Arrays.compareUnsigned(arena, pathStart[slot], pathStart[slot] + pathLength[slot], path, 0, path.length);
    }

    private int deviceIndex(long number) {
        for (int i = 0; i < devices.length; i++) {
            if (devices[i] == number) {
                return i;
            }
        }
        devices = Arrays.copyOf(devices, devices.length + 1);
        devices[devices.length - 1] = number;
        return devices.length - 1;
    }

    private void growFor(int needed) {
        if (needed > pathStart.length) {
            resize(Math.max(needed, pathStart.length + (pathStart.length >> 1)));
        }
    }

    private void resize(int capacity) {
        pathStart = Arrays.copyOf(pathStart, capacity);
        pathLength = Arrays.copyOf(pathLength, capacity);
        size = Arrays.copyOf(size, capacity);
        mtime = Arrays.copyOf(mtime, capacity);
        inode = Arrays.copyOf(inode, capacity);
        device = Arrays.copyOf(device, capacity);
        mode = Arrays.copyOf(mode, capacity);
        seq = Arrays.copyOf(seq, capacity);
        flags = Arrays.copyOf(flags, capacity);
        sha = Arrays.copyOf(sha, capacity * 4);
    }

    private void rehash(int capacity) {
        table = new int[capacity];
        for (int slot = 0; slot < count; slot++) {
            insert(slot);
        }
    }

    private void insert(int slot) {
        int mask = table.length - 1;
        int i = hash(arena, pathStart[slot], pathStart[slot] + pathLength[slot]) & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = slot + 1;
    }

    /** FNV-1a over the bytes, then mixed so that linear probing spreads similar paths. */
    private static int hash(byte[] bytes, int from, int to) {
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) {
            h = (h ^ (bytes[i] & 0xff)) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        return h ^ (h >>> 13);
    }

    private static long longAt(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xff);
        }
        return value;
    }
}
