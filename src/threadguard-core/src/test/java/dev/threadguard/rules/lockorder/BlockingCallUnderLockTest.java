package dev.threadguard.rules.lockorder;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BlockingCallUnderLockTest {

    @TempDir
    Path dir;

    @Test
    void blockingCallsWithALockOtherCodeNeeds() {
        List<Finding> findings = RuleTester.forRule(BlockingCallUnderLock.class, dir).source("""
                package cache;

                import java.util.concurrent.BlockingQueue;
                import java.util.concurrent.ExecutionException;
                import java.util.concurrent.Future;
                import java.util.concurrent.LinkedBlockingQueue;
                import java.util.concurrent.TimeUnit;
                import java.util.concurrent.TimeoutException;

                class Refresher {
                    private final BlockingQueue<String> work = new LinkedBlockingQueue<>();
                    private String value;

                    synchronized void refresh(Future<String> next) throws Exception {
                        // BUG: blocking-call-under-lock contains "`Refresher.refresh()` calls `Future.get()` without a timeout while holding `Refresher.this`, which `Refresher.current()` also takes"
                        value = next.get();
                    }

                    synchronized String current() {
                        return value;
                    }

                    synchronized void refreshBounded(Future<String> next)
                            throws InterruptedException, ExecutionException, TimeoutException {
                        value = next.get(1, TimeUnit.SECONDS);
                    }

                    synchronized void retry() throws InterruptedException {
                        pause(); // a sleep ends by itself: bounded, and chosen
                    }

                    private void pause() throws InterruptedException {
                        Thread.sleep(100);
                    }

                    void drain() throws InterruptedException {
                        synchronized (work) {
                            // BUG: blocking-call-under-lock contains "`BlockingQueue.take()`"
                            value = work.take();
                        }
                        value = work.take();
                    }

                    void offer(String s) {
                        synchronized (work) {
                            work.offer(s);
                        }
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).hasSize(2);
        assertThat(findings.get(0).trace()).anyMatch(s -> s.message().contains("`Refresher.current()` takes"));
    }

    @Test
    void aLockNoOtherCodeTakesOnlySerialisesItsOwnWork() {
        RuleTester.forRule(BlockingCallUnderLock.class, dir).source("""
                package modem;

                import java.util.concurrent.BlockingQueue;
                import java.util.concurrent.Future;

                class Dialer {
                    private final Object line = new Object();

                    // The lock exists to keep one dial at a time on the line: nobody else takes it.
                    String dial(Future<String> answer, BlockingQueue<String> replies) throws Exception {
                        synchronized (line) {
                            String first = answer.get();
                            return first + replies.take();
                        }
                    }

                    synchronized void slowProtocol() throws InterruptedException {
                        Thread.sleep(50);
                    }

                    synchronized void other() {
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void putOnAQueueWithoutCapacityNeverWaits() {
        RuleTester.forRule(BlockingCallUnderLock.class, dir).source("""
                package q;

                import java.util.concurrent.ArrayBlockingQueue;
                import java.util.concurrent.PriorityBlockingQueue;

                class Scheduler {
                    private final PriorityBlockingQueue<Long> due = new PriorityBlockingQueue<>();
                    private final ArrayBlockingQueue<Long> bounded = new ArrayBlockingQueue<>(4);

                    synchronized void schedule(long at) throws InterruptedException {
                        due.put(at);
                        // BUG: blocking-call-under-lock contains "`BlockingQueue.put()`"
                        bounded.put(at);
                    }

                    synchronized int pending() {
                        return due.size() + bounded.size();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aFutureKnownToBeCompleteDoesNotBlock() {
        RuleTester.forRule(BlockingCallUnderLock.class, dir).source("""
                package q;

                import java.util.concurrent.Future;

                class Sampler {
                    private Future<?> updater;
                    private Future<?> pending;

                    synchronized void pause() throws Exception {
                        updater.cancel(true);
                        try {
                            updater.get();
                        } catch (Exception expected) {
                        }
                        updater = null;
                    }

                    synchronized Object result() throws Exception {
                        if (pending.isDone()) {
                            return pending.get();
                        }
                        // BUG: blocking-call-under-lock contains "`Future.get()` without a timeout"
                        return updater.get();
                    }

                    synchronized void resume(Future<?> next) {
                        updater = next;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aWaitIsReportedOnlyWhenWhatEndsItNeedsTheLock() {
        List<Finding> findings = RuleTester.forRule(BlockingCallUnderLock.class, dir).source("""
                package w;

                import java.util.concurrent.CountDownLatch;

                class Startup {
                    private final CountDownLatch ready = new CountDownLatch(1);
                    private final CountDownLatch stopped = new CountDownLatch(1);
                    private String state = "new";

                    // The latch is counted down by code that never takes the lock: the wait cannot deadlock.
                    synchronized void awaitReady() throws InterruptedException {
                        ready.await();
                        state = "ready";
                    }

                    void onReady() {
                        ready.countDown();
                    }

                    synchronized void awaitStopped() throws InterruptedException {
                        // BUG: blocking-call-under-lock contains "`Startup.onStopped()`, which ends the wait, runs with that lock"
                        stopped.await();
                    }

                    synchronized void onStopped() {
                        state = "stopped";
                        stopped.countDown();
                    }

                    synchronized String state() {
                        return state;
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.confidence()).isEqualTo(dev.threadguard.rules.Confidence.HIGH);
            assertThat(f.trace()).anyMatch(s -> s.message().contains("ends the wait here"));
        });
    }

    @Test
    void joiningAThreadWhoseRunNeverTakesTheLockCannotDeadlock() {
        RuleTester.forRule(BlockingCallUnderLock.class, dir).source("""
                package j;

                class Pool {
                    private final Worker quiet = new Worker();
                    private final Reporter reporter = new Reporter(this);
                    private int done;

                    synchronized void shutdown() throws InterruptedException {
                        quiet.running = false;
                        quiet.join();
                    }

                    synchronized void shutdownReporter() throws InterruptedException {
                        // BUG: blocking-call-under-lock contains "the joined thread takes that lock in `Pool.record()`"
                        reporter.join();
                    }

                    synchronized void record() {
                        done++;
                    }
                }

                class Worker extends Thread {
                    volatile boolean running = true;

                    @Override
                    public void run() {
                        while (running) {
                            Thread.onSpinWait();
                        }
                    }
                }

                class Reporter extends Thread {
                    private final Pool pool;

                    Reporter(Pool pool) {
                        this.pool = pool;
                    }

                    @Override
                    public void run() {
                        pool.record();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aWaitWhoseEndCannotBeFoundIsLowConfidence() {
        List<Finding> findings = RuleTester.forRule(BlockingCallUnderLock.class, dir).source("""
                package u;

                import java.util.concurrent.Future;

                class Loader {
                    private String value;

                    synchronized void load(Future<String> next) throws Exception {
                        // BUG: blocking-call-under-lock contains "what ends the wait was not found"
                        value = next.get();
                    }

                    synchronized String value() {
                        return value;
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).singleElement()
                .satisfies(f -> assertThat(f.confidence()).isEqualTo(dev.threadguard.rules.Confidence.LOW));
    }
}
