package dev.threadguard.facts;

import java.io.Serializable;

/**
 * One lock as a piece of code names it where it takes it, waits on it or calls through it, for the
 * lock-order graph. The rules turn it into a node of the graph: {@code Order.this} for the monitor of an
 * {@code Order}, {@code Order.lock} for a lock kept in a field (whatever instance holds it),
 * {@code Config.class}.
 *
 * @param kind    how the lock is written
 * @param owner   the qualified name of the type: the class of {@code this}, the declaring type of the field,
 *                the class of a static synchronized method; null for {@link Kind#VALUE} and for a class
 *                literal, which the index resolves from {@code value}
 * @param name    the field name for {@link Kind#FIELD}; the expression as written otherwise
 * @param read    the read side of a read/write lock
 * @param value   how the type of the locked expression is found: for {@link Kind#VALUE}, and the written type
 *                of a class literal; null otherwise
 * @param origin  whether the expression starts at a parameter or a local of the method: two such locks of one
 *                type in one method are taken in the order the callers chose
 * @param ordered the code chose the order itself: the lock is taken inside an {@code if} or through a local
 *                chosen by a comparison ({@code a.id < b.id}, {@code compareTo}, {@code identityHashCode})
 * @param trying  taken with {@code tryLock}, which gives up instead of waiting: it cannot close a deadlock
 * @param lockCall taken by calling {@code lock()}, {@code lockInterruptibly()} or {@code tryLock} on the
 *                object rather than as its monitor: a lock step only when the program model finds the
 *                object's type to be a lock (its {@code LockSteps})
 * @param pos     where it is taken, waited on or called through
 */
public record LockRef(Kind kind, String owner, String name, boolean read, ValueRef value, Origin origin,
                      boolean ordered, boolean trying, boolean lockCall, Pos pos) implements Serializable {

    /** How the lock is written. */
    public enum Kind {
        /** {@code this}, {@code Outer.this}, or a synchronized instance method. */
        THIS,
        /** {@code Type.class}, or a static synchronized method. */
        CLASS,
        /** A field of this object or of an enclosing one, or a local alias of such a field. */
        FIELD,
        /** Any other expression: a parameter, a local, another object's field, a call. */
        VALUE,
        /**
         * A try-with-resources resource ({@code name} as declared, {@code value} its type): held over the try
         * block, a lock only when the resource's class locks in its constructor and unlocks in {@code close()}
         * (the program model's {@code LockSteps}).
         */
        RESOURCE
    }

    /** Where the expression of a {@link Kind#VALUE} lock starts. */
    public enum Origin { NONE, PARAMETER, LOCAL }

    /** The same lock taken at another place. */
    public LockRef at(Pos where, boolean tryingHere) {
        return new LockRef(kind, owner, name, read, value, origin, ordered, tryingHere, lockCall, where);
    }

    /** The same lock, taken by a call of a lock method on it rather than as a monitor. */
    public LockRef byLockCall() {
        return new LockRef(kind, owner, name, read, value, origin, ordered, trying, true, pos);
    }

    /** The same lock, marked as put in order by the code. */
    public LockRef inOrder() {
        return new LockRef(kind, owner, name, read, value, origin, true, trying, lockCall, pos);
    }
}
