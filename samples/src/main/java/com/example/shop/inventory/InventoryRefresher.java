package com.example.shop.inventory;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the shop's stock levels in step with the warehouse: a full refresh every five minutes, an hourly
 * reconciliation, a nightly purge, and a quick refresh of one product on demand.
 */
public final class InventoryRefresher implements AutoCloseable {

    private static final Logger log = Logger.getLogger(InventoryRefresher.class.getName());

    private final ScheduledExecutorService scheduler;
    private final WarehouseClient warehouse;
    private final StockLevels stock;
    private final ScheduledFuture<?> refreshTask;
    private final ScheduledFuture<?> reconcileTask;

    public InventoryRefresher(ScheduledExecutorService scheduler, WarehouseClient warehouse, StockLevels stock) {
        this.scheduler = scheduler;
        this.warehouse = warehouse;
        this.stock = stock;
        // Bug: the handle of the periodic refresh is kept only to cancel it in close(). The first time a
        // refresh throws (the warehouse API times out), the executor stops running it for good and keeps
        // the exception in this ScheduledFuture, which nobody reads: stock levels quietly go stale. And the
        // first refresh starts at once, on the scheduler's thread, before this constructor has set
        // reconcileTask.
        this.refreshTask = scheduler.scheduleAtFixedRate(this::refreshAll, 0, 5, TimeUnit.MINUTES);
        // Fine: isHealthy() reads the outcome of the reconciliation.
        this.reconcileTask = scheduler.scheduleWithFixedDelay(this::reconcile, 1, 60, TimeUnit.MINUTES);
        // Fine: publishMetrics catches every exception itself, so a failed run is logged and the next one
        // still happens.
        scheduler.scheduleAtFixedRate(this::publishMetrics, 1, 1, TimeUnit.MINUTES);
    }

    /** Refreshes one product soon, after a customer reported a wrong stock figure. */
    public void refreshSoon(String sku) {
        // Bug: a one-shot task whose ScheduledFuture is dropped. If the warehouse call fails, the exception
        // is kept in that future and never seen, and the wrong figure stays.
        scheduler.schedule(() -> stock.set(sku, warehouse.levelOf(sku)), 30, TimeUnit.SECONDS);
    }

    /** Purges products the warehouse has discontinued, every night. */
    public void scheduleNightlyPurge() {
        // Bug: the silent stop. The first time the purge throws, the executor suppresses every later run of
        // this periodic task and keeps the exception in a ScheduledFuture that nobody holds.
        scheduler.scheduleAtFixedRate(() -> stock.purge(warehouse.discontinued()), 1, 24, TimeUnit.HOURS);
    }

    /** Whether the hourly reconciliation still runs; the load balancer's health check calls this. */
    public boolean isHealthy() {
        if (!reconcileTask.isDone()) {
            return true;
        }
        try {
            // A periodic task is only ever done when it failed or was cancelled: get() says which.
            reconcileTask.get();
            return false;
        } catch (ExecutionException e) {
            log.log(Level.SEVERE, "stock reconciliation stopped", e.getCause());
            return false;
        } catch (CancellationException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        refreshTask.cancel(false);
        reconcileTask.cancel(false);
    }

    private void refreshAll() {
        for (String sku : stock.skus()) {
            stock.set(sku, warehouse.levelOf(sku));
        }
    }

    private void reconcile() {
        for (String sku : stock.skus()) {
            int actual = warehouse.levelOf(sku);
            if (actual != stock.get(sku)) {
                log.info("stock of " + sku + " corrected to " + actual);
                stock.set(sku, actual);
            }
        }
    }

    private void publishMetrics() {
        try {
            log.fine("products tracked: " + stock.skus().size());
        } catch (RuntimeException e) {
            log.log(Level.WARNING, "could not publish stock metrics; retrying in a minute", e);
        }
    }
}
