package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * What the rules about sharing objects between threads need of one file: uses of fields whose type must
 * not be used by two threads at once, and constructors that hand {@code this} to another thread.
 *
 * @param unsafeUses  calls on fields of a type listed in {@code facts/model/UnsafeToShare}
 * @param escapes     threads started and tasks submitted by a constructor with {@code this} in reach
 */
public record SharingFacts(List<UnsafeUse> unsafeUses, List<ConstructorEscape> escapes) implements Serializable {

    public static final SharingFacts NONE = new SharingFacts(List.of(), List.of());

    /**
     * {@code FORMAT.format(date)} where {@code FORMAT} is a field of a type that keeps per-call state.
     *
     * @param owner        the qualified name of the type declaring the field
     * @param field        the field
     * @param type         the field's type as written (simple name)
     * @param staticField  whether the field is static: one instance for every thread
     * @param sharedOwner  whether the declaring class is marked as serving many threads (a servlet, a
     *                     {@code @Service}, a {@code @ThreadSafe} class...)
     * @param deferred     whether the call is in a lambda or class body that may run on another thread
     * @param locked       whether a lock is held at the call
     * @param construction whether the call is in a constructor or initializer
     * @param text         the call as written
     * @param site         the call
     */
    public record UnsafeUse(String owner, String field, String type, boolean staticField, boolean sharedOwner,
                            boolean deferred, boolean locked, boolean construction, String text, Site site)
            implements Serializable {
    }

    /** How a constructor lets {@code this} reach another thread. */
    public enum EscapeKind {
        /** A thread is started whose task reaches {@code this}: {@code new Thread(this).start()}. */
        THREAD_STARTED,
        /** The object itself is a thread and starts itself: {@code start()} in a {@code Thread} subclass. */
        SELF_STARTED,
        /** A task that reaches {@code this} is handed to an executor: {@code pool.submit(this::poll)}. */
        SUBMITTED
    }

    /**
     * A constructor (or instance initializer) that lets {@code this} reach another thread before it ends.
     *
     * @param kind          how
     * @param receiver      the executor a task is submitted to ({@link EscapeKind#SUBMITTED}), the thread
     *                      started by {@code start()} ({@link EscapeKind#THREAD_STARTED}), else unknown
     * @param text          the call as written
     * @param finalClass    whether the class is final (or an enum or record): no subclass constructor runs after
     * @param fieldsAfter   whether the constructor assigns a field of the type after the statement of the call
     * @param site          the call
     * @param readByTask    whether the task's code, as far as its class shows, reads a field assigned after the
     *                      call; true when that code is not found
     * @param delayed       whether the task is scheduled to run first after a delay written as a positive literal
     *                      or as a constant named in upper case (taken to be positive, its value unread)
     */
    public record ConstructorEscape(EscapeKind kind, ValueRef receiver, String text, boolean finalClass,
                                    boolean fieldsAfter, Site site, boolean readByTask, boolean delayed)
            implements Serializable {
    }
}
