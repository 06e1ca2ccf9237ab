package dev.threadguard.rules.future;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FutureNeverReadTest {

    @TempDir
    Path dir;

    private RuleTester tester() {
        return RuleTester.forRule(FutureNeverRead.class, dir);
    }

    @Test
    void localsAndFieldsThatAreNeverRead() {
        tester().source("""
                package jobs;

                import java.util.ArrayList;
                import java.util.List;
                import java.util.concurrent.*;

                class Nightly {
                    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
                    private ScheduledFuture<?> cleanup;
                    private Future<?> lastExport;

                    void start(Runnable task) {
                        // BUG: future-never-read contains "field `cleanup` keeps the Future of `scheduler.scheduleAtFixedRate(...)` in `Nightly.start` but is only ever cancelled"
                        cleanup = scheduler.scheduleAtFixedRate(task, 1, 1, TimeUnit.HOURS);
                    }

                    void stop() {
                        cleanup.cancel(false);
                    }

                    void export(ExecutorService pool, Runnable job) {
                        // BUG: future-never-read contains "field `lastExport`"
                        this.lastExport = pool.submit(job);
                    }

                    void once(ExecutorService pool, Callable<String> job) {
                        // BUG: future-never-read contains "local `result` keeps the Future of `pool.submit(...)` in `Nightly.once` but is never read"
                        Future<String> result = pool.submit(job);
                        // BUG: future-never-read
                        var handle = pool.submit(job);
                        Future<?> polled;
                        // BUG: future-never-read contains "only asks isDone()"
                        polled = pool.submit(job);
                        if (polled.isDone()) {
                            System.out.println("done early");
                        }
                    }

                    void batch(ExecutorService pool, List<Callable<String>> jobs) {
                        List<Future<String>> pending = new ArrayList<>();
                        for (Callable<String> job : jobs) {
                            // BUG: future-never-read contains "are added to local `pending`"
                            pending.add(pool.submit(job));
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void futuresThatAreReadPassedOnOrNamedUnusedAreFine() {
        tester().source("""
                package jobs;

                import java.util.ArrayList;
                import java.util.List;
                import java.util.concurrent.*;

                class Careful {
                    private Future<?> running;
                    private final List<Future<?>> all = new ArrayList<>();

                    void start(ExecutorService pool, Runnable job) {
                        running = pool.submit(job);
                        all.add(pool.submit(job));
                    }

                    void await() throws Exception {
                        running.get();
                        for (Future<?> f : all) {
                            f.get();
                        }
                    }

                    String local(ExecutorService pool, Callable<String> job) throws Exception {
                        Future<String> f = pool.submit(job);
                        return f.get();
                    }

                    Future<String> returned(ExecutorService pool, Callable<String> job) {
                        Future<String> f = pool.submit(job);
                        return f;
                    }

                    void passedOn(ExecutorService pool, Callable<String> job, List<Future<String>> sink) {
                        Future<String> f = pool.submit(job);
                        sink.add(f);
                    }

                    void collectedAndChecked(ExecutorService pool, List<Callable<String>> jobs) throws Exception {
                        List<Future<String>> pending = new ArrayList<>();
                        for (Callable<String> job : jobs) {
                            pending.add(pool.submit(job));
                        }
                        for (Future<String> f : pending) {
                            f.get();
                        }
                    }

                    void deliberate(ExecutorService pool, Runnable job) {
                        Future<?> unused = pool.submit(job);
                        Future<?> ignored = pool.submit(job);
                    }

                    void capturedByLambda(ExecutorService pool, Callable<String> job) {
                        Future<String> f = pool.submit(job);
                        Runnable check = () -> {
                            try {
                                f.get();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        };
                        check.run();
                    }

                    void notAFuture(List<String> names) {
                        String first = names.get(0);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void comparingWithNullIsNoRead() {
        tester().source("""
                package jobs;

                import java.util.concurrent.*;

                class Export {
                    private final ExecutorService executor = Executors.newSingleThreadExecutor();
                    private volatile Future<?> export;

                    void start(Runnable task) {
                        // BUG: future-never-read contains "only asks isDone()"
                        export = executor.submit(task);
                    }

                    boolean running() {
                        return export != null && !export.isDone();
                    }

                    void local(Runnable task) {
                        // BUG: future-never-read contains "only ever cancelled"
                        Future<?> f = executor.submit(task);
                        if (f != null) {
                            f.cancel(true);
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aliasesOfFuturesOwnedElsewhereAreNotReported() {
        tester().source("""
                package jobs;

                import java.util.List;
                import java.util.Map;
                import java.util.concurrent.*;

                class Aliases {
                    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();

                    void cancelAll(List<ForkJoinTask<?>> tasks) {
                        for (int i = 0; i < tasks.size(); i++) {
                            ForkJoinTask<?> t;
                            if ((t = tasks.get(i)) != null) {
                                t.cancel(false);
                            }
                        }
                    }

                    void stop(String key, Holder holder) {
                        Future<?> f = running.remove(key);
                        if (f != null) {
                            f.cancel(true);
                        }
                        Future<?> g = holder.getFuture();
                        g.cancel(true);
                    }

                    interface Holder {
                        Future<?> getFuture();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void lambdaParametersAndLoopVariablesShadowFieldsOfTheSameName() {
        tester().source("""
                package jobs;

                import java.util.List;
                import java.util.concurrent.*;

                class Shadow {
                    private final ExecutorService pool = Executors.newFixedThreadPool(2);
                    private Future<?> task;

                    void start(Runnable r) {
                        // BUG: future-never-read contains "field `task`"
                        task = pool.submit(r);
                    }

                    void each(List<Future<?>> tasks) throws Exception {
                        tasks.forEach(task -> System.out.println(task.isDone()));
                        for (Future<?> task : tasks) {
                            task.get();
                        }
                        for (int i = 0; i < tasks.size(); i++) {
                            Future<?> task = tasks.get(i);
                            task.get();
                        }
                        try {
                            pool.shutdown();
                        } catch (RuntimeException task) {
                            System.out.println(task);
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void lombokGettersReadTheirFields() {
        tester().source("""
                import java.util.concurrent.*;

                class Job {
                    private final ExecutorService pool = Executors.newSingleThreadExecutor();
                    @lombok.Getter
                    private Future<?> lastRun;
                    private Future<?> hidden;

                    void run(Runnable r) {
                        lastRun = pool.submit(r);
                        // BUG: future-never-read
                        hidden = pool.submit(r);
                    }
                }
                """).source("""
                import java.util.concurrent.*;

                @lombok.Data
                class Report {
                    private final ExecutorService pool = Executors.newSingleThreadExecutor();
                    private Future<?> export;

                    void run(Runnable r) {
                        export = pool.submit(r);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aOneShotTaskKeptToCancelIsMediumAndANamedFutureGetterIsBorrowed() {
        List<Finding> findings = RuleTester.forRule(FutureNeverRead.class, dir).source("""
                package n;

                import java.util.concurrent.*;

                class KeepAlive {
                    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
                    private final Channel channel = new Channel();
                    private ScheduledFuture<?> idleTimeout;
                    private ScheduledFuture<?> pinger;
                    private Future<?> worker;

                    void start(Runnable onIdle, Runnable ping) {
                        // BUG: future-never-read contains "[kept to cancel a task that runs once]"
                        idleTimeout = executor.schedule(onIdle, 5, TimeUnit.SECONDS);
                        // BUG: future-never-read contains "field `pinger` keeps the Future of `executor.scheduleAtFixedRate(...)`"
                        pinger = executor.scheduleAtFixedRate(ping, 1, 1, TimeUnit.SECONDS);
                        // BUG: future-never-read contains "field `worker` keeps the Future of `executor.submit(...)`"
                        worker = executor.submit(() -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                ping.run();
                            }
                        });
                    }

                    void onAck() {
                        Future<?> shutdown = channel.shutdownFuture();
                        if (shutdown != null) {
                            shutdown.cancel(false);
                        }
                    }

                    void destroy() {
                        idleTimeout.cancel(false);
                        pinger.cancel(false);
                        worker.cancel(true);
                    }

                    static class Channel {
                        private volatile Future<?> pending;

                        Future<?> shutdownFuture() {
                            return pending;
                        }
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).extracting(f -> f.pos().line() + ":" + f.confidence())
                .containsExactlyInAnyOrder("14:MEDIUM", "16:HIGH", "18:HIGH");
    }
}
