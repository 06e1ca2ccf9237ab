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
        return RuleTester.forRule(FutureResultIgnored.class, dir);
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

    @Test
    void aFutureTheCallerAlreadyHoldsIsNotLostWhenTheEchoIsDropped() {
        tester().source("""
                package fj;

                import java.util.concurrent.*;

                class Pool {
                    private final ForkJoinPool pool = new ForkJoinPool();
                    private final ExecutorService executor = Executors.newCachedThreadPool();

                    <T> T invoke(ForkJoinTask<T> task) {
                        pool.submit(task);
                        return task.join();
                    }

                    <T> T checked(ForkJoinTask<T> task) {
                        pool.submit(java.util.Objects.requireNonNull(task));
                        return task.join();
                    }

                    String run(FutureTask<String> job) throws Exception {
                        executor.submit(job);
                        return job.get();
                    }

                    void adapted(Runnable r) {
                        // BUG: future-result-ignored
                        pool.submit(ForkJoinTask.adapt(r));
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void outcomesDeliveredToACallbackAreNotLost() {
        tester().source("""
                package io;

                import java.nio.ByteBuffer;
                import java.nio.channels.AsynchronousFileChannel;
                import java.nio.channels.CompletionHandler;
                import java.util.concurrent.Future;

                class Reader {
                    void read(AsynchronousFileChannel ch, ByteBuffer buf, CompletionHandler<Integer, Void> done) {
                        ch.read(buf, 0L, null, done);
                        // BUG: future-result-ignored
                        ch.read(buf, 0L);
                    }

                    Future<String> fetch(String key, Listener listener) {
                        return null;
                    }

                    void use(Listener l) {
                        fetch("k", l);
                    }

                    interface Listener {
                        void done(String value);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void theInsidesOfAFutureImplementationAreLeftAlone() {
        tester().source("""
                package mine;

                import java.util.concurrent.*;

                abstract class Promise<T> implements Future<T> {
                    abstract Promise<T> fire(int mode);

                    void propagate() {
                        fire(0);
                    }

                    static class Step implements Runnable {
                        Promise<?> next;

                        public void run() {
                            next.fire(1);
                        }
                    }
                }
                """).source("""
                package mine;

                class User {
                    Promise<String> start() {
                        return null;
                    }

                    void use(Promise<String> p) {
                        // BUG: future-result-ignored
                        start();
                        p.fire(0).fire(1);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aFutureThatAlreadyHasAListenerMayBeDropped() {
        tester().source("""
                package net;

                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.Future;

                abstract class Channel {
                    abstract Sent write(String packet);

                    interface Sent extends Future<Void> {
                        Sent addListener(Runnable onDone);
                    }
                }
                """).source("""
                package net;

                class Client {
                    private final Channel channel;
                    private final Runnable logFailure = () -> { };

                    Client(Channel channel) {
                        this.channel = channel;
                    }

                    private Channel.Sent send(String packet) {
                        Channel.Sent sent = channel.write(packet);
                        sent.addListener(logFailure);
                        return sent;
                    }

                    private Channel.Sent sendAndFlush(String packet) {
                        return send(packet);
                    }

                    private Channel.Sent sendBare(String packet) {
                        return channel.write(packet);
                    }

                    void use() {
                        send("a");
                        sendAndFlush("b");
                        // BUG: future-result-ignored
                        sendBare("c");
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void taskObjectsWhoseRunGuardsItselfReportTheirOwnFailures() {
        tester().source("""
                package srv;

                import java.util.concurrent.*;

                class Acceptor {
                    private final ExecutorService pool = Executors.newCachedThreadPool();

                    class Guarded implements Runnable {
                        public void run() {
                            while (!Thread.currentThread().isInterrupted()) {
                                try {
                                    accept();
                                } catch (Exception e) {
                                    System.err.println(e);
                                }
                            }
                        }
                    }

                    class Unguarded implements Runnable {
                        public void run() {
                            accept();
                        }
                    }

                    void start() {
                        pool.submit(new Guarded());
                        Runnable held = new Guarded();
                        Guarded typed = new Guarded();
                        pool.submit(typed);
                        // BUG: future-result-ignored
                        pool.submit(new Unguarded());
                    }

                    void accept() {
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aFutureReachedThroughAGetterIsStillHeld() {
        RuleTester.forRule(CompletionStageUnhandled.class, dir).source("""
                package k;

                import java.util.concurrent.CompletableFuture;

                class Trigger {
                    <T> CompletableFuture<T> setActive(CompletableFuture<T> task) {
                        return task;
                    }
                }
                """).source("""
                package k;

                import java.util.concurrent.CompletableFuture;

                class Consumer {
                    private final Trigger trigger = new Trigger();

                    static class Event {
                        private final CompletableFuture<String> future = new CompletableFuture<>();

                        CompletableFuture<String> future() {
                            return future;
                        }
                    }

                    String fetch(Event event) {
                        trigger.setActive(event.future());
                        return event.future().join();
                    }

                    void lost() {
                        // BUG: completion-stage-unhandled
                        trigger.setActive(CompletableFuture.supplyAsync(() -> "x"));
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void switchExpressionArmsAreTheSwitchsValue() {
        tester().source("""
                import java.util.concurrent.*;

                class Sw {
                    Future<?> pick(int k, ExecutorService pool, Runnable r) {
                        return switch (k) {
                            case 1 -> pool.submit(r);
                            case 2 -> {
                                yield pool.submit(r);
                            }
                            default -> null;
                        };
                    }

                    void statement(int k, ExecutorService pool, Runnable r) {
                        switch (k) {
                            // BUG: future-result-ignored
                            case 1 -> pool.submit(r);
                            default -> { }
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void lambdasTypedAsRunnableDropTheirValue() {
        tester().source("""
                import java.util.concurrent.*;
                import java.util.function.Consumer;
                import java.util.function.Supplier;

                class Hooks {
                    private final ExecutorService pool = Executors.newCachedThreadPool();
                    // BUG: future-result-ignored
                    private final Runnable kick = () -> pool.submit(Hooks::tick);
                    private final Supplier<Future<?>> start = () -> pool.submit(Hooks::tick);

                    void local() {
                        // BUG: future-result-ignored
                        Runnable again = () -> pool.submit(Hooks::tick);
                        // BUG: future-result-ignored
                        Consumer<Runnable> each = r -> pool.submit(r);
                        // BUG: future-result-ignored
                        Object cast = (Runnable) () -> pool.submit(Hooks::tick);
                    }

                    static void tick() {
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void staticallyImportedMembersResolve() {
        tester().source("""
                package p;

                import java.util.concurrent.*;

                public class Pools {
                    public static final ExecutorService IO = Executors.newCachedThreadPool();

                    public static ExecutorService io() {
                        return IO;
                    }
                }
                """).source("""
                package q;

                import static p.Pools.IO;
                import static p.Pools.io;

                class Uses {
                    void go(Runnable r) {
                        // BUG: future-result-ignored
                        IO.submit(r);
                        // BUG: future-result-ignored
                        io().submit(r);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aLocalCompletionServiceIsOnlyDrainedInItsOwnMethod() {
        tester().source("""
                import java.util.concurrent.*;

                class Two {
                    void drained(ExecutorService pool, Callable<String> job) throws Exception {
                        CompletionService<String> cs = new ExecutorCompletionService<>(pool);
                        cs.submit(job);
                        cs.take().get();
                    }

                    void forgotten(ExecutorService pool, Callable<String> job) {
                        CompletionService<String> cs = new ExecutorCompletionService<>(pool);
                        // BUG: future-result-ignored
                        cs.submit(job);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void thousandsOfChainedCallsDoNotOverflowTheStack() {
        String chain = ".append(\"x\")".repeat(3000);
        List<Finding> findings = tester().source("""
                import java.util.concurrent.*;

                class Long {
                    String build(ExecutorService pool) {
                        StringBuilder sb = new StringBuilder();
                        sb%s;
                        // BUG: future-result-ignored
                        pool.submit(() -> 1);
                        return sb.toString();
                    }
                }
                """.formatted(chain)).expectMarkedFindings();
        assertThat(findings).hasSize(1);
    }

    @Test
    void typeArgumentsCarryExecutorsThroughCollectionsSuppliersAndOptionals() {
        List<Finding> findings = tester().source("""
                import java.util.*;
                import java.util.concurrent.*;
                import java.util.function.Supplier;

                class Gen<E extends ExecutorService> {
                    private final Map<String, ExecutorService> pools = new HashMap<>();
                    private final List<ExecutorService> all = new ArrayList<>();
                    private final E exec;

                    Gen(E exec) {
                        this.exec = exec;
                    }

                    void go(Supplier<ExecutorService> s, Optional<ExecutorService> o, Runnable r, List<String> names) {
                        // BUG: future-result-ignored
                        pools.get("io").submit(r);
                        // BUG: future-result-ignored
                        s.get().submit(r);
                        // BUG: future-result-ignored
                        all.get(0).submit(r);
                        for (var p : all) {
                            // BUG: future-result-ignored
                            p.submit(r);
                        }
                        // BUG: future-result-ignored
                        all.forEach(p -> p.submit(r));
                        // BUG: future-result-ignored
                        o.ifPresent(p -> p.submit(r));
                        var p = pools.get("io");
                        // BUG: future-result-ignored
                        p.submit(r);
                        // BUG: future-result-ignored
                        exec.submit(r);
                        // BUG: future-result-ignored
                        pools.forEach((name, pool) -> pool.submit(r));
                        names.forEach(n -> n.length());
                    }

                    <X extends ScheduledExecutorService> void bounded(X x, Runnable r) {
                        // BUG: future-result-ignored
                        x.schedule(r, 1, TimeUnit.SECONDS);
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).extracting(Finding::confidence).containsOnly(Confidence.HIGH);
    }

    @Test
    void typeArgumentsThatAreNotExecutorsAreNotGuessedAt() {
        tester().source("""
                import java.util.*;

                class Queues {
                    interface JobQueue {
                        boolean submit(Runnable r);
                    }

                    void go(List<JobQueue> qs, Map<String, JobQueue> byName, Runnable r) {
                        qs.forEach(pool -> pool.submit(r));
                        byName.get("a").submit(r);
                        for (var q : qs) {
                            q.submit(r);
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void methodReferencesHandedToForEachDropEveryResult() {
        tester().source("""
                import java.util.List;
                import java.util.concurrent.*;

                class Refs {
                    private final ExecutorService executor = Executors.newFixedThreadPool(2);

                    void all(List<Runnable> jobs, List<Callable<String>> calls) {
                        // BUG: future-result-ignored contains "`executor::submit`"
                        jobs.forEach(executor::submit);
                        jobs.forEach(executor::execute);
                        List<Future<String>> kept = calls.stream().map(executor::submit).toList();
                        jobs.forEach(Runnable::run);
                    }

                    static class Guarded implements Runnable {
                        public void run() {
                            try {
                                System.out.println("work");
                            } catch (Exception e) {
                                System.err.println(e);
                            }
                        }
                    }

                    void guarded(List<Guarded> handlers, List<String> names) {
                        ExecutorService local = Executors.newFixedThreadPool(2);
                        handlers.forEach(local::submit);
                        names.stream().map(n -> new Guarded()).forEach(local::submit);
                        // BUG: future-result-ignored contains "(ExecutorService)"
                        names.stream().map(n -> (Runnable) () -> System.out.println(n)).forEach(local::submit);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void membersAreNamedAsTheJdkNamesThem() {
        List<Finding> findings = tester().source("""
                import java.util.concurrent.*;

                enum Level {
                    HIGH {
                        @Override
                        void raise(ExecutorService pool) {
                            // BUG: future-result-ignored contains "in `Level.HIGH`"
                            pool.submit(() -> 1);
                        }
                    };

                    abstract void raise(ExecutorService pool);
                }
                """).expectMarkedFindings();
        assertThat(findings).extracting(Finding::member).containsExactly("Level.HIGH");
    }

    @Test
    void canIgnoreReturnValueSaysDroppingTheFutureIsIntended() {
        RuleTester.forRule(FutureResultIgnored.class, dir).source("""
                package f;

                @interface CanIgnoreReturnValue {
                }
                """).source("""
                package f;

                import java.util.concurrent.ExecutorService;
                import java.util.concurrent.Future;

                interface Sink {
                    @CanIgnoreReturnValue
                    Future<?> send(String message);

                    Future<?> flush();
                }

                class PoolSink implements Sink {
                    private final ExecutorService pool;

                    PoolSink(ExecutorService pool) {
                        this.pool = pool;
                    }

                    public Future<?> send(String message) {
                        return pool.submit(() -> System.out.println(message));
                    }

                    public Future<?> flush() {
                        return pool.submit(() -> System.out.flush());
                    }

                    @CanIgnoreReturnValue
                    Future<?> log(String line) {
                        return pool.submit(() -> System.err.println(line));
                    }

                    void use(Sink sink) {
                        send("a");
                        sink.send("b");
                        log("c");
                        // BUG: future-result-ignored
                        flush();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aTaskThatOnlyClosesQuietlyOrGuardsItsWorkAfterALogLineLosesNothing() {
        tester().source("""
                package q;

                import java.io.Closeable;
                import java.util.concurrent.*;

                final class Io {
                    static void closeQuietly(Closeable c) {
                        try {
                            c.close();
                        } catch (Exception ignored) {
                        }
                    }
                }

                class Clients {
                    private Closeable http;
                    private Closeable metrics;

                    void close() {
                        Io.closeQuietly(http);
                        Io.closeQuietly(metrics);
                    }

                    void closeLoudly() throws Exception {
                        Io.closeQuietly(http);
                        metrics.close();
                    }
                }

                class Cleaner implements Runnable {
                    private static final System.Logger log = System.getLogger("cleaner");

                    @Override
                    public void run() {
                        log.log(System.Logger.Level.INFO, "cleaning");
                        int cleared = 0;
                        try {
                            cleared++;
                        } catch (Throwable t) {
                            log.log(System.Logger.Level.ERROR, "cleaning failed", t);
                        }
                    }
                }

                class Risky implements Runnable {
                    private Runnable work;

                    @Override
                    public void run() {
                        work.run();
                        try {
                            work.run();
                        } catch (Throwable t) {
                        }
                    }
                }

                class Shutdown {
                    private final ExecutorService pool = Executors.newCachedThreadPool();
                    private final Clients clients = new Clients();

                    void stop() {
                        pool.submit(clients::close);
                        pool.submit(new Cleaner());
                        // BUG: future-result-ignored
                        pool.submit(clients::closeLoudly);
                        // BUG: future-result-ignored
                        pool.submit(new Risky());
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aTaskGuardedByALogLevelTestOrATryLockBeforeItsCatchAllReportsItsOwnFailures() {
        tester().source("""
                package g;

                import java.util.concurrent.*;
                import java.util.concurrent.locks.ReentrantLock;

                class Refresher {
                    private static final System.Logger LOG = System.getLogger("r");
                    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
                    private final ReentrantLock lock = new ReentrantLock();

                    void start() {
                        executor.scheduleAtFixedRate(new Runnable() {
                            @Override
                            public void run() {
                                if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                                    LOG.log(System.Logger.Level.DEBUG, "checking");
                                }
                                if (!lock.tryLock()) {
                                    LOG.log(System.Logger.Level.INFO, "busy, skipped");
                                    return;
                                }
                                try {
                                    update();
                                } catch (Exception e) {
                                    LOG.log(System.Logger.Level.ERROR, "update failed", e);
                                } finally {
                                    lock.unlock();
                                }
                            }
                        }, 1, 1, TimeUnit.SECONDS);
                        // BUG: future-result-ignored
                        executor.scheduleAtFixedRate(() -> {
                            if (!lock.tryLock()) {
                                update();
                                return;
                            }
                            try {
                                update();
                            } catch (Exception e) {
                                LOG.log(System.Logger.Level.ERROR, "update failed", e);
                            } finally {
                                lock.unlock();
                            }
                        }, 1, 1, TimeUnit.SECONDS);
                    }

                    void update() {
                    }
                }
                """).expectMarkedFindings();
    }
}
