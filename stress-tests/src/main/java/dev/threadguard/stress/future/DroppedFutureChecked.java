package dev.threadguard.stress.future;

import dev.threadguard.runtime.CheckedExecutorService;
import dev.threadguard.runtime.CheckedExecutors;
import dev.threadguard.stress.CallerRunsExecutorService;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * {@link DroppedFuture} on the runtime library's checked executor (threadguard rule
 * {@code future-result-ignored}). The code that drops its future is unchanged; the executor is wrapped
 * with {@link CheckedExecutors#wrap}, whose handler here counts what it is told. When the executor is
 * closed, the failure that nobody observed is reported; the one seen through {@code get()} is not
 * reported again. The real fix is to keep the future and look at it; the checked executor makes sure a
 * forgotten one is still heard of.
 */
@JCStressTest
@Outcome(id = "2", expect = ACCEPTABLE, desc = "One failure seen through get(), the dropped one reported at close.")
@Outcome(id = "1", expect = FORBIDDEN, desc = "A failure lost: the checked executor must report the dropped one.")
@Outcome(id = "3", expect = FORBIDDEN, desc = "A failure reported twice: the observed one must not be reported.")
@State
public class DroppedFutureChecked {

    private final AtomicInteger failuresSeen = new AtomicInteger();
    private final CheckedExecutorService executor =
            CheckedExecutors.wrap(new CallerRunsExecutorService(), unobserved -> failuresSeen.incrementAndGet());

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
        executor.close();
        result.r1 = failuresSeen.get();
    }
}
