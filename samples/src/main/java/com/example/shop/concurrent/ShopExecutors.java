package com.example.shop.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The shop's thread pools, created once at start-up and closed at shut-down. Services get them through
 * their constructors and never create pools of their own.
 */
public final class ShopExecutors implements AutoCloseable {

    private final ExecutorService workers = Executors.newFixedThreadPool(8);
    private final ExecutorService auditWriter = Executors.newSingleThreadExecutor();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

    /** Request work that must not hold up the HTTP thread: payments, e-mails, imports. */
    public ExecutorService workers() {
        return workers;
    }

    /** One thread, so that audit records are written in the order they were made. */
    public ExecutorService auditWriter() {
        return auditWriter;
    }

    /** Periodic jobs: stock refresh, reconciliation, metrics. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        scheduler.shutdown();
        workers.shutdown();
        auditWriter.shutdown();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
            if (!auditWriter.awaitTermination(10, TimeUnit.SECONDS)) {
                auditWriter.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            workers.shutdownNow();
            auditWriter.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
