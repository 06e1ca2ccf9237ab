package dev.it.bugs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Polls a feed: a pool created per call and never shut down, and a sleep whose interrupt is swallowed. */
public class Poller {

    public void pollOnce(Runnable fetch) {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        pool.execute(fetch);
    }

    public void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            // ignored
        }
    }
}
