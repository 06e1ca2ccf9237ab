package dev.threadguard.runtime;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static org.assertj.core.api.Assertions.assertThat;

/** The ordered locks under many threads: no false cycle, no deadlock of their own, no lost report. */
class OrderedLocksConcurrencyTest {

    @Test
    void manyThreadsKeepingOneOrderAreNeverReportedAndNeverHang() throws Exception {
        OrderedLocks factory = OrderedLocks.create(LockOrderPolicy.THROW);
        List<Lock> ordered = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            if (i % 3 == 0) {
                ReentrantReadWriteLock rw = factory.newReentrantReadWriteLock("rw" + i);
                ordered.add(i % 2 == 0 ? rw.readLock() : rw.writeLock());
            } else {
                ordered.add(factory.newReentrantLock("lock" + i));
            }
        }
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger sections = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            long seed = t;
            threads.add(new Thread(() -> {
                Random random = new Random(seed);
                try {
                    for (int round = 0; round < 5_000; round++) {
                        List<Lock> taken = new ArrayList<>();
                        for (Lock lock : ordered) {          // a random subset, always in list order
                            if (random.nextInt(4) == 0) {
                                lock.lock();
                                taken.add(lock);
                            }
                        }
                        sections.incrementAndGet();
                        for (int i = taken.size() - 1; i >= 0; i--) {
                            taken.get(i).unlock();
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "ordered-" + t));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(thread.isAlive()).as(thread.getName() + " hung").isFalse();
        }
        assertThat(failures).isEmpty();
        assertThat(sections).hasValue(8 * 5_000);
    }

    @Test
    void twoThreadsRacingInOppositeOrdersAlwaysGetExactlyOneReportAndNeverDeadlock() throws Exception {
        int rounds = 300;
        CyclicBarrier together = new CyclicBarrier(2);
        OrderedLocks factory = OrderedLocks.create(LockOrderPolicy.THROW);
        ReentrantLock[][] pairs = new ReentrantLock[rounds][];
        for (int round = 0; round < rounds; round++) {
            pairs[round] = new ReentrantLock[] {factory.newReentrantLock("x" + round), factory.newReentrantLock("y" + round)};
        }
        int[][] refused = new int[2][rounds];
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Thread[] threads = new Thread[2];
        for (int side = 0; side < 2; side++) {
            int me = side;
            threads[side] = new Thread(() -> {
                try {
                    for (int round = 0; round < rounds; round++) {
                        ReentrantLock first = pairs[round][me];
                        ReentrantLock second = pairs[round][1 - me];
                        together.await(10, TimeUnit.SECONDS);
                        first.lock();
                        try {
                            // a timeout, not a plain lock(): a missed cycle shows as a failure, not as a hung build
                            if (!second.tryLock(5, TimeUnit.SECONDS)) {
                                failures.add(new AssertionError("round " + round + ": deadlocked"));
                                continue;
                            }
                            second.unlock();
                        } catch (PotentialDeadlockException e) {
                            refused[me][round]++;
                        } finally {
                            first.unlock();
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "side-" + side);
            threads[side].start();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(thread.isAlive()).as(thread.getName() + " hung").isFalse();
        }
        assertThat(failures).isEmpty();
        for (int round = 0; round < rounds; round++) {
            assertThat(refused[0][round] + refused[1][round]).as("reports in round " + round).isEqualTo(1);
        }
    }
}
