package dev.turnstile.files;

import java.util.Arrays;
import java.util.function.IntToLongFunction;

/**
 * The index's slots in sequence order: each change appends (number, slot), numbers only grow, so
 * the records after a {@code since} are found by a binary search. A record whose number is no longer
 * its slot's (the path changed again later) is stale and skipped; the log is rewritten without stale
 * records when it is full and they are more than the live ones. Not thread-safe: the
 * {@link IndexTable} it belongs to is guarded by the {@link FolderIndex}.
 */
final class SequenceLog {

    private static final int FIRST_CAPACITY = 64;

    /** The slot's current number, to tell stale records. */
    private final IntToLongFunction currentNumber;
    private long[] numbers = new long[FIRST_CAPACITY];
    private int[] slots = new int[FIRST_CAPACITY];
    private int count;

    SequenceLog(IntToLongFunction currentNumber) {
        this.currentNumber = currentNumber;
    }

    /** Records that a slot got a number, larger than any before. */
    void append(long number, int slot, int liveSlots) {
        if (count == numbers.length) {
            if (count - live() > liveSlots) {
                compact();
            }
            if (count == numbers.length) {
                numbers = Arrays.copyOf(numbers, numbers.length + (numbers.length >> 1));
                slots = Arrays.copyOf(slots, numbers.length);
            }
        }
        numbers[count] = number;
        slots[count++] = slot;
    }

    /** @return how many records it holds, stale ones included */
    int size() {
        return count;
    }

    /** @return the position of the first record whose number is above {@code since} */
    int firstAfter(long since) {
        int low = 0;
        int high = count;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (numbers[middle] <= since) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** @return the slot of a record, or -1 when the record is stale */
    int slotAt(int position) {
        int slot = slots[position];
        return currentNumber.applyAsLong(slot) == numbers[position] ? slot : -1;
    }

    /** Rebuilds the log from the slots' numbers: after slots were given numbers in another order (a load). */
    void rebuild(int slotCount) {
        int[] bySeq = new int[slotCount];
        for (int i = 0; i < slotCount; i++) {
            bySeq[i] = i;
        }
        SlotSort.sort(bySeq, (a, b) -> Long.compare(currentNumber.applyAsLong(a), currentNumber.applyAsLong(b)));
        numbers = new long[Math.max(FIRST_CAPACITY, slotCount + (slotCount >> 3))];
        slots = new int[numbers.length];
        for (int i = 0; i < slotCount; i++) {
            numbers[i] = currentNumber.applyAsLong(bySeq[i]);
            slots[i] = bySeq[i];
        }
        count = slotCount;
    }

    /** Drops the stale records and the spare room but an eighth. */
    void trim() {
        compact();
        int room = count + (count >> 3) + FIRST_CAPACITY;
        numbers = Arrays.copyOf(numbers, room);
        slots = Arrays.copyOf(slots, room);
    }

    private int live() {
        int live = 0;
        for (int i = 0; i < count; i++) {
            if (slotAt(i) >= 0) {
                live++;
            }
        }
        return live;
    }

    private void compact() {
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (slotAt(i) >= 0) {
                numbers[kept] = numbers[i];
                slots[kept++] = slots[i];
            }
        }
        count = kept;
    }
}
