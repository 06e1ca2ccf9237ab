package dev.threadguard;

import com.github.javaparser.JavaParser;
import dev.threadguard.cache.FactsCache;
import dev.threadguard.facts.FactExtractor;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.source.Diagnostic;
import dev.threadguard.source.FileLimits;
import dev.threadguard.source.JavaSources;
import dev.threadguard.source.SourceDiscovery.SourceFile;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Reads, parses and extracts the facts of every file on {@code threads} workers, so that no single file can
 * stop, hang or starve the run:
 * <ul>
 *   <li>a file above a size, token or nesting limit ({@link FileLimits}) is refused before it is parsed;</li>
 *   <li>memory: a worker parses a file only when the tokens of the files being parsed, this one included, fit
 *       in a pool sized from the heap (a file larger than the whole pool waits until it has it alone), so
 *       that the syntax trees alive at once stay bounded whatever the thread count;</li>
 *   <li>time: the calling thread watches the workers, and a file whose parse and fact extraction outlast
 *       the time limit is reported, its worker abandoned and replaced at once. The limit counts the processor
 *       time of the worker's thread, so that a busy machine does not make files time out (and wall-clock time
 *       {@value #WALL_FACTOR} times as long, for a thread that gets no processor at all). JavaParser cannot be
 *       interrupted; the abandoned thread is stopped with {@code Thread.stop}, which frees it and its memory
 *       on JDK 17 to 19. From JDK 20 on that throws: the thread is left to finish the one file on its own
 *       (a daemon, never waited for, its result dropped), which the size and nesting limits keep finite.</li>
 * </ul>
 * Each file's outcome is written once, by whoever claims it first: its worker, or the watchdog.
 */
final class FileWork {

    /** Parser recursion grows with nesting; a large stack lets deeply nested but valid files parse. */
    private static final long WORKER_STACK_BYTES = 64L << 20;

    /**
     * What parsing costs per token at its peak, trees and garbage, as measured on the JDK's sources (a tree
     * keeps about 300 to 500 bytes a token).
     */
    private static final long BYTES_PER_TOKEN = 1000;

    /** How many times the time limit a file may take by the clock, whatever processor time it used. */
    static final int WALL_FACTOR = 5;

    private static final java.lang.management.ThreadMXBean THREADS = threadBean();

    private final AnalysisOptions options;
    private final List<SourceFile> files;
    private final FileFacts[] facts;
    private final Diagnostic[] problems;
    private final ProgressListener progress;
    private final AtomicInteger next = new AtomicInteger();
    /** Files taken by a worker that was stopped before it could write their outcome: to be taken again. */
    private final java.util.Queue<Integer> retry = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicInteger done = new AtomicInteger();
    /** 1 once a file's outcome is written: by its worker, or by the watchdog when it took too long. */
    private final AtomicIntegerArray claimed;
    private final CountDownLatch finished;
    private final Semaphore tokens;
    private final int tokenPool;
    private final AtomicInteger workerCount = new AtomicInteger();
    private volatile Throwable failure;
    private final FactsCache cache;

    FileWork(AnalysisOptions options, List<SourceFile> files, FileFacts[] facts, Diagnostic[] problems,
             ProgressListener progress, FactsCache cache) {
        this.options = options;
        this.cache = cache;
        this.files = files;
        this.facts = facts;
        this.problems = problems;
        this.progress = progress;
        this.claimed = new AtomicIntegerArray(files.size());
        this.finished = new CountDownLatch(files.size());
        this.tokenPool = tokenPool(Runtime.getRuntime().maxMemory());
        this.tokens = new Semaphore(tokenPool, true);
    }

    /** The tokens that may be parsed at once: half the heap's worth. */
    static int tokenPool(long maxHeap) {
        long pool = maxHeap == Long.MAX_VALUE ? Integer.MAX_VALUE : maxHeap / 2 / BYTES_PER_TOKEN;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, pool));
    }

    /** Runs every file; returns when each has facts or a diagnostic. */
    void run() {
        int threads = Math.max(1, Math.min(options.threads(), files.size()));
        Worker[] workers = new Worker[threads];
        for (int w = 0; w < threads; w++) {
            workers[w] = start();
        }
        Duration timeout = options.limits().timeout();
        long budget = timeout.isZero() ? 0 : timeout.toNanos();
        // The watchdog looks a few times per budget, at most every 100 ms: a file is abandoned at most a
        // quarter of its budget late.
        long hundredMillis = TimeUnit.MILLISECONDS.toNanos(100);
        long poll = budget == 0 ? hundredMillis : Math.min(budget / 4, hundredMillis);
        try {
            while (!finished.await(Math.max(1, poll), TimeUnit.NANOSECONDS)) {
                if (failure != null) {
                    break;
                }
                if (budget == 0) {
                    continue;
                }
                long now = System.nanoTime();
                for (int w = 0; w < workers.length; w++) {
                    Worker worker = workers[w];
                    int file = worker.current;
                    if (file < 0) {
                        continue;
                    }
                    long wall = now - worker.started;
                    long cpu = worker.cpuStarted < 0 ? wall
                            : THREADS.getThreadCpuTime(worker.thread.getId()) - worker.cpuStarted;
                    if ((cpu > budget || wall > budget * WALL_FACTOR)
                            && worker.abandon(file, timedOut(file, timeout, cpu > budget))) {
                        workers[w] = start();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("analysis interrupted", e);
        } finally {
            for (Worker worker : workers) {
                worker.quit = true;
            }
        }
        Throwable f = failure;
        if (f != null) {
            // An Error in a worker (out of memory) must fail the run, not silently drop files.
            throw new IllegalStateException("analysis failed: " + f, f);
        }
    }

    private Diagnostic timedOut(int file, Duration timeout, boolean processor) {
        String spent = processor ? seconds(timeout) + " of processor time"
                : seconds(timeout.multipliedBy(WALL_FACTOR)) + " by the clock";
        return new Diagnostic(files.get(file).displayPath(), 1, 1, "given up after " + spent
                + ", above the time limit for one file (see --file-timeout)");
    }

    /** The JVM's thread bean with thread CPU time on, or null where it cannot measure it. */
    private static java.lang.management.ThreadMXBean threadBean() {
        try {
            java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
            if (bean.isCurrentThreadCpuTimeSupported() && bean.isThreadCpuTimeSupported()) {
                if (!bean.isThreadCpuTimeEnabled()) {
                    bean.setThreadCpuTimeEnabled(true);
                }
                return bean;
            }
        } catch (UnsupportedOperationException | SecurityException e) {
            // measured by the clock alone
        }
        return null;
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private Worker start() {
        Worker worker = new Worker();
        Thread t = new Thread(null, worker, "threadguard-worker-" + workerCount.incrementAndGet(), WORKER_STACK_BYTES);
        t.setDaemon(true);
        worker.thread = t;
        t.start();
        return worker;
    }

    /** Writes a file's outcome if nobody has: true when this call did. */
    private boolean claim(int file, FileFacts fileFacts, Diagnostic problem) {
        if (!claimed.compareAndSet(file, 0, 1)) {
            return false;
        }
        facts[file] = fileFacts;
        problems[file] = problem;
        progress.filesDone(done.incrementAndGet(), files.size());
        finished.countDown();
        return true;
    }

    private final class Worker implements Runnable {
        volatile Thread thread;
        /** The file whose budget runs, or -1. */
        volatile int current = -1;
        /** When the budget of {@link #current} started, by {@link System#nanoTime()}. */
        volatile long started;
        /** The thread's processor time then, or -1 where it cannot be measured. */
        volatile long cpuStarted = -1;
        /** Set when the watchdog gave up on this worker, or when the run is over: it takes no more files. */
        volatile boolean quit;
        /** The file this worker took last, until its outcome is written; -1 for none. */
        volatile int taken = -1;
        /** Tokens of the pool this worker holds; released by whoever sets it to 0 first. */
        private final AtomicInteger held = new AtomicInteger();

        @Override
        public void run() {
            JavaParser parser = new JavaParser(JavaSources.configuration(options.languageLevel()));
            try {
                while (!quit) {
                    Integer again = retry.poll();
                    int i = again != null ? again : next.getAndIncrement();
                    if (i >= files.size()) {
                        break;
                    }
                    taken = i;
                    analyse(i, parser);
                    taken = -1;
                }
            } catch (Throwable e) {
                if (!quit) {
                    failure = e;
                }
            } finally {
                release();
            }
        }

        private void analyse(int i, JavaParser parser) throws InterruptedException {
            SourceFile file = files.get(i);
            JavaSources.Source source = JavaSources.read(file.path(), file.displayPath(), options.encoding(),
                    options.limits());
            if (source.problem() != null) {
                claim(i, null, source.problem());
                return;
            }
            // Looked up once the file passed its limits, so that a cached file obeys the same limits as a fresh
            // one; only a parse's own outcome is saved, never a limit, a time-out or an internal error.
            FactsCache.Entry cached = cache.entry(file, options);
            if (cached.load()) {
                claim(i, cached.facts(), cached.problem());
                return;
            }
            int need = Math.max(1, Math.min(tokenPool, source.scan().tokens()));
            tokens.acquire(need);
            held.set(need);
            // The watchdog looks at a worker, and stops it, only while holding its monitor: a worker leaves a
            // file only through that monitor too, so a stop meant for one file cannot land in the next.
            synchronized (this) {
                started = System.nanoTime();
                cpuStarted = THREADS == null ? -1 : THREADS.getCurrentThreadCpuTime();
                current = i;
            }
            FileFacts result = null;
            Diagnostic problem;
            try {
                JavaSources.Parsed p = JavaSources.parse(source.text(), file.displayPath(), parser);
                problem = p.problem();
                if (problem == null) {
                    result = FactExtractor.extract(file.displayPath(), p.unit(), p.text());
                }
                cached.save(result, problem);
            } catch (StackOverflowError e) {
                problem = new Diagnostic(file.displayPath(), 1, 1, "too deeply nested to analyse (see --max-nesting)");
            } catch (RuntimeException e) {
                problem = new Diagnostic(file.displayPath(), 1, 1, "internal error while analysing this file: " + e);
            } finally {
                synchronized (this) {
                    current = -1;
                }
                release();
            }
            claim(i, result, problem);
        }

        private void release() {
            int n = held.getAndSet(0);
            if (n > 0) {
                tokens.release(n);
            }
        }

        /**
         * Gives up on this worker's file if it is still at {@code file}: writes {@code problem} as its outcome,
         * stops the thread where the JDK still can (17 to 19), and gives its tokens back to the pool either
         * way, so that the others go on. True if it gave up; the caller then starts a new worker.
         */
        boolean abandon(int file, Diagnostic problem) {
            boolean stopped;
            synchronized (this) {
                if (current != file || !claim(file, null, problem)) {
                    return false;
                }
                quit = true;
                stopped = stop(thread);
            }
            if (stopped) {
                try {
                    thread.join(TimeUnit.SECONDS.toMillis(1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                int t = taken;
                if (!thread.isAlive() && t >= 0 && t != file && claimed.get(t) == 0) {
                    retry.add(t); // taken in the instant before the stop arrived
                }
            }
            release();
            return true;
        }
    }

    /** {@code Thread.stop}, where it still works: true if it was sent. */
    @SuppressWarnings({"deprecation", "removal"})
    static boolean stop(Thread t) {
        try {
            t.stop();
            return true;
        } catch (UnsupportedOperationException | LinkageError e) {
            return false;
        }
    }
}
