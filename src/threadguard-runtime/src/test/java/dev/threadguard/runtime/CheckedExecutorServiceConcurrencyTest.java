package dev.threadguard.runtime;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Many submitters, readers and collections at once: every unobserved failure reported exactly once, no other. */
class CheckedExecutorServiceConcurrencyTest {

    private static final int SUBMITTERS = 4;
    private static final int TASKS_EACH = 3_000;

    @Test
    void everyUnobservedFailureIsReportedOnceAndNoObservedOneIs() throws Exception {
        List<UnobservedFailure> reports = new CopyOnWriteArrayList<>();
        CheckedExecutorService pool = CheckedExecutors.wrap(Executors.newFixedThreadPool(4), reports::add);
        Set<Integer> expected = ConcurrentHashMap.newKeySet();
        BlockingQueue<Future<?>> toRead = new LinkedBlockingQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < SUBMITTERS; s++) {
            int submitter = s;
            threads.add(new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < TASKS_EACH; i++) {
                    int id = submitter * TASKS_EACH + i;
                    Future<?> future = pool.submit(() -> {
                        if (id % 3 != 0) {
                            throw new TaskFailure(id);
                        }
                        return id;
                    });
                    if (id % 3 == 1) {
                        toRead.add(future);            // read by the reader thread, at some point
                    } else if (id % 3 == 2) {
                        expected.add(id);             // dropped
                    }
                }
            }, "submitter-" + s));
        }
        Thread reader = new Thread(() -> {
            awaitQuietly(start);
            for (int read = 0; read < SUBMITTERS * TASKS_EACH / 3; read++) {
                try {
                    toRead.take().get();
                } catch (ExecutionException expectedFailure) {
                    // observed
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "reader");
        Thread collector = new Thread(() -> {
            awaitQuietly(start);
            for (int i = 0; i < 20; i++) {
                System.gc();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "collector");
        threads.add(reader);
        threads.add(collector);
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(thread.isAlive()).as(thread.getName() + " finished").isFalse();
        }
        pool.close();

        List<Integer> reported = new ArrayList<>();
        for (UnobservedFailure report : reports) {
            reported.add(((TaskFailure) report.failure()).id);
        }
        assertThat(reported).doesNotHaveDuplicates();
        assertThat(new HashSet<>(reported)).isEqualTo(expected);
        assertThat(pool.pendingUnobservedFailures()).isZero();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class TaskFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int id;

        TaskFailure(int id) {
            super("task " + id, null, false, false);
            this.id = id;
        }
    }
}
