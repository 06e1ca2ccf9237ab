package dev.threadguard.stress.pool;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@code cancel(true)} that does not stop the task, shown on a running pool (issue 23, item 3; rule
 * cancel-cannot-interrupt finds such a cancel when the task is submitted where it is cancelled, and
 * interrupt-swallowed finds the cause).
 *
 * <p>A batch job works in steps and sleeps between them. {@code future.cancel(true)} returns true and the
 * future says it is cancelled, but the job that catches the {@code InterruptedException} and goes on keeps
 * working: its step counter still moves after the cancel. The job that lets the interrupt end its loop stops.
 *
 * <p>Run it with a plain JDK 17 or later:
 * <pre>
 * javac -d /tmp/demos stress-tests/src/main/java/dev/threadguard/stress/pool/*.java
 * java -cp /tmp/demos dev.threadguard.stress.pool.CancelDoesNotStop
 * </pre>
 * It prints what it saw, and exits with 0 when the swallowing job went on after the cancel and the fixed one
 * did not, 1 otherwise.
 */
public final class CancelDoesNotStop {

    private CancelDoesNotStop() {
    }

    /** The bug: the interrupt sent by cancel(true) is caught and forgotten; the job goes on. */
    static Runnable swallowingJob(AtomicInteger steps) {
        return () -> {
            for (int i = 0; i < 200; i++) {
                steps.incrementAndGet();
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    // "cannot happen": the next step runs anyway
                }
            }
        };
    }

    /** The fix: the interrupt ends the job. */
    static Runnable stoppableJob(AtomicInteger steps) {
        return () -> {
            try {
                for (int i = 0; i < 200; i++) {
                    steps.incrementAndGet();
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stop, and say why
            }
        };
    }

    /** Starts a job, cancels it, and returns how many steps it made in the 300 ms after the cancel. */
    static int stepsAfterCancel(boolean swallowing) throws InterruptedException {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, swallowing ? "swallowing-job" : "stoppable-job");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger steps = new AtomicInteger();
        Future<?> job = pool.submit(swallowing ? swallowingJob(steps) : stoppableJob(steps));
        Thread.sleep(100);
        boolean cancelled = job.cancel(true);
        Thread.sleep(20); // a step in progress when the interrupt came may still finish
        int atCancel = steps.get();
        Thread.sleep(300);
        int after = steps.get() - atCancel;
        System.out.println("  " + (swallowing ? "swallowing" : "stoppable") + " job: cancel(true) returned " + cancelled
                + ", isCancelled() " + job.isCancelled() + ", " + after + " steps made after the cancel");
        pool.shutdownNow();
        return after;
    }

    public static void main(String[] args) throws InterruptedException {
        int swallowing = stepsAfterCancel(true);
        int stoppable = stepsAfterCancel(false);
        System.out.println("job that swallows the interrupt: " + (swallowing > 0 ? "still working after cancel(true)" : "stopped"));
        System.out.println("job that lets it end the loop: " + (stoppable > 0 ? "still working after cancel(true)" : "stopped"));
        boolean shown = swallowing > 0 && stoppable == 0;
        System.out.println(shown ? "as expected" : "NOT as expected");
        System.exit(shown ? 0 : 1);
    }
}
