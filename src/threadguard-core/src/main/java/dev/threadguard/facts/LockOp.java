package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * One thing a body of code does that matters to the lock-order graph, in source order: it takes a lock,
 * calls a method (possibly one that takes locks or blocks), waits on a monitor or wakes its waiters.
 *
 * @param kind   what happens
 * @param lock   the lock taken or waited on; for a call made while holding locks, the receiver when it is a
 *               parameter or local (a call through another instance of a lock's class); null otherwise
 * @param call   the call, for {@link Kind#CALL}; null otherwise
 * @param held   the locks held at that point, outermost first (shared and empty for most calls)
 * @param line   where it happens
 * @param column where it happens
 */
public record LockOp(Kind kind, LockRef lock, ValueRef.Call call, List<LockRef> held, int line, int column)
        implements Serializable {

    /** What a step does. */
    public enum Kind { ACQUIRE, CALL, WAIT, NOTIFY }

    public Pos pos() {
        return new Pos(line, column, line, column);
    }
}
