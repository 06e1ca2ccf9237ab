package dev.threadguard.stress.lifecycle;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a swallowed interrupt does, shown on a running pool (rule interrupt-swallowed).
 *
 * <p>A consumer waits for messages on a queue, on a single-thread pool. {@code shutdownNow()} interrupts
 * it. The consumer that catches the {@code InterruptedException}, logs it and takes the next message never
 * stops: {@code awaitTermination} gives up with the task still running. The consumer that lets the
 * interrupt end its loop stops at once.
 *
 * <p>Run it with a plain JDK 17 or later:
 * <pre>
 * javac -d /tmp/demos stress-tests/src/main/java/dev/threadguard/stress/lifecycle/*.java
 * java -cp /tmp/demos dev.threadguard.stress.lifecycle.InterruptSurvivesShutdownNow
 * </pre>
 * It prints what it saw, and exits with 0 when the swallowing consumer survived {@code shutdownNow()} and
 * the fixed one did not, 1 otherwise.
 */
public final class InterruptSurvivesShutdownNow {

    private InterruptSurvivesShutdownNow() {
    }

    /** The bug: the interrupt is logged and forgotten, and the loop goes on. */
    static Runnable swallowingConsumer(BlockingQueue<String> queue, CountDownLatch started) {
        return () -> {
            while (true) {
                try {
                    started.countDown();
                    System.out.println("  consumed " + queue.take());
                // Bug: the interrupt sent by shutdownNow() is printed and forgotten, and the loop goes on.
                } catch (InterruptedException e) {
                    System.out.println("  swallowing consumer: interrupted, taking the next message");
                }
            }
        };
    }

    /** The fix: the interrupt ends the loop. */
    static Runnable stoppableConsumer(BlockingQueue<String> queue, CountDownLatch started) {
        return () -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    started.countDown();
                    System.out.println("  consumed " + queue.take());
                }
            // Fine: the catch ends the task's own loop.
            } catch (InterruptedException e) {
                System.out.println("  stoppable consumer: interrupted, stopping");
            }
        };
    }

    /** Runs a consumer, then shuts its pool down now; whether the pool terminated within half a second. */
    static boolean stopsOnShutdownNow(boolean swallowing) throws InterruptedException {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        CountDownLatch started = new CountDownLatch(1);
        // Daemon threads, so that a consumer that cannot be stopped does not keep this demonstration alive.
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, swallowing ? "swallowing-consumer" : "stoppable-consumer");
            t.setDaemon(true);
            return t;
        });
        pool.execute(swallowing ? swallowingConsumer(queue, started) : stoppableConsumer(queue, started));
        started.await();
        pool.shutdownNow();
        return pool.awaitTermination(500, TimeUnit.MILLISECONDS);
    }

    public static void main(String[] args) throws InterruptedException {
        boolean swallowingStopped = stopsOnShutdownNow(true);
        boolean stoppableStopped = stopsOnShutdownNow(false);
        System.out.println("consumer that swallows the interrupt: "
                + (swallowingStopped ? "stopped" : "still running after shutdownNow()"));
        System.out.println("consumer that lets it end the loop: "
                + (stoppableStopped ? "stopped" : "still running after shutdownNow()"));
        boolean shown = !swallowingStopped && stoppableStopped;
        System.out.println(shown ? "as expected" : "NOT as expected");
        System.exit(shown ? 0 : 1);
    }
}
