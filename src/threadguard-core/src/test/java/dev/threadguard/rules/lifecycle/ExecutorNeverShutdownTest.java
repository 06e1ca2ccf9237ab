package dev.threadguard.rules.lifecycle;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutorNeverShutdownTest {

    @TempDir
    Path dir;

    @Test
    void localsLeftRunningOnSomePath() {
        List<Finding> findings = RuleTester.forRule(ExecutorNeverShutdown.class, dir).source("""
                package l;

                import java.util.List;
                import java.util.concurrent.*;

                class QuoteService {
                    String quote(List<Callable<String>> suppliers) throws Exception {
                        // BUG: executor-never-shutdown contains "local `pool`, created by `Executors.newFixedThreadPool(...)` in `QuoteService.quote`, is never shut down"
                        ExecutorService pool = Executors.newFixedThreadPool(4);
                        return pool.invokeAny(suppliers);
                    }

                    String cached(boolean quick, Callable<String> job) throws Exception {
                        // BUG: executor-never-shutdown contains "not shut down on the path through the `return` at line 17"
                        ExecutorService pool = Executors.newSingleThreadExecutor();
                        if (quick) {
                            return "cached";
                        }
                        String s = pool.submit(job).get();
                        pool.shutdown();
                        return s;
                    }

                    void maybe(boolean done, Runnable r) {
                        // BUG: executor-never-shutdown contains "shut down only under a condition (line 29)"
                        ExecutorService pool = Executors.newCachedThreadPool();
                        pool.execute(r);
                        if (done) {
                            pool.shutdown();
                        }
                    }

                    void each(List<Runnable> jobs) {
                        for (Runnable job : jobs) {
                            // BUG: executor-never-shutdown contains "`continue` at line 38"
                            ExecutorService pool = Executors.newSingleThreadExecutor();
                            if (job == null) {
                                continue;
                            }
                            pool.execute(job);
                            pool.shutdown();
                        }
                    }

                    void failing(Callable<String> job) {
                        // BUG: executor-never-shutdown contains "`throw` at line 51"
                        ExecutorService pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
                        try {
                            pool.submit(job).get();
                        } catch (ExecutionException e) {
                            throw new IllegalStateException(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        pool.shutdown();
                    }

                    void oneOff(Runnable r) {
                        // BUG: executor-never-shutdown contains "is used once and dropped"
                        Executors.newSingleThreadExecutor().execute(r);
                        // BUG: executor-never-shutdown contains "`Executors.newFixedThreadPool(...)` in `QuoteService.oneOff` is used once"
                        CompletableFuture.runAsync(r, Executors.newFixedThreadPool(2)).join();
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings.get(1).trace()).singleElement()
                .satisfies(t -> assertThat(t.message()).contains("this `return` leaves without shutting `pool` down"));
    }

    @Test
    void localsShutDownOnEveryPathHandedOnOrReturnedAreFine() {
        RuleTester.forRule(ExecutorNeverShutdown.class, dir).source("""
                package l;

                import java.util.List;
                import java.util.concurrent.*;

                class Careful {
                    String inFinally(List<Callable<String>> jobs) throws Exception {
                        ExecutorService pool = Executors.newFixedThreadPool(4);
                        try {
                            return pool.invokeAny(jobs);
                        } finally {
                            pool.shutdownNow();
                        }
                    }

                    void withResources(Runnable r) {
                        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                            pool.execute(r);
                        }
                    }

                    void straight(Runnable r) {
                        ExecutorService pool = Executors.newSingleThreadExecutor();
                        pool.execute(r);
                        pool.shutdown();
                    }

                    void assignedInTry(Callable<String> job) throws Exception {
                        ExecutorService pool = null;
                        try {
                            pool = Executors.newFixedThreadPool(2);
                            pool.submit(job).get();
                        } finally {
                            if (pool != null) {
                                pool.shutdown();
                            }
                        }
                    }

                    ExecutorService made() {
                        ExecutorService pool = Executors.newSingleThreadExecutor();
                        return pool;
                    }

                    void handedOn(Registry registry) {
                        ExecutorService pool = Executors.newSingleThreadExecutor();
                        registry.adopt(pool);
                    }

                    void closedWhenDone(Callable<String> job) {
                        ExecutorService pool = Executors.newSingleThreadExecutor();
                        CompletableFuture.supplyAsync(() -> "x", pool).whenComplete((v, e) -> pool.shutdown());
                    }

                    void closedByHook() {
                        ExecutorService pool = Executors.newSingleThreadExecutor();
                        Runtime.getRuntime().addShutdownHook(new Thread(pool::shutdown));
                    }

                    void helper(Runnable r) throws InterruptedException {
                        ExecutorService pool = Executors.newSingleThreadExecutor();
                        pool.execute(r);
                        shutdownAndAwait(pool);
                    }

                    void virtualThreads(Runnable r) {
                        ExecutorService perTask = Executors.newVirtualThreadPerTaskExecutor();
                        perTask.execute(r);
                    }

                    void shared(Runnable r) {
                        ForkJoinPool.commonPool().execute(r);
                    }

                    static void shutdownAndAwait(ExecutorService pool) throws InterruptedException {
                        pool.shutdown();
                        pool.awaitTermination(1, TimeUnit.SECONDS);
                    }

                    interface Registry {
                        void adopt(ExecutorService pool);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void fieldsThatNoMethodOfTheirClassShutsDown() {
        RuleTester.forRule(ExecutorNeverShutdown.class, dir).source("""
                package f;

                import java.util.concurrent.*;

                class Indexer {
                    // BUG: executor-never-shutdown contains "field `workers` holds the executor created by `Executors.newFixedThreadPool(...)`, which no method of `Indexer` shuts down"
                    private final ExecutorService workers = Executors.newFixedThreadPool(4);
                    // BUG: executor-never-shutdown contains "static field `TICKER`"
                    private static final ScheduledExecutorService TICKER = Executors.newSingleThreadScheduledExecutor();
                    private static final ExecutorService DAEMONS = Executors.newCachedThreadPool(Indexer::daemon);
                    private final ExecutorService closed = Executors.newFixedThreadPool(2);
                    private final ExecutorService viaAlias;
                    private final ExecutorService handedOut = Executors.newSingleThreadExecutor();
                    private final ThreadPoolExecutor idleEnds = new ThreadPoolExecutor(2, 2, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
                    private final ExecutorService injected;
                    private ExecutorService started;

                    Indexer(ExecutorService injected) {
                        this.injected = injected;
                        // BUG: executor-never-shutdown contains "field `viaAlias`"
                        viaAlias = Executors.newSingleThreadExecutor();
                        idleEnds.allowCoreThreadTimeOut(true);
                    }

                    void start() {
                        started = new ScheduledThreadPoolExecutor(1);
                    }

                    ExecutorService handedOut() {
                        return handedOut;
                    }

                    void stop() {
                        closed.shutdown();
                        ExecutorService s = started;
                        if (s != null) {
                            s.shutdownNow();
                        }
                    }

                    static Thread daemon(Runnable r) {
                        Thread t = new Thread(r);
                        t.setDaemon(true);
                        return t;
                    }
                }
                """).source("""
                package f;

                import java.util.concurrent.*;

                class Shared {
                    final ExecutorService pool = Executors.newFixedThreadPool(2);
                }
                """).source("""
                package f;

                class Owner {
                    void close(Shared shared) {
                        shared.pool.shutdown();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void projectExecutorsAreExecutorsAndOtherPoolsAreNot() {
        RuleTester.forRule(ExecutorNeverShutdown.class, dir).source("""
                package p;

                import java.util.*;
                import java.util.concurrent.*;

                class InlinePool extends AbstractExecutorService {
                    public void execute(Runnable r) { r.run(); }
                    public void shutdown() { }
                    public List<Runnable> shutdownNow() { return List.of(); }
                    public boolean isShutdown() { return false; }
                    public boolean isTerminated() { return false; }
                    public boolean awaitTermination(long t, TimeUnit u) { return true; }
                }

                class ConnectionPool {
                    void borrow() { }
                }

                class User {
                    void use(Runnable r) {
                        // BUG: executor-never-shutdown contains "created by `new InlinePool(...)`"
                        InlinePool pool = new InlinePool();
                        pool.execute(r);
                        ConnectionPool connections = new ConnectionPool();
                        connections.borrow();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aStaticHelperNamedShutdownNowShutsItsArgumentDown() {
        RuleTester.forRule(ExecutorNeverShutdown.class, dir).source("""
                package e;

                import java.util.concurrent.ExecutorService;
                import java.util.concurrent.Executors;

                final class Pools {
                    static void shutdownNow(Class<?> owner, ExecutorService pool, Object log) {
                        if (pool != null) {
                            pool.shutdownNow();
                        }
                    }
                }

                class Scanner {
                    private final ExecutorService runner = Executors.newFixedThreadPool(2);
                    // BUG: executor-never-shutdown contains "field `forgotten`"
                    private final ExecutorService forgotten = Executors.newFixedThreadPool(2);

                    void run() {
                        runner.execute(() -> { });
                        forgotten.execute(() -> { });
                    }

                    void stop() {
                        Pools.shutdownNow(getClass(), runner, null);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aPoolWithoutCoreThreadsEndsItsIdleThreadsByItself() {
        RuleTester.forRule(ExecutorNeverShutdown.class, dir).source("""
                package e;

                import java.util.concurrent.LinkedBlockingQueue;
                import java.util.concurrent.ThreadPoolExecutor;
                import java.util.concurrent.TimeUnit;

                class Updater {
                    private final ThreadPoolExecutor elastic = new ThreadPoolExecutor(0, 1, 60, TimeUnit.SECONDS,
                            new LinkedBlockingQueue<>(2));
                    // BUG: executor-never-shutdown contains "field `sticky`"
                    private final ThreadPoolExecutor sticky = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS,
                            new LinkedBlockingQueue<>(2));

                    void update(Runnable r) {
                        elastic.execute(r);
                        sticky.execute(r);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void poolsWhoseThreadsEndByThemselvesAreMediumAndCloserObjectsShutDown() {
        List<Finding> findings = RuleTester.forRule(ExecutorNeverShutdown.class, dir).source("""
                package c;

                import java.util.*;
                import java.util.concurrent.*;

                final class ExecutorCloser {
                    private final ExecutorService pool;
                    ExecutorCloser(ExecutorService pool) { this.pool = pool; }
                    void close() { pool.shutdownNow(); }
                }

                class VirtualThreadExecutor extends AbstractExecutorService {
                    public void execute(Runnable r) { Thread.ofVirtual().start(r); }
                    public void shutdown() { }
                    public List<Runnable> shutdownNow() { return List.of(); }
                    public boolean isShutdown() { return false; }
                    public boolean isTerminated() { return false; }
                    public boolean awaitTermination(long t, TimeUnit u) { return true; }
                }

                class Resolver {
                    // BUG: executor-never-shutdown contains "[a cached pool's idle threads end 60 s after their last task]"
                    private final ExecutorService lookups = Executors.newCachedThreadPool();
                    // BUG: executor-never-shutdown contains "[shut down by the JDK once the owning object is unreachable]"
                    private final ExecutorService tail = Executors.newSingleThreadExecutor();
                    // BUG: executor-never-shutdown contains "static field `SINGLE`"
                    private static final ExecutorService SINGLE = Executors.newSingleThreadExecutor();
                    // BUG: executor-never-shutdown contains "field `fixed`"
                    private final ExecutorService fixed = Executors.newFixedThreadPool(2);
                    private final ExecutorService closedByCloser = Executors.newFixedThreadPool(2);
                    private final ExecutorService virtual = new VirtualThreadExecutor();

                    void use(Runnable r) {
                        lookups.execute(r);
                        tail.execute(r);
                        SINGLE.execute(r);
                        fixed.execute(r);
                        closedByCloser.execute(r);
                        virtual.execute(r);
                    }

                    void deactivate() {
                        new ExecutorCloser(closedByCloser).close();
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).extracting(f -> f.pos().line() + ":" + f.confidence())
                .containsExactly("23:MEDIUM", "25:MEDIUM", "27:HIGH", "29:HIGH");
    }

    @Test
    void aPoolOfAClassMadeOnlyInStaticFieldsIsMedium() {
        List<Finding> findings = RuleTester.forRule(ExecutorNeverShutdown.class, dir).source("""
                package s;

                import java.util.concurrent.*;

                class RebalanceTimer {
                    // BUG: executor-never-shutdown contains "every `new RebalanceTimer(...)` of the sources is kept in a static field"
                    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(1);

                    void later(Runnable r) {
                        timer.schedule(r, 1, TimeUnit.SECONDS);
                    }
                }
                """).source("""
                package s;

                import java.util.concurrent.*;

                class Session {
                    // BUG: executor-never-shutdown contains "field `workers`"
                    private final ExecutorService workers = Executors.newFixedThreadPool(2);

                    void run(Runnable r) {
                        workers.execute(r);
                    }
                }
                """).source("""
                package s;

                class Stages {
                    private static final RebalanceTimer TIMER = new RebalanceTimer();
                    private static final Session SHARED = new Session();

                    Session open() {
                        return new Session();
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).extracting(f -> f.path().substring(f.path().lastIndexOf('/') + 1) + ":" + f.confidence())
                .containsExactlyInAnyOrder("RebalanceTimer.java:MEDIUM", "Session.java:HIGH");
    }
}
