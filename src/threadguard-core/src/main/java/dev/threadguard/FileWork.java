package dev.threadguard;

import com.github.javaparser.JavaParser;
import dev.threadguard.cache.FactsCache;
import dev.threadguard.cache.FileOutcome;
import dev.threadguard.facts.FactExtractor;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.source.Diagnostic;
import dev.threadguard.source.FileLimits;
import dev.threadguard.source.JavaSources;
import dev.threadguard.source.SourceDiscovery.SourceFile;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
 *       interrupted. With {@linkplain ParseIsolation parse processes} (by default on JDK 20 and later), each
 *       worker sends its files to a {@link ParseWorker} process of its own, which ends itself when a file's
 *       parsing thread passes the budget of processor time, and which the watchdog kills past the wall-clock
 *       limit; the worker then reports the file and starts a fresh process for the next, and the killed one
 *       takes its thread and memory with it. In threads, the abandoned thread is stopped with
 *       {@code Thread.stop}, which frees it and its memory on JDK 17 to 19; from JDK 20 on that throws, and
 *       the thread is left to finish the one file on its own (a daemon, never waited for, its result
 *       dropped).</li>
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
    /** Starts the parse processes; null when files are parsed in this JVM's threads. */
    private final ParseProcess.Launcher launcher;
    /** Every parse process started, so that none outlives the run. */
    private final List<ParseProcess> processes = Collections.synchronizedList(new ArrayList<>());

    FileWork(AnalysisOptions options, List<SourceFile> files, FileFacts[] facts, Diagnostic[] problems,
             ProgressListener progress, FactsCache cache) {
        this(options, files, facts, problems, progress, cache,
                options.isolation().wantsProcesses(options.limits().timeout()) ? ParseProcess.Launcher.current()
                        : null);
    }

    /** Parsing in processes started by {@code launcher}, or in threads when it is null. */
    FileWork(AnalysisOptions options, List<SourceFile> files, FileFacts[] facts, Diagnostic[] problems,
             ProgressListener progress, FactsCache cache, ParseProcess.Launcher launcher) {
        this.launcher = launcher;
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
                    // A parse process watches its own processor time, and ends itself past the budget.
                    long cpu = worker.isolated ? 0 : worker.cpuStarted < 0 ? wall
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
            endProcesses();
        }
        Throwable f = failure;
        if (f != null) {
            // An Error in a worker (out of memory) must fail the run, not silently drop files.
            throw new IllegalStateException("analysis failed: " + f, f);
        }
    }

    /**
     * Ends every parse process before the run returns: an idle one at the end of its input, one still busy
     * (a failed run) killed. When this returns, no process of the run is left.
     */
    private void endProcesses() {
        List<ParseProcess> all;
        synchronized (processes) {
            all = new ArrayList<>(processes);
        }
        for (ParseProcess p : all) {
            p.close();
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

    /** Why a parse process ended before it answered, as the outcome of the file it was parsing. */
    private Diagnostic ended(int file, int exitCode) {
        String path = files.get(file).displayPath();
        if (exitCode == ParseWorker.OUT_OF_TIME) {
            return timedOut(file, options.limits().timeout(), true);
        }
        if (exitCode == 3) { // -XX:+ExitOnOutOfMemoryError
            return new Diagnostic(path, 1, 1, "given up: parsing it needed more memory than the heap has "
                    + "(see --max-tokens)");
        }
        return new Diagnostic(path, 1, 1, "internal error while analysing this file: the parse process ended "
                + "with exit code " + exitCode);
    }

    /** What one file gave, and whether it is the parse's own outcome (cached) rather than an internal error. */
    record Analysed(FileOutcome outcome, boolean cacheable) {
    }

    /** Parses {@code text} and extracts its facts: the one way, in a thread of the run or in a parse process. */
    static Analysed analyse(String path, String text, JavaParser parser) {
        try {
            JavaSources.Parsed p = JavaSources.parse(text, path, parser);
            if (p.problem() != null) {
                return new Analysed(new FileOutcome(null, p.problem()), true);
            }
            return new Analysed(new FileOutcome(FactExtractor.extract(path, p.unit(), p.text()), null), true);
        } catch (StackOverflowError e) {
            return new Analysed(new FileOutcome(null, tooDeep(path)), false);
        } catch (RuntimeException e) {
            return new Analysed(new FileOutcome(null, internalError(path, e)), false);
        }
    }

    static Diagnostic tooDeep(String path) {
        return new Diagnostic(path, 1, 1, "too deeply nested to analyse (see --max-nesting)");
    }

    static Diagnostic internalError(String path, RuntimeException e) {
        return new Diagnostic(path, 1, 1, "internal error while analysing this file: " + e);
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
        /** Whether this worker's files go to a parse process. */
        volatile boolean isolated = launcher != null;
        /** The parse process of this worker, started before its first file and after one was killed. */
        private volatile ParseProcess child;
        /** The parser of this thread, when it parses here. */
        private JavaParser parser;

        @Override
        public void run() {
            try {
                while (!quit) {
                    Integer again = retry.poll();
                    int i = again != null ? again : next.getAndIncrement();
                    if (i >= files.size()) {
                        break;
                    }
                    taken = i;
                    analyse(i);
                    taken = -1;
                }
            } catch (Throwable e) {
                if (!quit) {
                    failure = e;
                }
            } finally {
                release();
                ParseProcess c = child;
                if (c != null) {
                    c.close();
                }
            }
        }

        /** This worker's parse process, a fresh one if there is none or it was killed; null to parse here. */
        private ParseProcess child() {
            ParseProcess c = child;
            if (c != null && c.usable()) {
                return c;
            }
            if (c != null) {
                c.close();
            }
            try {
                c = launcher.start(options.languageLevel(), options.limits().timeout().toNanos());
                processes.add(c);
            } catch (IOException e) {
                // Cannot start a process here (out of process slots): this worker parses in its thread.
                isolated = false;
                c = null;
            }
            child = c;
            return c;
        }

        private void analyse(int i) throws InterruptedException {
            SourceFile file = files.get(i);
            JavaSources.Source raw = JavaSources.readBytes(file.path(), file.displayPath(), options.limits());
            if (raw.problem() != null) {
                claim(i, null, raw.problem());
                return;
            }
            // Looked up by the bytes, before they are decoded and scanned: an entry is keyed by the limits that
            // depend only on the bytes (tokens, nesting), so a file found there passed the same limits when it
            // was saved. Only a parse's own outcome is saved, never a limit, a time-out or an internal error.
            FactsCache.Entry cached = cache.entry(file, raw.bytes(), options);
            if (cached.load()) {
                claim(i, cached.facts(), cached.problem());
                return;
            }
            JavaSources.Source source = JavaSources.decode(raw.bytes(), file.displayPath(), options.encoding(),
                    options.limits());
            if (source.problem() != null) {
                claim(i, null, source.problem());
                return;
            }
            // Started before the budget runs, and before taking tokens: a start-up is not the file's time.
            ParseProcess process = isolated ? child() : null;
            int need = Math.max(1, Math.min(tokenPool, source.scan().tokens()));
            tokens.acquire(need);
            held.set(need);
            if (process == null && parser == null) {
                parser = new JavaParser(JavaSources.configuration(options.languageLevel()));
            }
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
                if (process != null) {
                    ParseProcess.Answer answer = null;
                    try {
                        answer = process.parse(file.displayPath(), source.text());
                    } catch (IOException e) {
                        // Killed by the watchdog (then the file is claimed already), or ended by itself.
                    }
                    if (answer == null) {
                        problem = ended(i, process.exitCode(TimeUnit.SECONDS.toMillis(5)));
                    } else {
                        try {
                            FileOutcome outcome = FileOutcome.decode(answer.outcome(), file.displayPath());
                            result = outcome.facts();
                            problem = outcome.problem();
                            if (answer.cacheable()) {
                                cached.save(answer.outcome());
                            }
                        } catch (IOException e) {
                            problem = new Diagnostic(file.displayPath(), 1, 1,
                                    "internal error while analysing this file: unreadable answer of the parse "
                                            + "process: " + e.getMessage());
                        }
                    }
                } else {
                    Analysed analysed = FileWork.analyse(file.displayPath(), source.text(), parser);
                    result = analysed.outcome().facts();
                    problem = analysed.outcome().problem();
                    if (analysed.cacheable()) {
                        cached.save(result, problem);
                    }
                }
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
                if (isolated) {
                    // The process goes, and with it the parse; this worker starts another for its next file.
                    child.kill();
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
