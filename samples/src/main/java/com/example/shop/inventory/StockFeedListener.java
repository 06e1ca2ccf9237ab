package com.example.shop.inventory;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Applies the warehouse's stock events, one by one, on a pool thread, until the shop stops listening.
 */
public final class StockFeedListener {

    private final ExecutorService pool;
    private final BlockingQueue<String> events;
    private final StockLevels levels;
    private Future<?> listening;

    public StockFeedListener(ExecutorService pool, BlockingQueue<String> events, StockLevels levels) {
        this.pool = pool;
        this.events = events;
        this.levels = levels;
    }

    public void start() {
        listening = pool.submit(() -> {
            while (true) {
                try {
                    apply(levels, events.take());
                } catch (InterruptedException e) {
                    // Bug (the cause): the interrupt is dropped and the loop takes the next event.
                    System.err.println("stock feed interrupted; waiting for the next event");
                }
            }
        });
    }

    public void stop() {
        // Bug: the listener swallows the interrupt cancel(true) sends, so the future says cancelled while the
        // listener keeps applying events after the shop believes it stopped.
        listening.cancel(true);
    }

    /** Applies one event, {@code sku:units}. */
    static void apply(StockLevels levels, String event) {
        int colon = event.indexOf(':');
        levels.set(event.substring(0, colon), Integer.parseInt(event.substring(colon + 1)));
    }

    /** The corrected form: the interrupt ends the loop, so cancel(true) stops the listener. */
    public static final class Fixed {
        private final ExecutorService pool;
        private final BlockingQueue<String> events;
        private final StockLevels levels;
        private Future<?> listening;

        public Fixed(ExecutorService pool, BlockingQueue<String> events, StockLevels levels) {
            this.pool = pool;
            this.events = events;
            this.levels = levels;
        }

        public void start() {
            listening = pool.submit(() -> {
                try {
                    while (true) {
                        apply(levels, events.take());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        public void stop() {
            // Fine: the interrupt ends the task's loop.
            listening.cancel(true);
        }
    }
}
