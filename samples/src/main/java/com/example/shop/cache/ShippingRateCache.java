package com.example.shop.cache;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Shipping rates per destination zone, read by every checkout and replaced when the carrier publishes new
 * ones. Many readers, rare writers: a read/write lock.
 */
public final class ShippingRateCache {

    /** The carrier's rate service; {@code fetchAll} blocks on the network and throws when it is down. */
    public interface RateSource {
        Map<String, Integer> fetchAll();
    }

    private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
    private final ReentrantLock refreshing = new ReentrantLock();
    private final Map<String, Integer> ratesCents = new HashMap<>();

    /** The rate for a zone, in cents, or -1 when the carrier does not serve it. */
    public int rateCents(String zone) {
        // Fine: the unlock is in the finally of the try that follows lock() at once.
        rw.readLock().lock();
        try {
            return ratesCents.getOrDefault(zone, -1);
        } finally {
            rw.readLock().unlock();
        }
    }

    /** Replaces every rate with the carrier's new table. */
    public void replaceAll(Map<String, Integer> fresh) {
        // Bug: if putAll throws (the carrier client handed over null instead of a table, or the heap is
        // full), unlock() is never reached and the write lock stays held for good: every later checkout
        // blocks in rateCents() and the shop stops taking orders.
        rw.writeLock().lock();
        ratesCents.clear();
        ratesCents.putAll(fresh);
        rw.writeLock().unlock();
    }

    /** The same replacement, which releases the lock whatever happens. */
    public void replaceAllSafely(Map<String, Integer> fresh) {
        // Fine: lock() is followed at once by a try whose finally unlocks.
        rw.writeLock().lock();
        try {
            ratesCents.clear();
            ratesCents.putAll(fresh);
        } finally {
            rw.writeLock().unlock();
        }
    }

    /** Called by a timer and by the admin's "refresh now" button; one refresh at a time is enough. */
    public void refreshIfIdle(RateSource source) {
        // Bug: the boolean that says whether the lock was taken is ignored. When another refresh is
        // running, this one goes on anyway, both fetch from the carrier at once, and the unlock() below
        // throws IllegalMonitorStateException, because this thread never held the lock.
        refreshing.tryLock();
        try {
            replaceAllSafely(source.fetchAll());
        } finally {
            refreshing.unlock();
        }
    }

    /** The same refresh, skipped when another one is already running. */
    public boolean refreshUnlessRunning(RateSource source) {
        // Fine: the refresh runs, and the lock is released, only when tryLock() succeeded.
        if (refreshing.tryLock()) {
            try {
                replaceAllSafely(source.fetchAll());
                return true;
            } finally {
                refreshing.unlock();
            }
        }
        return false;
    }
}
