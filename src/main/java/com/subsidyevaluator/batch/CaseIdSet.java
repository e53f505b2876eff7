package com.subsidyevaluator.batch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The caseIds seen so far, kept compactly (about 20 bytes per id: its UTF-8 bytes and a slot in an open-addressing
 * table) so that a batch of millions of cases can find duplicates exactly within a small heap.
 */
final class CaseIdSet {

    private byte[] store = new byte[1 << 16];
    private int used;
    /** Slot → 1 + offset of the id in {@code store} (length-prefixed), 0 = empty. */
    private int[] slots = new int[1 << 12];
    private int size;

    /** Adds the id; false when it was already there. */
    boolean add(String id) {
        byte[] b = id.getBytes(StandardCharsets.UTF_8);
        if (size * 2 >= slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int h = hash(b) & mask;
        while (slots[h] != 0) {
            if (same(slots[h] - 1, b)) {
                return false;
            }
            h = (h + 1) & mask;
        }
        slots[h] = 1 + append(b);
        size++;
        return true;
    }

    int size() {
        return size;
    }

    private int append(byte[] b) {
        int need = used + 4 + b.length;
        if (need > store.length) {
            long bigger = Math.max((long) store.length * 2, need);
            if (bigger > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("too many case ids");
            }
            store = Arrays.copyOf(store, (int) bigger);
        }
        int at = used;
        store[at] = (byte) (b.length >>> 24);
        store[at + 1] = (byte) (b.length >>> 16);
        store[at + 2] = (byte) (b.length >>> 8);
        store[at + 3] = (byte) b.length;
        System.arraycopy(b, 0, store, at + 4, b.length);
        used = need;
        return at;
    }

    private int lengthAt(int at) {
        return (store[at] & 0xFF) << 24 | (store[at + 1] & 0xFF) << 16 | (store[at + 2] & 0xFF) << 8 | store[at + 3] & 0xFF;
    }

    private boolean same(int at, byte[] b) {
        return lengthAt(at) == b.length && Arrays.equals(store, at + 4, at + 4 + b.length, b, 0, b.length);
    }

    private void grow() {
        int[] old = slots;
        slots = new int[old.length * 2];
        int mask = slots.length - 1;
        for (int s : old) {
            if (s == 0) {
                continue;
            }
            int at = s - 1;
            int h = hash(store, at + 4, lengthAt(at)) & mask;
            while (slots[h] != 0) {
                h = (h + 1) & mask;
            }
            slots[h] = s;
        }
    }

    private static int hash(byte[] b) {
        return hash(b, 0, b.length);
    }

    private static int hash(byte[] b, int from, int len) {
        int h = 0x811C9DC5;
        for (int i = from; i < from + len; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
