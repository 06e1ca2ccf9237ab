package com.example.shop.catalog;

/**
 * Warms the search index's caches at start-up by running the most common queries, so that the first
 * customers do not pay for cold caches.
 */
public final class SearchWarmup {

    private final ProductCatalog catalog;

    public SearchWarmup(ProductCatalog catalog) {
        this.catalog = catalog;
    }

    private Runnable queries() {
        return () -> {
            for (String q : new String[] {"shoes", "jacket", "socks"}) {
                System.out.println("warming " + q + " in " + catalog);
            }
        };
    }

    /** Meant to warm up in the background while the shop starts. */
    public void warmUp() {
        Thread warmer = new Thread(queries(), "search-warmup");
        // Bug: run() runs the warm-up on the start-up thread, which waits for all of it.
        warmer.run();
    }

    /** The corrected form. */
    public Thread warmUpInBackground() {
        Thread warmer = new Thread(queries(), "search-warmup");
        warmer.setDaemon(true);
        // Fine: start() runs the queries on the new thread.
        warmer.start();
        return warmer;
    }
}
