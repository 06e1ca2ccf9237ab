package com.example.shop.catalog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Imports supplier catalogues (CSV files) and product images, and keeps search up to date. */
public final class CatalogImporter {

    private static final Logger log = Logger.getLogger(CatalogImporter.class.getName());

    private final ExecutorService pool;
    private final ProductCatalog catalog;

    public CatalogImporter(ExecutorService pool, ProductCatalog catalog) {
        this.pool = pool;
        this.catalog = catalog;
    }

    /** Imports every file, one thread per file. */
    public void importAll(List<Path> files) throws InterruptedException {
        // Bug: invokeAll waits for every task and returns their Futures, which are thrown away here. A
        // malformed file makes its task throw; the exception sits in a discarded Future, the log says
        // "finished", and a supplier's whole range is missing from the shop.
        pool.invokeAll(importTasks(files));
        log.info("catalogue import finished: " + files.size() + " files");
    }

    /** The same import, done so that bad files fail the run and each is named. */
    public int importAllOrFail(List<Path> files) throws InterruptedException {
        // Fine: every Future invokeAll returns is read, and every failed file is named, not just the first.
        List<Future<Integer>> results = pool.invokeAll(importTasks(files));
        int imported = 0;
        IllegalStateException failed = null;
        for (int i = 0; i < results.size(); i++) {
            try {
                imported += results.get(i).get();
            } catch (ExecutionException e) {
                IllegalStateException failure = new IllegalStateException("could not import " + files.get(i), e.getCause());
                if (failed == null) {
                    failed = failure;
                } else {
                    failed.addSuppressed(failure);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        return imported;
    }

    /** Uploads product images to the CDN in the background. */
    public void uploadImages(List<Path> images) {
        List<Future<String>> uploads = new ArrayList<>();
        for (Path image : images) {
            // Bug: the futures are collected as if someone would check them, but the list is only counted
            // below. A failed upload (CDN quota, unreadable file) leaves a product without a picture and no
            // trace in the log.
            uploads.add(pool.submit(() -> catalog.uploadImage(image)));
        }
        log.info("started " + uploads.size() + " image uploads");
    }

    /** Uploads product images and returns their addresses; fails on the first upload that failed. */
    public List<String> uploadImagesAndWait(List<Path> images) throws InterruptedException {
        List<Future<String>> uploads = new ArrayList<>();
        for (Path image : images) {
            // Fine: every future collected here is read in the loop below.
            uploads.add(pool.submit(() -> catalog.uploadImage(image)));
        }
        List<String> addresses = new ArrayList<>();
        try {
            for (Future<String> upload : uploads) {
                addresses.add(upload.get());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("image upload failed", e.getCause());
        } finally {
            uploads.forEach(u -> u.cancel(true)); // the uploads still running when one failed
        }
        return addresses;
    }

    /** Recomputes prices after a supplier sent a new price list. */
    public void repriceSupplier(String supplier) {
        // Bug: the Future is kept in a local only to ask whether it is done. If repricing throws, nobody
        // ever calls get(): the old prices stay and nothing says so.
        var repricing = pool.submit(() -> catalog.reprice(supplier));
        if (!repricing.isDone()) {
            log.fine("repricing of " + supplier + " continues in the background");
        }
    }

    /** Makes sure at least one supplier mirror answers before a long import starts. */
    public void checkMirrors(List<Callable<String>> pings) throws InterruptedException, ExecutionException {
        // Fine: invokeAny returns the first successful answer, and itself throws ExecutionException when
        // every ping failed. Nothing is lost by ignoring the answer.
        pool.invokeAny(pings);
    }

    /** Puts one product's new data in the search index. */
    public void reindex(String sku) {
        try {
            // Bug: the catch below is meant for a failed reindex, but execute() runs the task later on a
            // pool thread. Its exception goes to that thread's uncaught-exception handler, never here, and
            // the product silently drops out of search.
            pool.execute(() -> catalog.reindex(sku));
        } catch (RuntimeException e) {
            log.log(Level.WARNING, "reindex of " + sku + " failed", e);
        }
    }

    /** Removes images of deleted products, in the background. */
    public void cleanUpImages(List<String> skus) {
        // Fine: the task catches and logs every exception itself, so the dropped Future never holds one.
        pool.submit(() -> {
            try {
                catalog.deleteImages(skus);
            } catch (RuntimeException e) {
                log.log(Level.WARNING, "image clean-up failed for " + skus, e);
            }
        });
    }

    /** Warms the catalogue cache after start-up. */
    public void warmUp() {
        // Fine: dropped on purpose, and the name says so. A cold cache only slows the first requests down.
        Future<?> unused = pool.submit(catalog::warmCache);
    }

    private List<Callable<Integer>> importTasks(List<Path> files) {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (Path file : files) {
            tasks.add(() -> catalog.importCsv(file));
        }
        return tasks;
    }
}
