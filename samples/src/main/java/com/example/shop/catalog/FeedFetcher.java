package com.example.shop.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Downloads the suppliers' stock feeds (one HTTP request per feed) before the nightly import. */
public final class FeedFetcher {

    /** Reads one feed; slow suppliers take seconds. */
    public interface Download {
        byte[] fetch(URI feed) throws Exception;
    }

    // Bug: "4 threads, up to 32 when busy" is what this reads as, but the queue has no capacity, so it
    // never refuses a download and the pool never starts a fifth thread: on a busy night the feeds wait in
    // the queue behind four slow suppliers.
    private final ThreadPoolExecutor downloads = new ThreadPoolExecutor(4, 32, 60, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>());

    // Fine: a bounded queue lets the pool grow to 32 threads once 200 downloads are waiting.
    private final ThreadPoolExecutor boundedDownloads = new ThreadPoolExecutor(4, 32, 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(200));

    private final Download download;

    public FeedFetcher(Download download) {
        this.download = download;
    }

    /** Fetches every feed; the import needs them all. */
    public List<byte[]> fetchAll(List<URI> feeds) throws InterruptedException, ExecutionException {
        List<Future<byte[]>> pending = new ArrayList<>();
        for (URI feed : feeds) {
            pending.add(downloads.submit(() -> download.fetch(feed)));
        }
        List<byte[]> bodies = new ArrayList<>();
        for (Future<byte[]> body : pending) {
            // Bug: the first supplier that fails ends the loop. The import is aborted, but the other
            // downloads go on, unread, holding connections and pool threads, and a second broken feed is
            // never reported.
            bodies.add(body.get());
        }
        return bodies;
    }

    /** The same, reporting every broken feed, and only then failing. */
    public List<byte[]> fetchAllOrReport(List<URI> feeds) throws InterruptedException {
        List<Future<byte[]>> pending = new ArrayList<>();
        for (URI feed : feeds) {
            pending.add(boundedDownloads.submit(() -> download.fetch(feed)));
        }
        List<byte[]> bodies = new ArrayList<>();
        IllegalStateException broken = null;
        for (int i = 0; i < pending.size(); i++) {
            try {
                // Fine: each failure is caught here and the loop goes on to the next feed.
                bodies.add(pending.get(i).get());
            } catch (ExecutionException e) {
                IllegalStateException failure = new IllegalStateException("feed " + feeds.get(i) + " failed", e.getCause());
                if (broken == null) {
                    broken = failure;
                } else {
                    broken.addSuppressed(failure);
                }
            }
        }
        if (broken != null) {
            throw broken;
        }
        return bodies;
    }

    /** Fetches a one-off list of feeds an operator pasted into the admin page. */
    public void fetchPasted(List<URI> pasted) {
        // Bug: one thread per pasted line. Fine for the five feeds of a test, thousands of threads when an
        // operator pastes a whole supplier directory.
        ExecutorService perFeed = Executors.newFixedThreadPool(pasted.size());
        try {
            pasted.forEach(feed -> perFeed.execute(() -> fetchQuietly(feed)));
        } finally {
            perFeed.shutdown();
        }
    }

    /** The same, with as many threads as the work needs, not as the input is long. */
    public void fetchPastedBounded(List<URI> pasted) {
        // Fine: never more than 8 threads, however long the list.
        ExecutorService perFeed = Executors.newFixedThreadPool(Math.min(pasted.size(), 8));
        try {
            pasted.forEach(feed -> perFeed.execute(() -> fetchQuietly(feed)));
        } finally {
            perFeed.shutdown();
        }
    }

    /** Warms the CDN cache with every product image of a feed. */
    public void warmImages(List<URI> images) throws InterruptedException {
        // Bug: a cached pool starts a thread whenever none is idle, and each download blocks on the network:
        // a feed of 20 000 images starts thousands of threads at once.
        ExecutorService warmers = Executors.newCachedThreadPool();
        for (URI image : images) {
            warmers.execute(() -> {
                try (InputStream in = image.toURL().openStream()) {
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    System.err.println("image " + image + ": " + e);
                }
            });
        }
        warmers.shutdown();
        warmers.awaitTermination(10, TimeUnit.MINUTES);
    }

    /** The same, with at most 16 downloads in flight. */
    public void warmImagesBounded(List<URI> images) throws InterruptedException {
        // Fine: a fixed pool sized for the network, not for the feed.
        ExecutorService warmers = Executors.newFixedThreadPool(16);
        for (URI image : images) {
            warmers.execute(() -> fetchQuietly(image));
        }
        warmers.shutdown();
        warmers.awaitTermination(10, TimeUnit.MINUTES);
    }

    private void fetchQuietly(URI feed) {
        try {
            download.fetch(feed);
        } catch (Exception e) {
            System.err.println("feed " + feed + ": " + e);
        }
    }

    public void close() {
        downloads.shutdown();
        boundedDownloads.shutdown();
    }
}
