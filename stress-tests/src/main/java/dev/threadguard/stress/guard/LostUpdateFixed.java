package dev.threadguard.stress.guard;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The fix of {@link LostUpdate} (threadguard rule {@code non-atomic-update}): the counter is an
 * {@link AtomicInteger}, and {@code incrementAndGet} reads, adds and writes in one atomic step. Two hits
 * always count two.
 */
@JCStressTest
@Outcome(id = "2", expect = ACCEPTABLE, desc = "Both hits counted.")
@Outcome(id = "1", expect = FORBIDDEN, desc = "Lost update: must never happen with an atomic increment.")
@State
public class LostUpdateFixed {

    private final AtomicInteger hits = new AtomicInteger();

    @Actor
    public void firstRequest() {
        hits.incrementAndGet();
    }

    @Actor
    public void secondRequest() {
        hits.incrementAndGet();
    }

    @Arbiter
    public void count(I_Result result) {
        result.r1 = hits.get();
    }
}
