package dev.threadguard.model;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockBody;

/**
 * A body of code of the program with the file it is in: its lock steps already checked by the lock model
 * ({@link LockSteps}), and its place in the program's list, which is its identity.
 */
public record Body(FileFacts file, LockBody body, int order) {

    public String member() {
        return body.member();
    }

    /** The key under which calls reach this body; null for bodies no call reaches (lambdas run later). */
    public String key() {
        return body.declared() == null ? null : body.key();
    }

    // A body is its place in the program's list: hashing the facts it holds would walk them all.
    @Override
    public boolean equals(Object o) {
        return o instanceof Body b && b.order == order;
    }

    @Override
    public int hashCode() {
        return order;
    }
}
