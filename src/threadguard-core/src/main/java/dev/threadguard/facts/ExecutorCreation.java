package dev.threadguard.facts;

import java.io.Serializable;

/**
 * An executor created in the code whose fate may leave it running: kept in a local that is not shut down on
 * every path out of its method, kept in a field, or used once and dropped. Locals that are shut down in a
 * {@code finally}, by try-with-resources, on every path, or that are handed on or returned are not recorded.
 * Whether the created type is an {@code ExecutorService} is the rule's question.
 *
 * @param factory       for {@code Executors.newFixedThreadPool(...)}, the call, to resolve; null for {@code new}
 * @param createdType   for {@code new ThreadPoolExecutor(...)}, the type created; null for a factory call
 * @param text          the creation as a reader names it, arguments elided
 * @param fate          what becomes of the executor
 * @param name          the local or field that holds it; empty for a dropped one
 * @param fieldOwner    for a field, the qualified name of the type that declares it
 * @param defaultThreads the executor makes its threads with the default, non-daemon, thread factory
 * @param missedAt      for {@link Fate#SOME_PATHS}, the statement that leaves without shutting it down, or the
 *                      conditional shutdown; null otherwise
 * @param missedBy      what {@code missedAt} is: {@code return}, {@code throw}, {@code break}, {@code continue},
 *                      or {@code condition}
 */
public record ExecutorCreation(
        ValueRef.Call factory,
        TypeName createdType,
        String text,
        Fate fate,
        String name,
        String fieldOwner,
        boolean defaultThreads,
        Pos missedAt,
        String missedBy,
        Site site) implements Serializable {

    /** What becomes of a created executor. */
    public enum Fate {
        /** A local never shut down, returned or handed on. */
        NEVER_SHUT_DOWN,
        /** A local shut down, but not on every path out of its method. */
        SOME_PATHS,
        /** Kept in a field; whether a method of the class shuts it down is decided over the program. */
        FIELD,
        /** Used for one call ({@code newSingleThreadExecutor().submit(task)}) and dropped. */
        DROPPED
    }
}
