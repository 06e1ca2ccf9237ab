package com.example.shop.inventory;

import java.util.HashMap;
import java.util.Map;

/**
 * Units held for carts that have not been paid yet, so that two customers cannot buy the last unit.
 * Called from every request thread; the object's monitor protects the map and the total together.
 */
public final class StockReservations {

    private final Map<String, Integer> reserved = new HashMap<>();
    private int totalReserved;

    /** Holds {@code units} of {@code sku} if that many are still free; false when they are not. */
    public synchronized boolean reserve(String sku, int units, int available) {
        int already = reserved.getOrDefault(sku, 0);
        if (already + units > available) {
            return false;
        }
        reserved.put(sku, already + units);
        adjustTotal(units);
        return true;
    }

    /** Gives back units held by a cart that was paid or abandoned. */
    public synchronized void release(String sku, int units) {
        reserved.computeIfPresent(sku, (key, held) -> held > units ? held - units : null);
        adjustTotal(-units);
    }

    /** Drops every reservation, after the nightly stock count. */
    public synchronized void clear() {
        reserved.clear();
        totalReserved = 0;
    }

    /** How many units of one product are held. */
    public synchronized int reservedOf(String sku) {
        return reserved.getOrDefault(sku, 0);
    }

    /** Whether any cart holds stock; the nightly count waits for this. */
    public synchronized boolean isEmpty() {
        // Fine: read under the same monitor as every write of the total.
        return totalReserved == 0;
    }

    /** The total shown on the warehouse dashboard, polled every few seconds. */
    public int totalReserved() {
        // Bug: every write of the total holds the object's monitor, but this read does not. Nothing then
        // makes those writes visible to the dashboard's thread: it can keep showing an old total (the JIT
        // may even read the field once and reuse the value), while carts are reserving and releasing stock.
        return totalReserved;
    }

    // Fine: private, and only ever called from synchronized methods, so the monitor is always held here.
    private void adjustTotal(int delta) {
        totalReserved += delta;
    }
}
