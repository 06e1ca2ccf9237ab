package dev.threadguard.stress.lockorder;

import dev.threadguard.runtime.LockOrderPolicy;
import dev.threadguard.runtime.OrderedLocks;
import dev.threadguard.runtime.PotentialDeadlockException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

import java.util.concurrent.locks.ReentrantLock;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * {@link LockOrderDeadlock}'s inversion, with the same certain timing, on locks from the runtime
 * library's {@link OrderedLocks} with {@link LockOrderPolicy#THROW}. The first thread to ask for its
 * second lock records its order and waits; the other would close the cycle, so it gets a
 * {@link PotentialDeadlockException} instead of a lock and releases its first lock in {@code finally};
 * the first thread then finishes. The bug is reported, not suffered: every sample terminates.
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "One transfer refused with a PotentialDeadlockException; both threads finished.")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "Deadlock: the ordered locks missed the cycle.")
@State
public class LockOrderDetected {

    private final OrderedLocks locks = OrderedLocks.create(LockOrderPolicy.THROW);
    private final ReentrantLock checking = locks.newReentrantLock("checking");
    private final ReentrantLock savings = locks.newReentrantLock("savings");
    private int moved;
    private volatile boolean checkingTaken;
    private volatile boolean savingsTaken;

    @Actor
    public void transfers() {
        Transfers.runBoth(() -> transfer(savings, checking), () -> transfer(checking, savings));
    }

    @Signal
    public void signal() {
        // nothing to unblock
    }

    private void transfer(ReentrantLock from, ReentrantLock to) {
        from.lock();
        try {
            if (from == checking) {
                checkingTaken = true;
                while (!savingsTaken) {
                    Thread.onSpinWait();
                }
            } else {
                savingsTaken = true;
                while (!checkingTaken) {
                    Thread.onSpinWait();
                }
            }
            to.lock();
            try {
                moved++;
            } finally {
                to.unlock();
            }
        } catch (PotentialDeadlockException refused) {
            // reported instead of hanging: the application would retry or fail this transfer
        } finally {
            from.unlock();
        }
    }
}
