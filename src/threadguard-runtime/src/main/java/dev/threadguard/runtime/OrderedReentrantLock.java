package dev.threadguard.runtime;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/** A {@link ReentrantLock} that checks its place in the lock order; made by {@link OrderedLocks}. */
final class OrderedReentrantLock extends ReentrantLock {

    private static final long serialVersionUID = 1L;

    private final transient LockOrderGraph graph;
    private final transient LockOrderGraph.Node node;

    OrderedReentrantLock(LockOrderGraph graph, LockOrderGraph.Node node, boolean fair) {
        super(fair);
        this.graph = graph;
        this.node = node;
    }

    @Override
    public void lock() {
        LockOrderGraph.HeldLocks held = graph.beforeAcquire(node);
        super.lock();
        held.push(node);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        LockOrderGraph.HeldLocks held = graph.beforeAcquire(node);
        super.lockInterruptibly();
        held.push(node);
    }

    @Override
    public boolean tryLock() {
        if (super.tryLock()) {
            graph.heldLocks().push(node);
            return true;
        }
        return false;
    }

    @Override
    public boolean tryLock(long timeout, TimeUnit unit) throws InterruptedException {
        LockOrderGraph.HeldLocks held = graph.beforeAcquire(node);
        if (super.tryLock(timeout, unit)) {
            held.push(node);
            return true;
        }
        return false;
    }

    @Override
    public void unlock() {
        super.unlock();
        graph.heldLocks().remove(node);
    }

    @Override
    public String toString() {
        return node.name + " " + super.toString();
    }
}
