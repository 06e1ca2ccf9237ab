package com.example.shop.race;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Request counters shared by every request thread and read by the dashboard.
 */
public final class RequestStats {

    volatile long served;
    volatile long bytesOut;
    final AtomicLong failed = new AtomicLong();

    /** Called by the web layer's filter on each request thread. */
    public static final class Recorder {
        private final RequestStats stats;

        public Recorder(RequestStats stats) {
            this.stats = stats;
        }

        public void served(long bytes) {
            // Bug: volatile makes each read and write of `served` visible, not `++` atomic: two request
            // threads read the same count and both write it plus one, so the dashboard undercounts.
            stats.served++;
            // Fine: the update is one atomic call.
            stats.failed.incrementAndGet();
        }

        public synchronized void sent(long bytes) {
            // Fine: every update of `bytesOut` holds the recorder's monitor (one recorder per stats).
            stats.bytesOut += bytes;
        }
    }
}
