package dev.threadguard.rules.lifecycle;

import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class ThreadRunCalledTest {

    @TempDir
    Path dir;

    @Test
    void runCalledOnThreads() {
        RuleTester.forRule(ThreadRunCalled.class, dir).source("""
                package r;

                class Warmup {
                    static class Loader extends Thread {
                        @Override
                        public void run() {
                            super.run();
                            System.out.println("loaded");
                        }
                    }

                    void start(Runnable job, Loader loader) {
                        Thread t = new Thread(job, "warmup");
                        // BUG: thread-run-called contains "`t.run()` in `Warmup.start` runs the thread's task on the calling thread"
                        t.run();
                        // BUG: thread-run-called
                        loader.run();
                        // BUG: thread-run-called contains "`new Thread(...).run()`"
                        new Thread(job).run();
                        job.run();
                        t.start();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void otherToolsSuppressionsCount() {
        RuleTester.forRule(ThreadRunCalled.class, dir).source("""
                package t;

                class Hooks {
                    void runHooksNow(Thread hook, Thread other) {
                        //noinspection CallToThreadRun
                        hook.run();
                        // BUG: thread-run-called
                        other.run();
                    }

                    @SuppressWarnings("CallToThreadRun")
                    void runQuietly(Thread hook) {
                        hook.run();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aChoiceBetweenRunningHereAndStartingTheThreadIsLeftAlone() {
        RuleTester.forRule(ThreadRunCalled.class, dir).source("""
                package c;

                class Reconnector {
                    private final boolean blockOnReconnect;

                    Reconnector(boolean blockOnReconnect) {
                        this.blockOnReconnect = blockOnReconnect;
                    }

                    void reconnect(Thread worker, Thread other) {
                        if (blockOnReconnect) {
                            worker.run();
                        } else {
                            worker.start();
                        }
                        // BUG: thread-run-called
                        other.run();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void shutdownHookTakenBackAndRunNowIsLeftAlone() {
        RuleTester.forRule(ThreadRunCalled.class, dir).source("""
                package h;

                class Cleanup {
                    private final Thread hook = new Thread(() -> System.out.println("flushed"));
                    private final Runtime runtime = Runtime.getRuntime();

                    void closeEarly() {
                        if (Runtime.getRuntime().removeShutdownHook(hook)) {
                            hook.run();
                        }
                    }

                    void closeThroughField(Thread other) {
                        runtime.removeShutdownHook(this.hook);
                        this.hook.run();
                        // BUG: thread-run-called contains "`other.run()`"
                        other.run();
                    }

                    void runBeforeRemoving() {
                        // BUG: thread-run-called
                        hook.run();
                        Runtime.getRuntime().removeShutdownHook(hook);
                    }

                    void removedElsewhere(Thread t) {
                        Runnable r = () -> Runtime.getRuntime().removeShutdownHook(t);
                        r.run();
                        // BUG: thread-run-called
                        t.run();
                    }
                }
                """).expectMarkedFindings();
    }
}
