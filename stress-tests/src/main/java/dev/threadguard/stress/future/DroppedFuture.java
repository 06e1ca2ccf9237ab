package dev.threadguard.stress.future;

import dev.threadguard.stress.CallerRunsExecutorService;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * threadguard rule {@code future-result-ignored}: the {@code Future} of {@code submit} discarded.
 *
 * <p>Two threads each submit an import that fails. The first keeps its future and calls {@code get()}:
 * the failure comes out as an {@code ExecutionException} and is counted. The second drops its future, as
 * in {@code executor.submit(() -> importFile(path));}: the exception is caught by the executor, stored in
 * the future, and goes away with it. No log line, no uncaught-exception handler: {@code submit} is not
 * {@code execute}. Result: how many of the two failures anyone saw, after the executor is shut down.
 * Every sample shows 1; the bug is not a race, and the threads only show that it does not depend on one.
 * The fix is {@link DroppedFutureChecked}.
 */
@JCStressTest
@Outcome(id = "1", expect = ACCEPTABLE_INTERESTING, desc = "One failure seen through get(); the dropped one vanished.")
@Outcome(id = "2", expect = FORBIDDEN, desc = "Impossible: nothing reads the dropped future.")
@State
public class DroppedFuture {

    private final ExecutorService executor = new CallerRunsExecutorService();
    private final AtomicInteger failuresSeen = new AtomicInteger();

    @Actor
    public void importAndWait() {
        try {
            executor.submit(() -> {
                throw new IllegalStateException("disk full");
            }).get();
        } catch (ExecutionException e) {
            failuresSeen.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Actor
    public void importAndForget() {
        executor.submit(() -> {
            throw new IllegalStateException("disk full");
        });
    }

    @Arbiter
    public void count(I_Result result) {
        executor.shutdown();
        result.r1 = failuresSeen.get();
    }
}
