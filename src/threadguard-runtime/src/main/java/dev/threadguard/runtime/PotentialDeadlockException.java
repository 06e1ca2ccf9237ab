package dev.threadguard.runtime;

/**
 * Thrown by an ordered lock, under {@link LockOrderPolicy#THROW}, instead of acquiring a lock whose
 * acquisition would close a cycle in the lock order. Its stack trace is the acquisition's; each edge of
 * the cycle is attached as a suppressed exception whose stack trace is where that edge was first seen.
 */
public final class PotentialDeadlockException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient PotentialDeadlock deadlock;

    PotentialDeadlockException(PotentialDeadlock deadlock) {
        super(deadlock.summary());
        this.deadlock = deadlock;
        setStackTrace(deadlock.stack().toArray(StackTraceElement[]::new));
        for (LockOrderEdge edge : deadlock.cycle()) {
            addSuppressed(new EdgeSite(edge));
        }
    }

    /** The cycle, its locks and the stacks of its edges. */
    public PotentialDeadlock deadlock() {
        return deadlock;
    }

    /** Carries the stack of one edge; never thrown. */
    static final class EdgeSite extends Throwable {
        private static final long serialVersionUID = 1L;

        EdgeSite(LockOrderEdge edge) {
            super("order seen before: " + edge, null, false, true);
            setStackTrace(edge.stack().toArray(StackTraceElement[]::new));
        }
    }
}
