package dev.threadguard.stress.guard;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

/**
 * threadguard rule {@code non-atomic-update}: {@code hits++} on a {@code volatile} field, from two threads.
 *
 * <p>Two request threads each count one hit. {@code hits++} is a read, an add and a write: when both read
 * 0 before either writes, both write 1, and one hit is lost. {@code volatile} makes every read and write
 * visible, but does not make the three steps one. On a 2-core machine about one sample in ten loses its
 * update. The fix is {@link LostUpdateFixed}.
 */
@JCStressTest
@Outcome(id = "2", expect = ACCEPTABLE, desc = "Both hits counted: the updates did not overlap.")
@Outcome(id = "1", expect = ACCEPTABLE_INTERESTING, desc = "Lost update: both threads read 0 and wrote 1.")
@State
public class LostUpdate {

    private volatile int hits;

    @Actor
    public void firstRequest() {
        hits++;
    }

    @Actor
    public void secondRequest() {
        hits++;
    }

    @Arbiter
    public void count(I_Result result) {
        result.r1 = hits;
    }
}
