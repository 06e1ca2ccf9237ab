package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * What the thread-pool rules need of one file: loops that wait on futures one by one, completion services
 * and the calls that take their results, and how pools are sized.
 *
 * @param futureLoops      {@code get()} or {@code join()} on the element of a loop
 * @param completionDrains completion services held in a local, with their submits and takes
 * @param poolSizings      pools whose size settings can be read from their creation
 * @param droppedCallbacks {@code whenComplete} and {@code handle} callbacks that can throw, on a statement
 *                         that drops the stage they return
 */
public record PoolFacts(
        List<FutureLoop> futureLoops,
        List<CompletionDrain> completionDrains,
        List<PoolSizing> poolSizings,
        List<DroppedCallback> droppedCallbacks) implements Serializable {

    public static final PoolFacts NONE = new PoolFacts(List.of(), List.of(), List.of(), List.of());

    /**
     * {@code stage.whenComplete((r, e) -> { ... throw ... });} as a statement: the callback can throw, and its
     * exception goes into the stage the call returns, which the statement drops.
     *
     * @param receiver the stage the callback is attached to
     * @param method   {@code whenComplete}, {@code handle} or their {@code Async} forms
     * @param thrower  what throws: {@code throw} or the name of a call made to throw
     * @param throwPos where it throws
     * @param text     the call as written
     * @param site     the call
     */
    public record DroppedCallback(ValueRef receiver, String method, String thrower, Pos throwPos, String text,
                                  Site site) implements Serializable {
    }

    /**
     * {@code f.get()} (or {@code join()}, or {@code get(timeout, unit)}) where {@code f} is the element a loop
     * is at: {@code for (Future<T> f : futures) f.get();}.
     *
     * @param future           the receiver of the call
     * @param text             the call as written
     * @param loop             where the loop starts
     * @param caughtPerElement a catch inside the loop, around the call, takes the task's failure and stays in
     *                         the loop (it neither throws, returns nor breaks)
     * @param handledPerElement a catch inside the loop, around the call, takes the task's failure, whatever
     *                         it does next
     * @param cancelsOnExit    a catch or finally that the failure passes through on its way out calls a
     *                         cancelling method ({@code cancel}, {@code shutdownNow}...)
     * @param overInvokeAll    the loop walks the result of an {@code invokeAll} call: every task has ended
     * @param fromSubmissions  the loop walks a local its code fills with futures of tasks it submits
     * @param site             the call
     */
    public record FutureLoop(ValueRef future, String text, Pos loop, boolean caughtPerElement,
                             boolean handledPerElement, boolean cancelsOnExit, boolean overInvokeAll,
                             boolean fromSubmissions, Site site) implements Serializable {
    }

    /**
     * A completion service created into a local that does not leave its method, with the calls on it.
     *
     * @param type            the type created
     * @param name            the local
     * @param submitsInLoop   whether some {@code submit} is in a loop (or a {@code forEach} lambda)
     * @param submitsOutside  how many {@code submit} calls are outside any loop
     * @param takes           the {@code take()} and {@code poll()} calls
     * @param site            the creation
     */
    public record CompletionDrain(TypeName type, String name, boolean submitsInLoop, int submitsOutside,
                                  List<Take> takes, Site site) implements Serializable {
    }

    /**
     * One {@code take()} or {@code poll()} on a completion service.
     *
     * @param text             the call as written
     * @param inLoop           whether it is in a loop
     * @param fixedCount       the loop's count when it is an integer literal ({@code i < 3}), else -1
     * @param leavesOnFailure  a {@code get()} or {@code join()} in the loop is not caught inside it: a failed
     *                         task ends the loop
     * @param stopsEarly       the loop has a {@code break} or {@code return} of its own
     * @param cancelsRest      a catch or finally around the loop, or code after it, calls a cancelling method
     * @param pos              the call
     */
    public record Take(String text, boolean inLoop, int fixedCount, boolean leavesOnFailure, boolean stopsEarly,
                       boolean cancelsRest, Pos pos) implements Serializable {
    }

    /** What a {@link PoolSizing} is. */
    public enum SizingKind {
        /** {@code new ThreadPoolExecutor(core, max, ..., queue, ...)} with the queue created in place. */
        QUEUE_AND_MAXIMUM,
        /** {@code Executors.newFixedThreadPool(n)} where {@code n} is the size of something. */
        SIZED_FROM_INPUT,
        /**
         * {@code Executors.newCachedThreadPool()} in a local, fed in a loop over a collection with tasks that
         * block ({@code maximum} holds the collection, {@code core} the blocking call).
         */
        CACHED_FED_FROM_LOOP
    }

    /**
     * How a pool's size is set where it is created.
     *
     * @param kind           what was seen
     * @param core           the core size as written ({@code ""} for {@link SizingKind#SIZED_FROM_INPUT})
     * @param maximum        the maximum size as written, or the argument of the sized factory
     * @param coreValue      the core size when it is an integer literal, else -1
     * @param maximumValue   the maximum size when it is an integer literal, else -1
     * @param queue          the queue's type as written (null type name {@code ""} when not created in place)
     * @param queueArguments how many arguments the queue's constructor has
     * @param text           the creation as written
     * @param site           the creation
     */
    public record PoolSizing(SizingKind kind, String core, String maximum, int coreValue, int maximumValue,
                             TypeName queue, int queueArguments, String text, Site site) implements Serializable {
    }
}
