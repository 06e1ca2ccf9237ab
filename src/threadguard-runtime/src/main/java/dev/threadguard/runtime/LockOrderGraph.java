package dev.threadguard.runtime;

import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The order in which the locks of one {@link OrderedLocks} factory have been taken: an edge
 * {@code a -> b} for every "b acquired while a held" seen so far, and, per thread, the locks it holds.
 *
 * <p>The fast path, an acquisition whose every edge is already known, reads one thread-local list and one
 * concurrent map per lock held, and takes no lock. A new edge takes the graph's insertion lock, searches
 * for a path back, and adds the edge only if there is none: since every insertion is checked under that
 * lock, two threads adding the two halves of one cycle at the same moment cannot both succeed.
 *
 * <p>Edges point at their target weakly: when a lock is garbage collected, its node and the edges out of
 * it go with it, and edges into it are dropped the next time they are met.
 */
final class LockOrderGraph {

    private final Object insertion = new Object();
    private final ThreadLocal<HeldLocks> held = ThreadLocal.withInitial(HeldLocks::new);
    private final LockOrderPolicy policy;

    LockOrderGraph(LockOrderPolicy policy) {
        this.policy = policy;
    }

    /** A lock's place in the graph; one per lock, shared by the read and write sides of a read-write lock. */
    static final class Node {
        final String name;
        /** The key under which other nodes know this one, so that they need not hold the node itself. */
        final Object key = new Object();
        /** Edges out of this node, by their target's key. */
        final Map<Object, Edge> successors = new ConcurrentHashMap<>();
        /** Acquisitions of the key's node while holding this one that were refused: each reported once. */
        final Map<Object, PotentialDeadlock> refused = new ConcurrentHashMap<>();
        private int sweepAt = 16;

        Node(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final class Edge extends WeakReference<Node> {
        final LockOrderEdge seen;

        Edge(Node from, Node to, StackTraceElement[] stack) {
            super(to);
            this.seen = new LockOrderEdge(from.name, to.name, Thread.currentThread().getName(), Arrays.asList(stack));
        }
    }

    /** The locks a thread holds, in the order taken, one entry per hold (reentrant holds included). */
    static final class HeldLocks {
        Node[] nodes = new Node[8];
        int size;

        boolean contains(Node node) {
            for (int i = 0; i < size; i++) {
                if (nodes[i] == node) {
                    return true;
                }
            }
            return false;
        }

        void push(Node node) {
            if (size == nodes.length) {
                nodes = Arrays.copyOf(nodes, size * 2);
            }
            nodes[size++] = node;
        }

        /** Removes the latest hold of {@code node}: locks may be released in any order. */
        void remove(Node node) {
            for (int i = size - 1; i >= 0; i--) {
                if (nodes[i] == node) {
                    if (i < size - 1) {   // released out of order: rare
                        System.arraycopy(nodes, i + 1, nodes, i, size - i - 1);
                    }
                    nodes[--size] = null;
                    return;
                }
            }
        }
    }

    /**
     * Checks an acquisition that may block, before it blocks: every lock held must already be known to
     * come before {@code node}, or become so without closing a cycle.
     *
     * @throws PotentialDeadlockException under {@link LockOrderPolicy#THROW}, when it would close a cycle
     */
    HeldLocks beforeAcquire(Node node) {
        HeldLocks locks = held.get();
        if (locks.size == 0 || locks.contains(node)) {
            return locks; // nothing held, or a reentrant hold: no new order
        }
        for (int i = 0; i < locks.size; i++) {
            Node prior = locks.nodes[i];
            if (!prior.successors.containsKey(node.key)) {
                checkNewEdge(prior, node);
            }
        }
        return locks;
    }

    HeldLocks heldLocks() {
        return held.get();
    }

    private void checkNewEdge(Node prior, Node node) {
        PotentialDeadlock deadlock;
        boolean first;
        synchronized (insertion) {
            if (prior.successors.containsKey(node.key)) {
                return; // another thread added it meanwhile
            }
            deadlock = prior.refused.get(node.key);
            first = deadlock == null;
            if (first) {
                List<Edge> path = findPath(node, prior);
                StackTraceElement[] stack = callerStack();
                if (path == null) {
                    addEdge(prior, node, stack);
                    return;
                }
                List<LockOrderEdge> cycle = new ArrayList<>(path.size());
                for (Edge edge : path) {
                    cycle.add(edge.seen);
                }
                deadlock = new PotentialDeadlock(node.name, prior.name, Thread.currentThread().getName(),
                        Arrays.asList(stack), cycle);
                prior.refused.put(node.key, deadlock);
            }
        }
        report(deadlock, first);
    }

    private void report(PotentialDeadlock deadlock, boolean first) {
        switch (policy) {
            case THROW -> {
                PotentialDeadlockException exception = new PotentialDeadlockException(first ? deadlock
                        : new PotentialDeadlock(deadlock.acquiring(), deadlock.held(), Thread.currentThread().getName(),
                                Arrays.asList(callerStack()), deadlock.cycle()));
                throw exception;
            }
            case LOG -> {
                if (first) {
                    System.getLogger(OrderedLocks.class.getName()).log(System.Logger.Level.ERROR,
                            deadlock.summary(), new PotentialDeadlockException(deadlock));
                }
            }
            case IGNORE -> {
                // Not reached: an IGNORE factory makes plain locks.
            }
        }
    }

    private static void addEdge(Node prior, Node node, StackTraceElement[] stack) {
        prior.successors.put(node.key, new Edge(prior, node, stack));
        if (prior.successors.size() >= prior.sweepAt) {
            prior.successors.values().removeIf(edge -> edge.get() == null);
            prior.sweepAt = Math.max(16, prior.successors.size() * 2);
        }
    }

    /** A path of known edges from {@code from} to {@code to}, or null; depth first, under the insertion lock. */
    private static List<Edge> findPath(Node from, Node to) {
        Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Iterator<Edge>> stack = new ArrayDeque<>();
        Deque<Edge> path = new ArrayDeque<>();
        visited.add(from);
        stack.push(from.successors.values().iterator());
        while (!stack.isEmpty()) {
            Iterator<Edge> next = stack.peek();
            if (!next.hasNext()) {
                stack.pop();
                path.pollLast();
                continue;
            }
            Edge edge = next.next();
            Node target = edge.get();
            if (target == null) {
                next.remove(); // the lock was collected: no deadlock can go through it any more
                continue;
            }
            if (!visited.add(target)) {
                continue;
            }
            path.addLast(edge);
            if (target == to) {
                return new ArrayList<>(path);
            }
            stack.push(target.successors.values().iterator());
        }
        return null;
    }

    /** The current stack without this library's frames. */
    private static StackTraceElement[] callerStack() {
        StackTraceElement[] stack = new Throwable().getStackTrace();
        int first = 0;
        while (first < stack.length && isInternal(stack[first].getClassName())) {
            first++;
        }
        return Arrays.copyOfRange(stack, first, stack.length);
    }

    private static boolean isInternal(String className) {
        return className.equals(LockOrderGraph.class.getName())
                || className.equals(OrderedReentrantLock.class.getName())
                || className.startsWith(OrderedReentrantReadWriteLock.class.getName() + "$");
    }
}
