package com.example.shop.race;

/**
 * Which aisle each shelf is in, rebuilt when the warehouse is re-planned and read by every picking
 * request. The table is replaced as a whole, through a volatile field.
 */
public final class ShelfIndex {

    private volatile int[] aisles = new int[0];
    private volatile int[] planned = new int[0];
    private final Object statsLock = new Object();
    private long lookups;

    public void replan(int shelves, int perAisle) {
        int[] table = new int[shelves];
        aisles = table;
        for (int i = 0; i < shelves; i++) {
            // Bug: the array is published before it is filled: a picker reading `aisles` now sees the new
            // table with zeros where these writes have not landed yet (volatile covers the reference, not
            // later writes to the elements).
            table[i] = i / perAisle;
        }
    }

    public void replanFixed(int shelves, int perAisle) {
        int[] table = new int[shelves];
        for (int i = 0; i < shelves; i++) {
            table[i] = i / perAisle;
        }
        // Fine: the table is filled first, then published by the volatile write.
        planned = table;
    }

    public int aisle(int shelf) {
        synchronized (statsLock) {
            lookups++;
        }
        return aisles[shelf] + planned[shelf];
    }

    public long lookups() {
        // Bug: a plain long written under `statsLock` and read without it: on a 32-bit JVM the read can
        // see the two halves of two different writes.
        return lookups;
    }

    public long lookupsFixed() {
        synchronized (statsLock) {
            // Fine: the read takes the lock the writes take.
            return lookups;
        }
    }
}
