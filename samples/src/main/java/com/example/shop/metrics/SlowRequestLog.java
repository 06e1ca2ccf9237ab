package com.example.shop.metrics;

import com.example.shop.concurrent.GuardedBy;

import java.util.concurrent.locks.ReentrantLock;

/** Remembers the slowest request since start-up, for the operations page. Called from every request thread. */
public final class SlowRequestLog {

    private final ReentrantLock lock = new ReentrantLock();

    @GuardedBy("lock")
    private String slowestPath = "none";

    @GuardedBy("lock")
    private long slowestMillis;

    /** Called when a request ends. */
    public void record(String path, long millis) {
        lock.lock();
        try {
            if (millis > slowestMillis) {
                slowestMillis = millis;
                slowestPath = path;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The line shown on the operations page. */
    public String describe() {
        // Bug: the path and the time are read without the lock their annotations name. A request being
        // recorded at the same moment can be seen half-way: the operations page then blames a new path
        // for another request's time, or shows a time that no thread has published yet.
        return slowestPath + " took " + slowestMillis + " ms";
    }

    /** The same line, read as one consistent pair. */
    public String describeConsistently() {
        // Fine: both fields are read while holding `lock`, as their annotations require.
        lock.lock();
        try {
            return slowestPath + " took " + slowestMillis + " ms";
        } finally {
            lock.unlock();
        }
    }
}
