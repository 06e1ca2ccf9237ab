package dev.threadguard.stress.lockorder;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

/**
 * threadguard rule {@code lock-order-inversion}: two code paths take the same two locks in opposite
 * orders.
 *
 * <p>A transfer from checking to savings locks {@code checking} then {@code savings}; a transfer the other
 * way, on another thread, locks {@code savings} then {@code checking}. If each takes its first lock before
 * the other takes its second, each waits forever for the lock the other holds. The two flags only make
 * that unlucky timing certain, so that every sample shows what production shows once in a while. The
 * actor runs both transfers (one on a helper thread) and waits for both; in termination mode, an actor
 * that does not finish is reported {@code STALE}, and costs jcstress a fresh JVM. The signal has nothing
 * to do: nothing can break a deadlock of {@code synchronized} blocks. The fix is {@link LockOrderFixed};
 * {@link LockOrderDetected} keeps the inversion and lets the runtime library's ordered locks refuse it
 * before it hangs.
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "Both transfers finished.")
@Outcome(id = "STALE", expect = ACCEPTABLE_INTERESTING, desc = "Deadlock: each thread holds one lock and waits for the other.")
@State
public class LockOrderDeadlock {

    private final Object checking = new Object();
    private final Object savings = new Object();
    private int checkingBalance = 100;
    private int savingsBalance = 100;
    private volatile boolean checkingTaken;
    private volatile boolean savingsTaken;

    @Actor
    public void transfers() {
        Transfers.runBoth(this::savingsToChecking, this::checkingToSavings);
    }

    @Signal
    public void signal() {
        // nothing unblocks a deadlock
    }

    private void checkingToSavings() {
        synchronized (checking) {
            checkingTaken = true;
            while (!savingsTaken) {
                Thread.onSpinWait();
            }
            synchronized (savings) {
                checkingBalance -= 10;
                savingsBalance += 10;
            }
        }
    }

    private void savingsToChecking() {
        synchronized (savings) {
            savingsTaken = true;
            while (!checkingTaken) {
                Thread.onSpinWait();
            }
            synchronized (checking) {
                savingsBalance -= 10;
                checkingBalance += 10;
            }
        }
    }
}
