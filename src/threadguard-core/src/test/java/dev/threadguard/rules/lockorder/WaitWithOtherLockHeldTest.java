package dev.threadguard.rules.lockorder;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import dev.threadguard.rules.TraceStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WaitWithOtherLockHeldTest {

    @TempDir
    Path dir;

    @Test
    void waitsThatKeepAnotherLock() {
        List<Finding> findings = RuleTester.forRule(WaitWithOtherLockHeld.class, dir).source("""
                package mailbox;

                import java.util.ArrayDeque;
                import java.util.concurrent.locks.Condition;
                import java.util.concurrent.locks.ReentrantLock;

                class Mailbox {
                    private final Object registry = new Object();
                    private final ArrayDeque<String> letters = new ArrayDeque<>();
                    private final ReentrantLock lock = new ReentrantLock();
                    private final Condition arrived = lock.newCondition();

                    synchronized String take() throws InterruptedException {
                        while (letters.isEmpty()) {
                            wait();
                        }
                        return letters.poll();
                    }

                    String takeRegistered() throws InterruptedException {
                        synchronized (registry) {
                            synchronized (this) {
                                while (letters.isEmpty()) {
                                    // BUG: wait-with-other-lock-held contains "`Mailbox.takeRegistered()` waits on `Mailbox.this` while holding `Mailbox.registry`: the wait releases only `Mailbox.this`, and `Mailbox.deliver()` takes `Mailbox.registry` before it wakes the waiters"
                                    this.wait();
                                }
                                return letters.poll();
                            }
                        }
                    }

                    String takeThroughCall() throws InterruptedException {
                        synchronized (registry) {
                            // BUG: wait-with-other-lock-held contains "holds `Mailbox.registry` while calling `Mailbox.take()`, which waits on `Mailbox.this`"
                            return take();
                        }
                    }

                    synchronized void awaitArrival() throws InterruptedException {
                        lock.lock();
                        try {
                            while (letters.isEmpty()) {
                                // BUG: wait-with-other-lock-held contains "calls `Condition.await()` while holding `Mailbox.this` and `Mailbox.lock`"
                                arrived.await();
                            }
                        } finally {
                            lock.unlock();
                        }
                    }

                    void awaitAlone() throws InterruptedException {
                        lock.lock();
                        try {
                            while (letters.isEmpty()) {
                                arrived.await();
                            }
                        } finally {
                            lock.unlock();
                        }
                    }

                    synchronized void put(String s) {
                        letters.add(s);
                        notifyAll();
                    }

                    void deliver(String s) {
                        synchronized (registry) {
                            put(s);
                        }
                    }
                }
                """).source("""
                package mailbox;

                class Outbox {
                    private final Object index = new Object();
                    private final Object sending = new Object();
                    private int queued;

                    void awaitRoom() throws InterruptedException {
                        synchronized (index) {
                            synchronized (sending) {
                                while (queued > 10) {
                                    sending.wait();
                                }
                            }
                        }
                    }

                    void sent() {
                        synchronized (sending) {
                            queued--;
                            sending.notifyAll();
                        }
                    }
                }
                """).expectMarkedFindings();
        Finding through = findings.stream().filter(f -> f.message().contains("while calling")).findFirst().orElseThrow();
        assertThat(through.trace()).extracting(TraceStep::message).containsExactly(
                "calls `Mailbox.take()`",
                "`Mailbox.take()` waits on `Mailbox.this`",
                "`Mailbox.deliver()` holds `Mailbox.registry` here",
                "`Mailbox.put()` wakes the waiters of `Mailbox.this`");
        assertThat(through.trace()).extracting(TraceStep::thread).containsExactly(1, 1, 2, 2);
    }
}
