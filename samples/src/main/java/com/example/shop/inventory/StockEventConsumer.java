package com.example.shop.inventory;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies the warehouse's stock events (deliveries, breakages) to the stock levels, on a thread of the
 * shop's worker pool. At shut-down, ShopExecutors calls {@code shutdownNow()}, which interrupts it.
 */
public final class StockEventConsumer {

    private static final Logger log = Logger.getLogger(StockEventConsumer.class.getName());

    /** One change of stock for one product. */
    public record StockEvent(String sku, int delta) {
    }

    private final BlockingQueue<StockEvent> events = new LinkedBlockingQueue<>();
    private final StockLevels stock;
    private boolean paused;
    private volatile boolean draining;

    public StockEventConsumer(StockLevels stock) {
        this.stock = stock;
    }

    public void publish(StockEvent event) {
        events.add(event);
    }

    /** Starts consuming on the given pool. */
    public void start(ExecutorService pool) {
        pool.execute(() -> {
            while (true) {
                try {
                    StockEvent e = events.take();
                    awaitResume();
                    stock.release(e.sku(), e.delta());
                // Bug: the interrupt sent by shutdownNow() is logged and forgotten: the loop takes the next
                // event, so the consumer can never be stopped and the shop hangs at shut-down.
                } catch (InterruptedException e) {
                    log.log(Level.WARNING, "interrupted while waiting for stock events", e);
                }
            }
        });
    }

    /** The corrected form: the interrupt ends the task. */
    public void startStoppable(ExecutorService pool) {
        pool.execute(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    StockEvent e = events.take();
                    awaitDrained();
                    stock.release(e.sku(), e.delta());
                }
            // Fine: the catch ends the task's own loop, which is what the interrupt asked for.
            } catch (InterruptedException e) {
                log.info("stock event consumer stopped");
            }
        });
    }

    private void awaitResume() throws InterruptedException {
        // Bug: `paused` is a plain field set by another thread: without volatile this loop may never see
        // resume(), and the JIT may turn it into an endless loop.
        while (paused) {
            Thread.sleep(50);
        }
    }

    private void awaitDrained() throws InterruptedException {
        // Fine: `draining` is volatile, so the write in drained() is seen at the next read.
        while (draining) {
            Thread.sleep(50);
        }
    }

    /** Called by the admin page during a stock take. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    public void draining() {
        draining = true;
    }

    public void drained() {
        draining = false;
    }
}
