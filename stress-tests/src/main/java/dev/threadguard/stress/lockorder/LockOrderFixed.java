package dev.threadguard.stress.lockorder;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The fix of {@link LockOrderDeadlock} (threadguard rule {@code lock-order-inversion}): both transfers
 * take the locks in one global order, {@code checking} then {@code savings}, whatever the direction of
 * the money. Whoever takes {@code checking} first also gets {@code savings}; the other waits for
 * {@code checking} while holding nothing, so both always finish. (The flags of the deadlock's timing
 * cannot be kept: a thread that waited, holding {@code checking}, for the other to hold its first lock
 * would wait forever, since that first lock is {@code checking} too.)
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "Both transfers finished.")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "Deadlock: must never happen when every path keeps one order.")
@State
public class LockOrderFixed {

    private final Object checking = new Object();
    private final Object savings = new Object();
    private int checkingBalance = 100;
    private int savingsBalance = 100;

    @Actor
    public void transfers() {
        Transfers.runBoth(this::savingsToChecking, this::checkingToSavings);
    }

    @Signal
    public void signal() {
        // nothing to unblock
    }

    private void checkingToSavings() {
        synchronized (checking) {
            synchronized (savings) {
                checkingBalance -= 10;
                savingsBalance += 10;
            }
        }
    }

    private void savingsToChecking() {
        synchronized (checking) {      // the same order, although the money goes the other way
            synchronized (savings) {
                savingsBalance -= 10;
                checkingBalance += 10;
            }
        }
    }
}
