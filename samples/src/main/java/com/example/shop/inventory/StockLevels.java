package com.example.shop.inventory;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** How many units of each product the shop believes are available. Safe for concurrent use. */
public final class StockLevels {

    private final ConcurrentMap<String, Integer> levels = new ConcurrentHashMap<>();

    public int get(String sku) {
        return levels.getOrDefault(sku, 0);
    }

    public void set(String sku, int units) {
        levels.put(sku, units);
    }

    public void release(String sku, int units) {
        levels.merge(sku, units, Integer::sum);
    }

    public Set<String> skus() {
        return Set.copyOf(levels.keySet());
    }

    public void purge(Collection<String> skus) {
        levels.keySet().removeAll(skus);
    }
}
