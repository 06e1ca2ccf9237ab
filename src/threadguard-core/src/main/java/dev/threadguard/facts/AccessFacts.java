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
     */
    public record AccessBody(String type, String method, Pos declared, String scopeType, String member, String thread,
                             int task, boolean construction, int lockBody, List<Access> accesses,
                             List<Pos> ownedCalls) implements Serializable {

        public static final int NO_TASK = 0;
        public static final int THREAD_TASK = 1;
        public static final int POOLED_TASK = 2;

        public boolean deferred() {
            return task != NO_TASK;
        }
    }
}
