package dev.threadguard.rules.guard;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import dev.threadguard.rules.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class LockWithoutFinallyTest {

    @TempDir
    Path dir;

    @Test
    void locksThatCanStayHeld() {
        java.util.List<Finding> findings = RuleTester.forRule(LockWithoutFinally.class, dir).source("""
                package l;

                import java.util.concurrent.locks.Lock;
                import java.util.concurrent.locks.ReentrantLock;

                class Ledger {
                    private final Lock lock = new ReentrantLock();
                    private long total;

                    void add(long n) {
                        // BUG: lock-without-finally contains "`Ledger.lock` is locked in `Ledger.add`"
                        lock.lock();
                        total += n;
                        lock.unlock();
                    }

                    void addCarefully(long n) {
                        lock.lock();
                        try {
                            total += n;
                        } finally {
                            lock.unlock();
                        }
                    }

                    void interruptibly(long n) throws InterruptedException {
                        lock.lockInterruptibly();
                        try {
                            total += n;
                        } finally {
                            lock.unlock();
                        }
                    }

                    void tryIt(long n) {
                        // BUG: lock-without-finally contains "the result of `tryLock()`"
                        lock.tryLock();
                        if (lock.tryLock()) {
                            try {
                                total += n;
                            } finally {
                                lock.unlock();
                            }
                        }
                    }

                    void insideTry(long n) {
                        try {
                            // BUG: lock-without-finally contains "locked inside the `try` whose `finally` unlocks it"
                            lock.lock();
                            total += n;
                        } finally {
                            lock.unlock();
                        }
                    }
                }
                """).expectMarkedFindings();
        org.assertj.core.api.Assertions.assertThat(findings).extracting(Finding::severity)
                .containsExactly(Severity.WARNING, Severity.WARNING, Severity.NOTE);
    }

    @Test
    void lockHelpersSwitchArmsAndHarmlessDeclarationsAreFine() {
        RuleTester.forRule(LockWithoutFinally.class, dir).source("""
                import java.util.concurrent.locks.ReentrantLock;

                class Queue2 {
                    private final ReentrantLock putLock = new ReentrantLock();
                    private final ReentrantLock takeLock = new ReentrantLock();

                    void fullyLock() {
                        putLock.lock();
                        takeLock.lock();
                    }

                    void fullyUnlock() {
                        takeLock.unlock();
                        putLock.unlock();
                    }

                    void kill(int mode) {
                        switch (mode) {
                            case 1:
                                putLock.lock();
                                try {
                                    System.out.println("killed");
                                } finally {
                                    putLock.unlock();
                                }
                                break;
                            default:
                                break;
                        }
                    }

                    boolean resolve() {
                        putLock.lock();
                        boolean done = false;
                        try {
                            done = true;
                        } finally {
                            putLock.unlock();
                        }
                        return done;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void thisDotLockAndLockAreTheSameLock() {
        RuleTester.forRule(LockWithoutFinally.class, dir).source("""
                import java.util.concurrent.locks.ReentrantLock;

                class ThisLock {
                    private final ReentrantLock lock = new ReentrantLock();
                    private int n;

                    void a() { this.lock.lock(); try { n++; } finally { lock.unlock(); } }
                    void b() { lock.lock(); try { this.n--; } finally { this.lock.unlock(); } }
                }
                """).expectMarkedFindings();
    }

    @Test
    void locksImplementedOrHandedToTheCallerOnPurposeAreFine() {
        RuleTester.forRule(LockWithoutFinally.class, dir).source("""
                package l;

                import java.util.concurrent.TimeUnit;
                import java.util.concurrent.locks.Condition;
                import java.util.concurrent.locks.Lock;
                import java.util.concurrent.locks.ReentrantLock;
                import java.util.concurrent.locks.ReentrantReadWriteLock;

                class Gate {
                    private final ReentrantReadWriteLock busy = new ReentrantReadWriteLock();
                    private final ReentrantLock lock = new ReentrantLock();
                    private volatile boolean stopped;

                    // Enter/leave pair: the read lock is released on failure here, by leave() otherwise.
                    boolean enter() {
                        busy.readLock().lock();
                        if (stopped) {
                            busy.readLock().unlock();
                            return false;
                        }
                        return true;
                    }

                    void leave() {
                        busy.readLock().unlock();
                    }

                    @SuppressWarnings("LockAcquiredButNotSafelyReleased")
                    void enterQuietly() {
                        lock.lock();
                        work();
                        lock.unlock();
                    }

                    void forgets() {
                        // BUG: lock-without-finally
                        lock.lock();
                        work();
                        lock.unlock();
                    }

                    void work() {
                    }
                }

                class CountingLock implements Lock {
                    private final ReentrantLock delegate = new ReentrantLock();
                    private int acquisitions;

                    public void lock() {
                        delegate.lock();
                        acquisitions++;
                    }

                    public void lockInterruptibly() throws InterruptedException {
                        delegate.lockInterruptibly();
                    }

                    public boolean tryLock() {
                        return delegate.tryLock();
                    }

                    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
                        return delegate.tryLock(time, unit);
                    }

                    public void unlock() {
                        delegate.unlock();
                    }

                    public Condition newCondition() {
                        return delegate.newCondition();
                    }

                    void reset() {
                        delegate.lock();
                        acquisitions = 0;
                        delegate.unlock();
                    }
                }
                """).expectMarkedFindings();
    }
}
