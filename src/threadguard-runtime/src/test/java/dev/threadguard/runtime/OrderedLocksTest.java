package dev.threadguard.runtime;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class OrderedLocksTest {

    private final OrderedLocks locks = OrderedLocks.create(LockOrderPolicy.THROW);
    private final ReentrantLock a = locks.newReentrantLock("a");
    private final ReentrantLock b = locks.newReentrantLock("b");
    private final ReentrantLock c = locks.newReentrantLock("c");

    private static void inOrder(Lock... sequence) {
        for (Lock lock : sequence) {
            lock.lock();
        }
        for (int i = sequence.length - 1; i >= 0; i--) {
            sequence[i].unlock();
        }
    }

    private void takeAThenB() {
        inOrder(a, b);
    }

    @Test
    void oneOrderKeptEverywhereIsNeverReported() {
        for (int i = 0; i < 3; i++) {
            inOrder(a, b, c);
            inOrder(a, c);
            inOrder(b, c);
            inOrder(c);
            inOrder(b);
        }
    }

    @Test
    void theOppositeOrderThrowsBeforeAcquiringWithTheStackOfTheEdgeSeenBefore() {
        takeAThenB();
        b.lock();
        try {
            PotentialDeadlockException thrown = null;
            try {
                a.lock();
            } catch (PotentialDeadlockException e) {
                thrown = e;
            }
            assertThat(thrown).isNotNull();
            assertThat(a.isHeldByCurrentThread()).isFalse();
            assertThat(a.isLocked()).isFalse();
            assertThat(thrown).hasMessageContaining("acquires `a` while holding `b`")
                    .hasMessageContaining("cycle `b` -> `a` -> `b`");
            PotentialDeadlock deadlock = thrown.deadlock();
            assertThat(deadlock.acquiring()).isEqualTo("a");
            assertThat(deadlock.held()).isEqualTo("b");
            assertThat(deadlock.thread()).isEqualTo(Thread.currentThread().getName());
            assertThat(deadlock.stack().get(0).getMethodName())
                    .isEqualTo("theOppositeOrderThrowsBeforeAcquiringWithTheStackOfTheEdgeSeenBefore");
            assertThat(deadlock.cycle()).singleElement().satisfies(edge -> {
                assertThat(edge.before()).isEqualTo("a");
                assertThat(edge.after()).isEqualTo("b");
                assertThat(edge.stack()).extracting(StackTraceElement::getMethodName).contains("takeAThenB");
                assertThat(edge.stack().get(0).getMethodName()).isEqualTo("inOrder");
            });
            assertThat(thrown.getSuppressed()).singleElement().satisfies(edge -> {
                assertThat(edge).hasMessage("order seen before: `a` then `b` (thread " + Thread.currentThread().getName() + ")");
                assertThat(edge.getStackTrace()[0].getMethodName()).isEqualTo("inOrder");
            });
        } finally {
            b.unlock();
        }
        // Every later attempt is refused too, and the order that was fine still is.
        b.lock();
        try {
            assertThatThrownBy(a::lock).isInstanceOf(PotentialDeadlockException.class);
        } finally {
            b.unlock();
        }
        takeAThenB();
    }

    @Test
    void aCycleThroughSeveralLocksNamesEachEdge() {
        inOrder(a, b);
        inOrder(b, c);
        c.lock();
        try {
            PotentialDeadlockException thrown = catchThrowableOfType(PotentialDeadlockException.class, a::lock);
            assertThat(thrown.deadlock().cycle()).extracting(LockOrderEdge::toString)
                    .containsExactly("`a` then `b` (thread " + Thread.currentThread().getName() + ")",
                            "`b` then `c` (thread " + Thread.currentThread().getName() + ")");
            assertThat(thrown).hasMessageContaining("cycle `c` -> `a` -> `b` -> `c`");
        } finally {
            c.unlock();
        }
    }

    @Test
    void reentrantHoldsAddNoOrder() {
        a.lock();
        b.lock();
        a.lock();          // already held: no edge b -> a
        a.unlock();
        b.unlock();
        a.unlock();
        inOrder(a, b);
    }

    @Test
    void locksReleasedOutOfOrderAreForgotten() {
        a.lock();
        b.lock();
        a.unlock();
        c.lock();          // holding only b: the edge is b -> c, not a -> c
        c.unlock();
        b.unlock();
        c.lock();
        try {
            PotentialDeadlockException thrown = catchThrowableOfType(PotentialDeadlockException.class, a::lock);
            assertThat(thrown.deadlock().cycle()).extracting(LockOrderEdge::after).containsExactly("b", "c");
        } finally {
            c.unlock();
        }
    }

    @Test
    void aPlainTryLockIsNotCheckedButCountsAsHeld() {
        b.lock();
        assertThat(a.tryLock()).isTrue();    // b -> a not recorded: tryLock() never blocks
        a.unlock();
        b.unlock();
        assertThat(a.tryLock()).isTrue();
        b.lock();                            // a -> b recorded
        b.unlock();
        a.unlock();
        b.lock();
        try {
            assertThatThrownBy(() -> a.tryLock(1, TimeUnit.SECONDS)).isInstanceOf(PotentialDeadlockException.class);
            assertThatThrownBy(a::lockInterruptibly).isInstanceOf(PotentialDeadlockException.class);
        } finally {
            b.unlock();
        }
    }

    @Test
    void theReadAndWriteLocksOfOneReadWriteLockAreOneNode() {
        ReentrantReadWriteLock table = locks.newReentrantReadWriteLock("table");
        inOrder(table.readLock(), a);
        a.lock();
        try {
            assertThatThrownBy(() -> table.writeLock().lock()).isInstanceOf(PotentialDeadlockException.class)
                    .hasMessageContaining("acquires `table` while holding `a`");
            assertThat(table.isWriteLocked()).isFalse();
        } finally {
            a.unlock();
        }
        inOrder(table.writeLock(), table.readLock(), a);   // downgrade under the write lock: one node, fine
        assertThat(table.getReadLockCount()).isZero();
    }

    @Test
    void aLockReacquiredInsideConditionAwaitIsReleasedFromItsOwnThreadsList() throws Exception {
        java.util.concurrent.locks.Condition signalled = a.newCondition();
        java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            a.lock();
            try {
                waiting.countDown();
                signalled.await();         // meanwhile the main thread owns a
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                a.unlock();
            }
            inOrder(c);                    // holds nothing now: records no edge a -> c
        });
        waiter.start();
        waiting.await();
        a.lock();
        try {
            signalled.signal();
        } finally {
            a.unlock();
        }
        waiter.join();
        inOrder(c, a);                     // would be refused had the waiter kept a in its list
    }

    @Test
    void locksOfDifferentFactoriesAreNotOrderedAgainstEachOther() {
        ReentrantLock other = OrderedLocks.create(LockOrderPolicy.THROW).newReentrantLock("other");
        inOrder(a, other);
        inOrder(other, a);
    }

    @Test
    void ignoreHandsOutPlainLocks() {
        OrderedLocks ignoring = OrderedLocks.create(LockOrderPolicy.IGNORE);
        assertThat(ignoring.newReentrantLock("x")).hasSameClassAs(new ReentrantLock());
        assertThat(ignoring.newReentrantReadWriteLock("y")).hasSameClassAs(new ReentrantReadWriteLock());
        assertThat(ignoring.policy()).isEqualTo(LockOrderPolicy.IGNORE);
    }

    @Test
    void logReportsTheFirstTimeOnlyAndStillAcquires() {
        OrderedLocks logging = OrderedLocks.create(LockOrderPolicy.LOG);
        ReentrantLock x = logging.newReentrantLock("x");
        ReentrantLock y = logging.newReentrantLock("y");
        List<LogRecord> records = captureLog(OrderedLocks.class.getName(), () -> {
            inOrder(x, y);
            inOrder(y, x);
            inOrder(y, x);
        });
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(record.getMessage()).contains("acquires `x` while holding `y`");
            assertThat(record.getThrown()).isInstanceOf(PotentialDeadlockException.class);
            assertThat(record.getThrown().getSuppressed()).hasSize(1);
        });
        assertThat(x.isLocked()).isFalse();
        assertThat(y.isLocked()).isFalse();
    }

    @Test
    void aCollectedLockLeavesTheGraph() throws Exception {
        WeakReference<ReentrantLock> dropped = orderedAfterA();
        CheckedExecutorServiceTest.awaitCollected(dropped);
        inOrder(a, b);
    }

    private WeakReference<ReentrantLock> orderedAfterA() {
        ReentrantLock temporary = locks.newReentrantLock("temporary");
        inOrder(a, temporary);
        return new WeakReference<>(temporary);
    }

    @Test
    void namesAreRequired() {
        assertThatThrownBy(() -> locks.newReentrantLock(null)).isInstanceOf(NullPointerException.class).hasMessage("name");
        assertThatThrownBy(() -> OrderedLocks.create(null)).isInstanceOf(NullPointerException.class).hasMessage("policy");
        assertThat(a.toString()).startsWith("a ").endsWith("[Unlocked]");
    }

    static List<LogRecord> captureLog(String name, Runnable action) {
        Logger logger = Logger.getLogger(name);
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        boolean parentHandlers = logger.getUseParentHandlers();
        logger.addHandler(capture);
        logger.setUseParentHandlers(false);
        try {
            action.run();
        } finally {
            logger.removeHandler(capture);
            logger.setUseParentHandlers(parentHandlers);
        }
        return records;
    }
}
