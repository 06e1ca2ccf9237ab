package dev.threadguard.facts;

import java.io.Serializable;

/**
 * A {@code Lock} used in a way that can leave it held: {@code lock()} not followed at once by a
 * {@code try} whose {@code finally} unlocks it, or the result of {@code tryLock()} ignored.
 *
 * @param lock the lock as a reader names it
 * @param ref  the lock as written: a misuse only when the program model finds its type to be a lock
 */
public record LockMisuse(Kind kind, String lock, Site site, LockRef ref) implements Serializable {

    /** The misuse. */
    public enum Kind {
        /** lock() with no try/finally unlock() right after it. */
        NO_FINALLY_UNLOCK,
        /** lock() as the first statement inside the try whose finally unlocks it. */
        LOCK_INSIDE_TRY,
        /** tryLock() used as a statement. */
        TRY_LOCK_IGNORED
    }
}
