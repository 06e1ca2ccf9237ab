package com.example.shop.order;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Asks every carrier for a shipping price at checkout, in parallel, and keeps the cheapest. Each carrier's
 * API takes up to a second, so the calls must not run one after another.
 */
public final class ShippingQuotes {

    /** One carrier's price API. */
    public interface Carrier {
        long priceInCents(String postcode, int grams) throws Exception;
    }

    private final List<Carrier> carriers;
    private final ExecutorService shared;

    public ShippingQuotes(List<Carrier> carriers, ExecutorService shared) {
        this.carriers = List.copyOf(carriers);
        this.shared = shared;
    }

    private List<Callable<Long>> askAll(String postcode, int grams) {
        List<Callable<Long>> asks = new ArrayList<>();
        for (Carrier c : carriers) {
            asks.add(() -> c.priceInCents(postcode, grams));
        }
        return asks;
    }

    /** Called once per checkout. */
    public long cheapest(String postcode, int grams) throws InterruptedException, ExecutionException {
        // Bug: a new pool per checkout, never shut down: every checkout leaves one idle thread per carrier
        // behind, until the service runs out of threads. And the first carrier that fails ends the loop
        // below with the other carriers' answers unread.
        ExecutorService pool = Executors.newFixedThreadPool(carriers.size());
        long best = Long.MAX_VALUE;
        for (Future<Long> quote : pool.invokeAll(askAll(postcode, grams))) {
            best = Math.min(best, quote.get());
        }
        return best;
    }

    /** Called once per checkout, with a deadline. */
    public long cheapestWithin(String postcode, int grams, long millis) throws InterruptedException {
        // Bug: shut down at the end, but the early return on a timeout leaves the pool and its threads behind.
        ExecutorService pool = Executors.newFixedThreadPool(carriers.size());
        long best = Long.MAX_VALUE;
        for (Future<Long> quote : pool.invokeAll(askAll(postcode, grams), millis, TimeUnit.MILLISECONDS)) {
            try {
                best = Math.min(best, quote.get());
            } catch (ExecutionException e) {
                return -1; // a carrier failed: the caller shows a flat rate
            }
        }
        pool.shutdown();
        return best;
    }

    /** The corrected form: a pool of its own, shut down on every path. */
    public long cheapestOwnPool(String postcode, int grams) throws InterruptedException, ExecutionException {
        // Fine: the finally block shuts the pool down whatever happens.
        ExecutorService pool = Executors.newFixedThreadPool(carriers.size());
        try {
            long best = Long.MAX_VALUE;
            for (Future<Long> quote : pool.invokeAll(askAll(postcode, grams))) {
                best = Math.min(best, quote.get());
            }
            return best;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The better form: the shop's shared worker pool, owned and shut down by ShopExecutors. */
    public long cheapestShared(String postcode, int grams) throws InterruptedException, ExecutionException {
        long best = Long.MAX_VALUE;
        for (Future<Long> quote : shared.invokeAll(askAll(postcode, grams), 2, TimeUnit.SECONDS)) {
            try {
                best = Math.min(best, quote.get());
            } catch (CancellationException | ExecutionException e) {
                // this carrier missed the deadline or failed: ignore its price
            }
        }
        return best;
    }

    /** The flat-rate fallback when no carrier answers: a pricing thread that gets here first creates a Standard. */
    public static long flatRate(int grams) {
        return new ShippingMethod.Standard().priceCents(grams);
    }
}
