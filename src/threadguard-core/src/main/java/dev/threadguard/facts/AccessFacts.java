package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the race analysis needs of one file: the accesses of each body of code, and the types annotated as
 * thread-safe or as not thread-safe.
 *
 * @param bodies         per body of code that touches memory or calls a method on an object it owns
 * @param threadSafe     types annotated {@code @ThreadSafe} (any package): their fields are shared
 * @param notThreadSafe  types annotated {@code @NotThreadSafe} (any package): confined to one thread at a time
 * @param fieldValues    per field ({@code owner#field}), what its initializer and the assignments to it store: the
 *                       simple name of the class of a {@code new}, or {@code ?} for any other value
 */
public record AccessFacts(List<AccessBody> bodies, Set<String> threadSafe, Set<String> notThreadSafe,
                          Map<String, List<String>> fieldValues) implements Serializable {

    public static final AccessFacts NONE = new AccessFacts(List.of(), Set.of(), Set.of(), Map.of());

    /**
     * What {@code fieldValues} records (besides the class of a {@code new}) for a field that stores {@code Executors.newSingleThreadExecutor()} or
     * {@code newSingleThreadScheduledExecutor()}: an executor that runs its tasks one at a time, in order.
     */
    public static final Set<String> SINGLE_THREAD_EXECUTORS = Set.of(
            "newSingleThreadExecutor()", "newSingleThreadScheduledExecutor()");


    /**
     * The accesses of one body of code.
     *
     * @param type        the qualified name of the declaring type
     * @param method      the method's name, {@code <init>} for construction code, {@code lambda} for a lambda run later
     * @param declared    where the method is declared (with {@code type} and {@code method}, its key for calls);
     *                    null for bodies no call reaches
     * @param scopeType   the type whose members resolve the names used in the body
     * @param member      what a reader calls the body: {@code Order.ship}
     * @param thread      the one thread an annotation confines the body to ({@code "main"}), or null
     * @param task        how the body runs on another thread: {@link #NO_TASK}; {@link #THREAD_TASK}, handed to a
     *                    thread, a timer or a future's stage; {@link #POOLED_TASK}, handed to an executor, which
     *                    may run several at once
     * @param construction the body builds its object (constructor, initializer, {@code readObject}): its
     *                    accesses to {@code this} are owned
     * @param lockBody    the index of the same body in {@link FileFacts#lockBodies()}, or -1 when it has none
     * @param accesses    the accesses, in source order, of objects it does not own
     * @param ownedCalls  where it calls a method on an object it created and has not yet let escape: the callee's
     *                    accesses of that object are owned too
     * @param handoff     for a task, how it is handed to its thread ({@link Handoff}); null when not known
     * @param ownedArguments where it passes an object it created and has not yet let escape as an argument: the
     *                    callee's accesses of that parameter are owned too
     */
    public record AccessBody(String type, String method, Pos declared, String scopeType, String member, String thread,
                             int task, boolean construction, int lockBody, List<Access> accesses,
                             List<Pos> ownedCalls, Handoff handoff, List<OwnedArgument> ownedArguments)
            implements Serializable {

        public static final int NO_TASK = 0;
        public static final int THREAD_TASK = 1;
        public static final int POOLED_TASK = 2;

        public boolean deferred() {
            return task != NO_TASK;
        }
    }

    /**
     * How a task is handed to the thread that runs it.
     *
     * @param executor the executor field it is submitted to ({@code owner#field}), or null: when every value stored
     *                 in that field is a single-thread executor, its tasks run one at a time
     * @param call     the call that starts it ({@code pool.submit(...)}, {@code thread.start()}), or null when not
     *                 known or run in a loop: what the code around writes before that call, the task sees
     * @param in       the method or constructor the call is in (its whole range)
     */
    public record Handoff(String executor, Pos call, Pos in) implements Serializable {
    }

    /** At the call at {@code call}, the argument number {@code index} (from 0) is an object the caller owns. */
    public record OwnedArgument(Pos call, int index) implements Serializable {
    }
}
