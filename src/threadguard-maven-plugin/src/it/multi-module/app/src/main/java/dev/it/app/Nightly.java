package dev.it.app;

import dev.it.core.Jobs;

/** Starts the nightly cleanup and never looks at how it ended. */
public class Nightly {
    private final Jobs jobs;

    public Nightly(Jobs jobs) {
        this.jobs = jobs;
    }

    public void run() {
        jobs.start(this::cleanup);
    }

    private void cleanup() {
    }
}
