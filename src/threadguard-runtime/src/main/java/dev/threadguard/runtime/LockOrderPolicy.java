package dev.threadguard.runtime;

/** What {@link OrderedLocks} does when an acquisition would close a cycle in the lock order. */
public enum LockOrderPolicy {
    /**
     * Throw a {@link PotentialDeadlockException} instead of acquiring the lock, every time the thread
     * tries; the lock is not taken and no edge is added. For tests and staging.
     */
    THROW,
    /**
     * Log the potential deadlock once, at {@code ERROR} through {@link System.Logger}
     * ({@code dev.threadguard.runtime.OrderedLocks}), then acquire the lock as usual. For production.
     */
    LOG,
    /** Track nothing: the factory hands out plain {@code ReentrantLock}s, with no overhead at all. */
    IGNORE
}
