package dev.threadguard.stress.guard;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The fix of {@link TornRead} (threadguard rule {@code inconsistent-synchronization}): the audit reads
 * both balances under the lock that the transfer holds, so it sees them both before the transfer or both
 * after it, never in between.
 */
@JCStressTest
@Outcome(id = "100", expect = ACCEPTABLE, desc = "The audit ran wholly before or wholly after the transfer.")
@Outcome(id = {"150", "50"}, expect = FORBIDDEN, desc = "Torn read: must never happen when the reader holds the lock.")
@State
public class TornReadFixed {

    private int checking = 100;
    private int savings = 0;

    @Actor
    public void transfer() {
        synchronized (this) {
            if (checking >= 50) {
                checking -= 50;
                savings += 50;
            }
        }
    }

    @Actor
    public void audit(I_Result result) {
        synchronized (this) {
            result.r1 = checking + savings;
        }
    }
}
