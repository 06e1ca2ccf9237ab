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
    void blockingCallsWithALockHeld() {
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
                        // BUG: blocking-call-under-lock contains "`Refresher.refresh()` calls `Future.get()` without a timeout while holding `Refresher.this`"
                        value = next.get();
                    }

                    synchronized void refreshBounded(Future<String> next)
                            throws InterruptedException, ExecutionException, TimeoutException {
                        value = next.get(1, TimeUnit.SECONDS);
                    }

                    void backOff() throws InterruptedException {
                        synchronized (this) {
                            value = null;
                        }
                        Thread.sleep(100);
                    }

                    synchronized void retry() throws InterruptedException {
                        // BUG: blocking-call-under-lock contains "holds `Refresher.this` while calling `Refresher.pause()`, which calls `Thread.sleep`"
                        pause();
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

                    synchronized String peek() {
                        return work.poll();
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).hasSize(3);
    }
}
