package com.example.shop.catalog;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.LongAdder;

/** Shrinks product images on the worker pool before they are uploaded, and shows progress to the admin. */
public final class ImageOptimizer {

    /** Recompresses one image in place; returns how many bytes that saved. */
    public interface Compressor {
        long shrink(Path image);
    }

    private final ExecutorService pool;
    private final Compressor compressor;
    private long bytesSaved;
    private final LongAdder imagesDone = new LongAdder();

    public ImageOptimizer(ExecutorService pool, Compressor compressor) {
        this.pool = pool;
        this.compressor = compressor;
    }

    /** Starts one task per image; the admin page polls the progress below. */
    public int optimizeAll(List<Path> images) {
        int queued = 0;
        for (Path image : images) {
            pool.execute(() -> {
                long saved = compressor.shrink(image);
                // Bug: the tasks of all images run at the same time on the pool's eight threads. Two of
                // them can read the same value of bytesSaved, each add their own saving and write back:
                // one image's saving vanishes, and the total on the admin page is too low.
                bytesSaved += saved;
                // Fine: LongAdder counts atomically, whatever threads call it at once.
                imagesDone.increment();
            });
            // Fine: a local of this method, seen by this thread only.
            queued++;
        }
        return queued;
    }

    public long bytesSaved() {
        return bytesSaved;
    }

    public long imagesDone() {
        return imagesDone.sum();
    }
}
