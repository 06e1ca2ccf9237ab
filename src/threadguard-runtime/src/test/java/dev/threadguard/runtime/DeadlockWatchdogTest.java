package dev.threadguard.runtime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadlockWatchdogTest {

    /** Two threads that take two locks in opposite orders and wait, interruptibly, for each other. */
    private static final class Deadlock {
        final ReentrantLock left = new ReentrantLock();
        final ReentrantLock right = new ReentrantLock();
        final List<Thread> threads = new ArrayList<>();

        Deadlock(String name) {
            CountDownLatch bothHoldOne = new CountDownLatch(2);
            threads.add(new Thread(() -> cross(left, right, bothHoldOne), name + "-left-first"));
            threads.add(new Thread(() -> cross(right, left, bothHoldOne), name + "-right-first"));
            threads.forEach(thread -> {
                thread.setDaemon(true);
                thread.start();
            });
        }

        private static void cross(ReentrantLock first, ReentrantLock second, CountDownLatch bothHoldOne) {
            first.lock();
            try {
                bothHoldOne.countDown();
                bothHoldOne.await();
                second.lockInterruptibly();
                second.unlock();
            } catch (InterruptedException e) {
                // the test breaks the deadlock by interrupting
            } finally {
                first.unlock();
            }
        }

        void breakUp() throws InterruptedException {
            for (Thread thread : threads) {
                thread.interrupt();
            }
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(10));
                assertThat(thread.isAlive()).isFalse();
            }
        }
    }

    @Test
    void eachDeadlockIsReportedOnceWithItsThreadsLocksAndStacks() throws Exception {
        List<DeadlockReport> reports = new CopyOnWriteArrayList<>();
        Deadlock first = new Deadlock("first");
        Deadlock second = new Deadlock("second");
        try (DeadlockWatchdog watchdog = DeadlockWatchdog.start(Duration.ofMillis(10), reports::add)) {
            awaitSize(reports, 2);
            Thread.sleep(100);   // ten more polls: still two reports
            assertThat(reports).hasSize(2);
        } finally {
            first.breakUp();
            second.breakUp();
        }
        DeadlockReport report = reports.stream()
                .filter(r -> r.threads().get(0).name().startsWith("first")).findFirst().orElseThrow();
        assertThat(report.threads()).extracting(DeadlockReport.DeadlockedThread::name)
                .containsExactlyInAnyOrder("first-left-first", "first-right-first");
        for (DeadlockReport.DeadlockedThread thread : report.threads()) {
            assertThat(thread.waitingFor()).contains("ReentrantLock");
            assertThat(thread.owner()).startsWith("first-").isNotEqualTo(thread.name());
            assertThat(thread.holding()).singleElement().asString().contains("ReentrantLock");
            assertThat(thread.stack()).extracting(StackTraceElement::getMethodName).contains("cross");
        }
        assertThat(report.describe()).startsWith("deadlock of 2 threads:")
                .contains("\"first-left-first\"", "held by \"first-right-first\"", Deadlock.class.getName() + ".cross(");
    }

    @Test
    void aDeadlockThatEndsAndComesBackIsReportedAgain() throws Exception {
        List<DeadlockReport> reports = new CopyOnWriteArrayList<>();
        try (DeadlockWatchdog watchdog = DeadlockWatchdog.start(Duration.ofMillis(10), reports::add)) {
            Deadlock deadlock = new Deadlock("again");
            awaitSize(reports, 1);
            deadlock.breakUp();
            Deadlock next = new Deadlock("again");
            try {
                awaitSize(reports, 2);
            } finally {
                next.breakUp();
            }
        }
    }

    @Test
    void noDeadlockNoReport() throws Exception {
        List<DeadlockReport> reports = new CopyOnWriteArrayList<>();
        ReentrantLock contended = new ReentrantLock();
        contended.lock();
        Thread waiter = new Thread(() -> {
            contended.lock();
            contended.unlock();
        });
        waiter.start();
        try (DeadlockWatchdog watchdog = DeadlockWatchdog.start(Duration.ofMillis(5), reports::add)) {
            Thread.sleep(60);   // a thread blocked on a lock is not a deadlock
        } finally {
            contended.unlock();
            waiter.join();
        }
        assertThat(reports).isEmpty();
    }

    @Test
    void closeStopsTheThread() {
        DeadlockWatchdog watchdog = DeadlockWatchdog.start(Duration.ofSeconds(30), report -> { });
        watchdog.close();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain("threadguard-deadlock-watchdog");
    }

    @Test
    void theIntervalMustBePositive() {
        assertThatThrownBy(() -> DeadlockWatchdog.start(Duration.ZERO, report -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("interval must be positive: PT0S");
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(list).hasSize(size);
    }
}
