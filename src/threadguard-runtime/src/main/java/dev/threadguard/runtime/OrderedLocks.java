package dev.threadguard.runtime;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A factory of locks that check the order in which they are taken. Each acquisition that may block
 * ({@code lock}, {@code lockInterruptibly}, {@code tryLock} with a timeout) records, for every lock the
 * thread already holds, the edge "held, then this one" in the factory's lock-order graph. The first time
 * an acquisition would close a cycle in that graph (this thread takes {@code b} while holding {@code a},
 * and some thread earlier took {@code a} while holding {@code b}, directly or through other locks), the
 * {@link LockOrderPolicy} decides: throw a {@link PotentialDeadlockException} before blocking, log it, or
 * ignore it. The two orders need not ever run at the same time: the report comes before any hang, with
 * the stack where each edge of the cycle was first seen.
 *
 * <pre>{@code
 * static final OrderedLocks LOCKS = OrderedLocks.create(LockOrderPolicy.THROW);
 * private final ReentrantLock accounts = LOCKS.newReentrantLock("Bank.accounts");
 * private final ReentrantReadWriteLock rates = LOCKS.newReentrantReadWriteLock("Bank.rates");
 * }</pre>
 *
 * <p>The locks are {@link ReentrantLock} and {@link ReentrantReadWriteLock} subclasses: fields and
 * parameters keep their types. Each lock is its own node of the graph, whatever its name (the name only
 * makes reports readable): two instances taken in opposite orders by {@code transfer(a, b)} and
 * {@code transfer(b, a)} form a cycle; code that always takes them in one order (by id, say) does not.
 * The read and write locks of one read-write lock are one node. A plain {@code tryLock()} cannot block,
 * so it is not checked, but the lock it takes counts as held for later acquisitions. Only locks of the
 * same factory are ordered against each other.
 *
 * <p>Cost: an acquisition whose edges are all known reads a thread-local list and, per lock already
 * held, one concurrent-map lookup; a release removes the lock from that list. A new edge costs a stack
 * trace and a search of the graph under the factory's insertion lock; it happens once per pair of locks.
 * The graph keeps one small node per live lock and one edge (with its stack) per pair seen; the lock
 * points at its node and edges point at their target weakly, so collected locks leave the graph.
 */
public final class OrderedLocks {

    private final LockOrderPolicy policy;
    private final LockOrderGraph graph;

    private OrderedLocks(LockOrderPolicy policy) {
        this.policy = policy;
        this.graph = new LockOrderGraph(policy);
    }

    /** A factory with its own, empty, lock-order graph. */
    public static OrderedLocks create(LockOrderPolicy policy) {
        return new OrderedLocks(Objects.requireNonNull(policy, "policy"));
    }

    /** The policy this factory applies. */
    public LockOrderPolicy policy() {
        return policy;
    }

    /** A non-fair reentrant lock named {@code name} in reports; a plain one under {@link LockOrderPolicy#IGNORE}. */
    public ReentrantLock newReentrantLock(String name) {
        return newReentrantLock(name, false);
    }

    /** A reentrant lock named {@code name} in reports, fair or not; a plain one under {@link LockOrderPolicy#IGNORE}. */
    public ReentrantLock newReentrantLock(String name, boolean fair) {
        Objects.requireNonNull(name, "name");
        return policy == LockOrderPolicy.IGNORE ? new ReentrantLock(fair)
                : new OrderedReentrantLock(graph, new LockOrderGraph.Node(name), fair);
    }

    /** A non-fair read-write lock named {@code name} in reports; a plain one under {@link LockOrderPolicy#IGNORE}. */
    public ReentrantReadWriteLock newReentrantReadWriteLock(String name) {
        return newReentrantReadWriteLock(name, false);
    }

    /** A read-write lock named {@code name} in reports, fair or not; a plain one under {@link LockOrderPolicy#IGNORE}. */
    public ReentrantReadWriteLock newReentrantReadWriteLock(String name, boolean fair) {
        Objects.requireNonNull(name, "name");
        return policy == LockOrderPolicy.IGNORE ? new ReentrantReadWriteLock(fair)
                : new OrderedReentrantReadWriteLock(graph, new LockOrderGraph.Node(name), fair);
    }
}
