package dev.threadguard.stress.guard;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

/**
 * threadguard rule {@code inconsistent-synchronization}: two fields always written together under the
 * lock, read together without it.
 *
 * <p>A bank moves 50 from checking to savings inside {@code synchronized}; an audit adds the two balances
 * up without the lock. The total is 100 before the transfer and 100 after it, but the audit can read in
 * the middle: checking before the debit and savings after the credit (150: money created), or checking
 * after the debit and savings before the credit (50: money vanished; this one also needs the reads or
 * the writes reordered). The lock makes the writer's two steps one only for readers that take it too.
 * The fix is {@link TornReadFixed}.
 */
@JCStressTest
@Outcome(id = "100", expect = ACCEPTABLE, desc = "The audit ran wholly before or wholly after the transfer.")
@Outcome(id = "150", expect = ACCEPTABLE_INTERESTING, desc = "Torn read: checking before the debit, savings after the credit.")
@Outcome(id = "50", expect = ACCEPTABLE_INTERESTING, desc = "Torn read: checking after the debit, savings before the credit.")
@State
public class TornRead {

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
        result.r1 = checking + savings;   // no lock: reads the two fields at two different moments
    }
}
