package dev.threadguard.stress.pool;

import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What a completion service drained too early leaves behind, shown on a running pool (rule
 * completion-service-not-drained).
 *
 * <p>Six region queries go to an {@code ExecutorCompletionService}; two of them fail, one early and one late.
 * The take loop that lets the first failure leave it returns with outcomes still in the service: a later
 * look (a {@code poll()} the code never makes) finds them there, the second failure among them. The loop
 * that takes once per submitted task and catches each failure sees all six outcomes and both failures.
 *
 * <p>Run it with a plain JDK 17 or later:
 * <pre>
 * javac -d /tmp/demos stress-tests/src/main/java/dev/threadguard/stress/pool/*.java
 * java -cp /tmp/demos dev.threadguard.stress.pool.CompletionServiceDrainedEarly
 * </pre>
 * It prints what it saw, and exits with 0 when the bug and the fix behaved as described, 1 otherwise.
 */
public final class CompletionServiceDrainedEarly {

    private CompletionServiceDrainedEarly() {
    }

    private static final int QUERIES = 6;

    private static CompletionService<String> submitAll(ExecutorService pool) {
        CompletionService<String> completion = new ExecutorCompletionService<>(pool);
        for (int i = 0; i < QUERIES; i++) {
            int region = i;
            completion.submit(() -> {
                Thread.sleep(60L * region);
                if (region == 1 || region == 4) {
                    throw new IllegalStateException("region " + region + " failed");
                }
                return "region " + region;
            });
        }
        return completion;
    }

    /** The bug: the first failure leaves the take loop. Returns how many outcomes it took. */
    static int leavesOnFailure(CompletionService<String> completion) throws InterruptedException {
        int taken = 0;
        try {
            for (int i = 0; i < QUERIES; i++) {
                Future<String> done = completion.take();
                taken++;
                done.get();
            }
        } catch (ExecutionException e) {
            // the report is abandoned here
        }
        return taken;
    }

    /** The fix: one take per submitted task, each failure caught in the loop. Returns the failures seen. */
    static int drainsEveryOutcome(CompletionService<String> completion) throws InterruptedException {
        int failures = 0;
        for (int i = 0; i < QUERIES; i++) {
            try {
                completion.take().get();
            } catch (ExecutionException e) {
                failures++;
            }
        }
        return failures;
    }

    /** What is left in the service once every task has ended: outcomes and, among them, failures. */
    private static int[] leftOver(CompletionService<String> completion) throws InterruptedException {
        int outcomes = 0;
        int failures = 0;
        Future<String> f;
        while ((f = completion.poll(300, TimeUnit.MILLISECONDS)) != null) {
            outcomes++;
            try {
                f.get();
            } catch (ExecutionException e) {
                failures++;
            }
        }
        return new int[] {outcomes, failures};
    }

    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(QUERIES, r -> {
            Thread t = new Thread(r, "region-query");
            t.setDaemon(true);
            return t;
        });

        CompletionService<String> early = submitAll(pool);
        int taken = leavesOnFailure(early);
        int[] left = leftOver(early);
        System.out.println("take loop that a failure leaves: took " + taken + " of " + QUERIES + " outcomes; "
                + left[0] + " left unread in the service, " + left[1] + " of them a failure");

        int failures = drainsEveryOutcome(submitAll(pool));
        System.out.println("take loop once per task: " + QUERIES + " outcomes taken, " + failures + " of 2 failures seen");

        pool.shutdownNow();
        boolean shown = taken < QUERIES && left[0] == QUERIES - taken && left[1] == 1 && failures == 2;
        System.out.println(shown ? "as expected" : "NOT as expected");
        System.exit(shown ? 0 : 1);
    }
}
