package dev.it.legacy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/** Code from before threadguard, with findings the team accepted in its baseline. */
public class Legacy {
    private final ExecutorService executor;
    private final AtomicInteger audits = new AtomicInteger();

    public Legacy(ExecutorService executor) {
        this.executor = executor;
    }

    /** Edited since the baseline was recorded, but not on the line of its finding. */
    public void refreshCache() {
        if (executor.isShutdown()) {
            return;
        }
        executor.submit(this::reload);
    }

    /** Fixed since the baseline was recorded: its entry no longer matches anything. */
    public void audit() {
        audits.incrementAndGet();
    }

    /** New since the baseline was recorded: the build fails on it. */
    public void warmUp() {
        executor.submit(this::reload);
    }

    private void reload() {
    }
}
