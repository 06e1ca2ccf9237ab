package dev.it.core;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Runs the nightly jobs on an executor; callers decide what to do with the outcome. */
public class Jobs {
    private final ExecutorService executor;

    public Jobs(ExecutorService executor) {
        this.executor = executor;
    }

    public Future<?> start(Runnable job) {
        return executor.submit(job);
    }
}
