package com.example.shop.cache;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The current price of every product, read on every page view and reloaded from the pricing service
 * when a supplier sends a new price list. The whole map is replaced at once, under {@code lock}.
 */
public final class PriceCache {

    /** The pricing service's client; {@code loadAll} blocks on the network for a few seconds. */
    public interface PriceSource {
        Map<String, Long> loadAll();
    }

    private final Object lock = new Object();
    private Map<String, Long> prices = Map.of();

    /** The price in cents, or -1 when the product has none. */
    public long priceCents(String sku) {
        synchronized (lock) {
            return prices.getOrDefault(sku, -1L);
        }
    }

    /** The products that have a price, for the catalogue's consistency check. */
    public Set<String> pricedSkus() {
        synchronized (lock) {
            return prices.keySet();
        }
    }

    /** Reloads every price on a pool thread, so that the admin request answers at once. */
    public void reloadAsync(Executor executor, PriceSource source) {
        synchronized (lock) {
            // Bug: the lambda is written inside the synchronized block, but execute() only queues it: it
            // runs later on a pool thread, after this block has released the lock. Its write of `prices`
            // holds no lock at all, so page views may keep reading the old map, with old prices, for as
            // long as nothing else makes the write visible.
            executor.execute(() -> prices = source.loadAll());
        }
    }

    /** The same reload, with the new map published under the lock by the thread that loaded it. */
    public void reloadInBackground(Executor executor, PriceSource source) {
        executor.execute(() -> {
            Map<String, Long> loaded = source.loadAll();
            // Fine: the pool thread takes the lock itself before it replaces the map.
            synchronized (lock) {
                prices = loaded;
            }
        });
    }
}
