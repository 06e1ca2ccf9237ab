package dev.threadguard.stress.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a loop over futures that stops at the first failure loses, shown on a running pool (rule
 * future-loop-stops-at-failure).
 *
 * <p>Five tasks: the first fails at once, the second fails a little later, three run for a while. The loop
 * {@code for (Future f : futures) f.get();} leaves at the first failure: the second failure is never seen, and
 * the three long tasks are still running when the caller has already given up. The loop that catches per
 * element sees both failures; the one that cancels the rest in a {@code finally} leaves nothing running.
 *
 * <p>Run it with a plain JDK 17 or later:
 * <pre>
 * javac -d /tmp/demos stress-tests/src/main/java/dev/threadguard/stress/pool/*.java
 * java -cp /tmp/demos dev.threadguard.stress.pool.LoopLosesFailure
 * </pre>
 * It prints what it saw, and exits with 0 when the bug and both fixes behaved as described, 1 otherwise.
 */
public final class LoopLosesFailure {

    private LoopLosesFailure() {
    }

    /** Tasks still running (started and neither finished nor interrupted). */
    private static final AtomicInteger running = new AtomicInteger();

    private static List<Callable<String>> tasks() {
        List<Callable<String>> tasks = new ArrayList<>();
        tasks.add(() -> {
            throw new IllegalStateException("supplier A refused");
        });
        tasks.add(() -> {
            Thread.sleep(50);
            throw new IllegalStateException("supplier B timed out");
        });
        for (int i = 0; i < 3; i++) {
            tasks.add(() -> {
                running.incrementAndGet();
                try {
                    Thread.sleep(1_500);
                    return "ok";
                } finally {
                    running.decrementAndGet();
                }
            });
        }
        return tasks;
    }

    private static ExecutorService pool() {
        return Executors.newFixedThreadPool(5, r -> {
            Thread t = new Thread(r, "demo-task");
            t.setDaemon(true);
            return t;
        });
    }

    private static List<Future<String>> submitAll(ExecutorService pool) throws InterruptedException {
        List<Future<String>> futures = new ArrayList<>();
        for (Callable<String> task : tasks()) {
            futures.add(pool.submit(task));
        }
        Thread.sleep(100); // every task has started, both failures have happened
        return futures;
    }

    /** The bug: the first ExecutionException leaves the loop. Returns the failures seen. */
    static int firstFailureLeaves(List<Future<String>> futures) throws InterruptedException {
        int failures = 0;
        try {
            for (Future<String> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            failures++;
        }
        return failures;
    }

    /** Fix 1: each failure is caught in the loop, and the loop goes on. Returns the failures seen. */
    static int everyFailureSeen(List<Future<String>> futures) throws InterruptedException {
        int failures = 0;
        for (Future<String> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failures++;
            }
        }
        return failures;
    }

    /** Fix 2: leave at the first failure, but cancel the rest. Returns the failures seen. */
    static int restCancelled(List<Future<String>> futures) throws InterruptedException {
        int failures = 0;
        try {
            for (Future<String> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            failures++;
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
        return failures;
    }

    private static boolean settles() throws InterruptedException {
        for (int i = 0; i < 50 && running.get() > 0; i++) {
            Thread.sleep(10);
        }
        return running.get() == 0;
    }

    public static void main(String[] args) throws Exception {
        ExecutorService pool = pool();

        int seen = firstFailureLeaves(submitAll(pool));
        int leftRunning = running.get();
        System.out.println("loop that stops at the first failure: " + seen + " of 2 failures seen, "
                + leftRunning + " tasks still running after it returned");
        Thread.sleep(1_600);

        int all = everyFailureSeen(submitAll(pool));
        System.out.println("loop that catches per element: " + all + " of 2 failures seen");

        restCancelled(submitAll(pool));
        boolean stopped = settles();
        System.out.println("loop that cancels the rest in finally: "
                + (stopped ? "no task left running" : running.get() + " tasks still running"));

        pool.shutdownNow();
        boolean shown = seen == 1 && leftRunning > 0 && all == 2 && stopped;
        System.out.println(shown ? "as expected" : "NOT as expected");
        System.exit(shown ? 0 : 1);
    }
}
