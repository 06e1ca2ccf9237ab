package dev.threadguard.rules.future;

import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FutureResultIgnoredTest {

    @TempDir
    Path dir;

    private RuleTester tester() {
        return RuleTester.forRule("future-result-ignored", dir);
    }

    @Test
    void executorSubmissionsWhoseFutureIsDropped() {
        tester().source("""
                package shop;

                import java.util.List;
                import java.util.concurrent.*;

                class Orders {
                    private final ExecutorService executor = Executors.newFixedThreadPool(4);
                    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

                    void place(Runnable work, List<Callable<String>> batch) throws InterruptedException {
                        // BUG: future-result-ignored contains "`executor.submit(...)` (ExecutorService) in `Orders.place`"
                        executor.submit(work);
                        // BUG: future-result-ignored
                        this.executor.submit(() -> work.run());
                        // BUG: future-result-ignored contains "silently stops running"
                        scheduler.scheduleAtFixedRate(work, 0, 1, TimeUnit.SECONDS);
                        // BUG: future-result-ignored
                        scheduler.schedule(work, 5, TimeUnit.SECONDS);
                        // BUG: future-result-ignored contains "tasks that failed go unnoticed"
                        executor.invokeAll(batch);
                        ExecutorService local = Executors.newCachedThreadPool();
                        // BUG: future-result-ignored
                        local.submit(() -> "done");
                        // BUG: future-result-ignored
                        Executors.newSingleThreadExecutor().submit(work);
                        // BUG: future-result-ignored
                        pool().submit(work);
                        var inferred = Executors.newWorkStealingPool();
                        // BUG: future-result-ignored
                        inferred.submit(work);
                    }

                    private ExecutorService pool() {
                        return executor;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void projectMethodsReturningFutures() {
        tester().source("""
                package shop;

                import java.util.concurrent.Future;

                interface Mailer {
                    Future<Boolean> send(String to);
                    void sendNow(String to);
                }
                """).source("""
                package shop;

                class Signup {
                    private final Mailer mailer;

                    Signup(Mailer mailer) {
                        this.mailer = mailer;
                    }

                    void register(String email) {
                        // BUG: future-result-ignored contains "`Future<Boolean>` returned by `mailer.send(...)`"
                        mailer.send(email);
                        mailer.sendNow(email);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void correctFormsAreNotReported() {
        tester().source("""
                package shop;

                import java.util.concurrent.*;

                class Correct {
                    private final ExecutorService executor = Executors.newFixedThreadPool(2);
                    private final CompletionService<String> completion = new ExecutorCompletionService<>(executor);

                    Future<?> returned(Runnable r) {
                        return executor.submit(r);
                    }

                    void observed(Callable<String> c) throws Exception {
                        executor.submit(c).get();
                        Future<String> f = executor.submit(c);
                        System.out.println(f.get(1, TimeUnit.SECONDS));
                    }

                    void fireAndForgetWithExecute(Runnable r) {
                        executor.execute(r);
                    }

                    void completionServiceTaken(Callable<String> c) throws Exception {
                        completion.submit(c);
                        completion.submit(c);
                        for (int i = 0; i < 2; i++) {
                            completion.take().get();
                        }
                    }

                    void taskHandlesItsOwnFailures() {
                        executor.submit(() -> {
                            try {
                                risky();
                            } catch (Exception e) {
                                System.err.println("failed: " + e);
                            }
                        });
                        executor.submit(this::guarded);
                        executor.submit(new Runnable() {
                            @Override
                            public void run() {
                                try {
                                    risky();
                                } catch (Throwable t) {
                                    System.err.println(t);
                                }
                            }
                        });
                    }

                    void forkJoin(RecursiveTask<Integer> task) {
                        task.fork();
                        task.join();
                    }

                    void cancelling(Future<?> f) {
                        f.cancel(true);
                    }

                    void invokeAnyThrowsItsOwnFailures(java.util.List<Callable<String>> tasks) throws Exception {
                        executor.invokeAny(tasks);
                    }

                    private void guarded() {
                        try {
                            risky();
                        } catch (RuntimeException e) {
                            System.err.println(e);
                        }
                    }

                    private void risky() {
                    }
                }
                """).source("""
                package shop;

                /** A project type whose submit returns nothing: not a Future. */
                class JobQueue {
                    void submit(Runnable job) {
                    }

                    void use() {
                        submit(() -> { });
                        new JobQueue().submit(() -> { });
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void unresolvedExecutorTypeFallsBackOnNamesWithLowConfidence() {
        List<Finding> findings = tester().source("""
                package shop;

                import com.vendor.concurrent.ManagedPool;

                class Vendor {
                    private ManagedPool workerPool;
                    private com.vendor.forms.Form form;

                    void run(Runnable r) {
                        // BUG: future-result-ignored contains "matched by method name"
                        workerPool.submit(r);
                        form.submit(r);
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).extracting(Finding::confidence).containsExactly(Confidence.LOW);
    }

    @Test
    void resolvedFindingsHaveHighConfidence() {
        List<Finding> findings = tester().source("""
                import java.util.concurrent.ExecutorService;

                class Plain {
                    void go(ExecutorService e) {
                        // BUG: future-result-ignored
                        e.submit(() -> 1);
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).extracting(Finding::confidence).containsExactly(Confidence.HIGH);
    }

    @Test
    void inheritedExecutorFieldsAndNestedTypesResolve() {
        tester().source("""
                package app.base;

                import java.util.concurrent.ScheduledThreadPoolExecutor;

                public abstract class Service {
                    protected final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);

                    protected static class Worker {
                        public java.util.concurrent.Future<?> start() {
                            return null;
                        }
                    }
                }
                """).source("""
                package app;

                import app.base.Service;

                class Billing extends Service {
                    void tick(Runnable r) {
                        // BUG: future-result-ignored
                        timers.scheduleWithFixedDelay(r, 1, 1, java.util.concurrent.TimeUnit.MINUTES);
                        // BUG: future-result-ignored
                        new Worker().start();
                        Runnable later = new Runnable() {
                            public void run() {
                                // BUG: future-result-ignored
                                timers.submit(r);
                            }
                        };
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void suppressionsSilenceTheRule() {
        tester().source("""
                import java.util.concurrent.ExecutorService;

                class Quiet {
                    @SuppressWarnings("threadguard:future-result-ignored")
                    void a(ExecutorService e) {
                        e.submit(() -> 1);
                    }

                    @SuppressWarnings({"unchecked", "threadguard"})
                    void b(ExecutorService e) {
                        e.submit(() -> 1);
                    }

                    void c(ExecutorService e) {
                        e.submit(() -> 1); // threadguard:ignore future-result-ignored
                        e.submit(() -> 2); // threadguard:ignore
                        // BUG: future-result-ignored
                        e.submit(() -> 3); // threadguard:ignore some-other-rule
                    }

                    @SuppressWarnings("threadguard:some-other-rule")
                    void d(ExecutorService e) {
                        // BUG: future-result-ignored
                        e.submit(() -> 4);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void expressionLambdasOnlyDiscardTheirValueWhenTheTargetReturnsNothing() {
        tester().source("""
                package shop;

                import java.util.List;
                import java.util.Map;
                import java.util.concurrent.*;

                class Lambdas {
                    private final ExecutorService executor = Executors.newFixedThreadPool(2);

                    List<Future<String>> mapped(List<String> ids) {
                        return ids.stream().map(id -> executor.submit(() -> id)).toList();
                    }

                    Future<?> cached(Map<String, Future<?>> cache, Runnable r) {
                        return cache.computeIfAbsent("k", k -> executor.submit(r));
                    }

                    Callable<Future<?>> deferred(Runnable r) {
                        return () -> executor.submit(r);
                    }

                    void dropped(List<Runnable> jobs) {
                        // BUG: future-result-ignored
                        jobs.forEach(job -> executor.submit(job));
                        // BUG: future-result-ignored
                        new Thread(() -> executor.submit(jobs.get(0))).start();
                        jobs.forEach(job -> {
                            // BUG: future-result-ignored
                            executor.submit(job);
                        });
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void wildcardsAreQuotedAsWritten() {
        tester().source("""
                package shop;

                import java.util.concurrent.Future;

                interface Audit {
                    Future<?> record(String event);
                    Future<? extends Number> count();
                }
                """).source("""
                package shop;

                class Uses {
                    void go(Audit audit) {
                        // BUG: future-result-ignored contains "the `Future<?>` returned by `audit.record(...)`"
                        audit.record("x");
                        // BUG: future-result-ignored contains "`Future<? extends Number>`"
                        audit.count();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void invokeAllOnAKnownExecutorIsHighConfidence() {
        List<Finding> findings = tester().source("""
                import java.util.List;
                import java.util.concurrent.*;

                class Batch {
                    void all(ExecutorService pool, List<Callable<String>> jobs) throws InterruptedException {
                        // BUG: future-result-ignored
                        pool.invokeAll(jobs);
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).extracting(Finding::confidence).containsExactly(Confidence.HIGH);
    }
}
