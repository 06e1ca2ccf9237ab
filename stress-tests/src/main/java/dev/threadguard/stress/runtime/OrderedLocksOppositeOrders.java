package dev.threadguard.stress.runtime;

import dev.threadguard.runtime.LockOrderPolicy;
import dev.threadguard.runtime.OrderedLocks;
import dev.threadguard.runtime.PotentialDeadlockException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The runtime library's ordered locks under a race: two threads take two fresh locks in opposite orders
 * at the same moment, each the first time the pair is seen. Whatever the interleaving, exactly one of
 * them must be refused: both edges of the cycle cannot be added, even by two threads at once, and the
 * first edge is there by the time the second is asked for. Results, per thread: 0 it took both locks,
 * 1 it was refused with a {@link PotentialDeadlockException}, 2 it timed out waiting (a missed cycle that
 * really deadlocked, broken by the timeout).
 */
@JCStressTest
@Outcome(id = {"0, 1", "1, 0"}, expect = ACCEPTABLE, desc = "Exactly one thread refused.")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Lost report: both orders accepted.")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "False report: both refused, yet one order alone is no cycle.")
@Outcome(id = {"2, .*", ".*, 2"}, expect = FORBIDDEN, desc = "Deadlock: the cycle was missed.")
@State
public class OrderedLocksOppositeOrders {

    private final OrderedLocks locks = OrderedLocks.create(LockOrderPolicy.THROW);
    private final ReentrantLock left = locks.newReentrantLock("left");
    private final ReentrantLock right = locks.newReentrantLock("right");

    @Actor
    public void leftThenRight(II_Result result) {
        result.r1 = take(left, right);
    }

    @Actor
    public void rightThenLeft(II_Result result) {
        result.r2 = take(right, left);
    }

    private static int take(ReentrantLock first, ReentrantLock second) {
        first.lock();
        try {
            if (!second.tryLock(5, TimeUnit.SECONDS)) {
                return 2;
            }
            second.unlock();
            return 0;
        } catch (PotentialDeadlockException refused) {
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        } finally {
            first.unlock();
        }
    }
}
