package dev.it.clean;

import java.util.concurrent.atomic.AtomicLong;

/** Counts page visits from many request threads, without losing any. */
public class VisitCounter {
    private final AtomicLong visits = new AtomicLong();

    public void visited() {
        visits.incrementAndGet();
    }

    public long visits() {
        return visits.get();
    }
}
