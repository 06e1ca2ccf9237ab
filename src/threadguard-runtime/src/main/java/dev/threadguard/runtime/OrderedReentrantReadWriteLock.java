package dev.threadguard.runtime;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link ReentrantReadWriteLock} that checks its place in the lock order; its read and write locks are
 * one node of the graph. Made by {@link OrderedLocks}.
 */
final class OrderedReentrantReadWriteLock extends ReentrantReadWriteLock {

    private static final long serialVersionUID = 1L;

    private final OrderedReadLock readLock;
    private final OrderedWriteLock writeLock;

    OrderedReentrantReadWriteLock(LockOrderGraph graph, LockOrderGraph.Node node, boolean fair) {
        super(fair);
        this.readLock = new OrderedReadLock(this, graph, node);
        this.writeLock = new OrderedWriteLock(this, graph, node);
    }

    @Override
    public ReentrantReadWriteLock.ReadLock readLock() {
        return readLock;
    }

    @Override
    public ReentrantReadWriteLock.WriteLock writeLock() {
        return writeLock;
    }

    @Override
    public String toString() {
        return readLock.node.name + " " + super.toString();
    }

    private static final class OrderedReadLock extends ReentrantReadWriteLock.ReadLock {
        private static final long serialVersionUID = 1L;

        private final transient LockOrderGraph graph;
        private final transient LockOrderGraph.Node node;

        OrderedReadLock(ReentrantReadWriteLock lock, LockOrderGraph graph, LockOrderGraph.Node node) {
            super(lock);
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
    }

    private static final class OrderedWriteLock extends ReentrantReadWriteLock.WriteLock {
        private static final long serialVersionUID = 1L;

        private final transient LockOrderGraph graph;
        private final transient LockOrderGraph.Node node;

        OrderedWriteLock(ReentrantReadWriteLock lock, LockOrderGraph graph, LockOrderGraph.Node node) {
            super(lock);
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
    }
}
