package com.example.shop.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters for the checkout dashboard, updated from every request thread at once. */
public final class CheckoutMetrics {

    private volatile long failedPayments;
    private volatile long lastFailureMillis;
    private final LongAdder completedCheckouts = new LongAdder();
    private final ConcurrentMap<String, Long> failuresByProvider = new ConcurrentHashMap<>();

    /** Called by a request thread when the payment provider declines or times out. */
    public void paymentFailed(String provider, long nowMillis) {
        // Bug: volatile makes each read and each write visible to other threads, but ++ is still a read,
        // an add and a write. Two request threads failing at the same moment both read 41 and both write
        // 42: the dashboard under-counts failures exactly when they spike.
        failedPayments++;
        // Fine: a plain write of a volatile field. Each thread writes a whole value, and the latest wins.
        lastFailureMillis = nowMillis;
        // Fine: merge reads and updates the entry in one atomic step of the concurrent map.
        failuresByProvider.merge(provider, 1L, Long::sum);
    }

    /** Called by a request thread when an order is paid. */
    public void checkoutCompleted() {
        // Fine: LongAdder adds atomically, however many threads call it at once.
        completedCheckouts.increment();
    }

    public long failedPayments() {
        return failedPayments;
    }

    public long lastFailureMillis() {
        return lastFailureMillis;
    }

    public long completedCheckouts() {
        return completedCheckouts.sum();
    }

    public Map<String, Long> failuresByProvider() {
        return Map.copyOf(failuresByProvider);
    }
}
