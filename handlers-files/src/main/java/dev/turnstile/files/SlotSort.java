package dev.turnstile.files;

/**
 * Sorts an array of slots by a comparison of the slots, without boxing them: a merge sort (stable,
 * n log n comparisons), for the index's path order.
 */
final class SlotSort {

    /** Compares two slots. */
    interface Order {
        int compare(int a, int b);
    }

    private SlotSort() {
    }

    static void sort(int[] slots, Order order) {
        if (slots.length < 2) {
            return;
        }
        int[] work = new int[slots.length];
        sort(slots, work, 0, slots.length, order);
    }

    private static void sort(int[] slots, int[] work, int from, int to, Order order) {
        if (to - from <= 16) {
            for (int i = from + 1; i < to; i++) {
                int slot = slots[i];
                int j = i - 1;
                while (j >= from && order.compare(slots[j], slot) > 0) {
                    slots[j + 1] = slots[j];
                    j--;
                }
                slots[j + 1] = slot;
            }
            return;
        }
        int middle = (from + to) >>> 1;
        sort(slots, work, from, middle, order);
        sort(slots, work, middle, to, order);
        if (order.compare(slots[middle - 1], slots[middle]) <= 0) {
            return; // already in order, as the slots of a walk in path order are
        }
        System.arraycopy(slots, from, work, from, to - from);
        int i = from;
        int j = middle;
        for (int k = from; k < to; k++) {
            slots[k] = j >= to || i < middle && order.compare(work[i], work[j]) <= 0 ? work[i++] : work[j++];
        }
    }
}
