package dev.threadguard.facts.model;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What thread pools, their queues and the results they hand back do, matched by name: what the pool facts
 * need to know about waiting on many futures, completion services, pool sizing and the JDK classes that must
 * not be shared between threads.
 */
public final class Pools {

    /** Exceptions a catch around {@code future.get()} must catch to see a task's failure. */
    public static final Set<String> GET_FAILURES = Set.of("ExecutionException", "Exception", "Throwable");

    /** Exceptions a catch around {@code future.join()} must catch to see a task's failure. */
    public static final Set<String> JOIN_FAILURES = Set.of(
            "CompletionException", "RuntimeException", "Exception", "Throwable");

    /**
     * Calls that stop the tasks left behind: {@code cancel}, {@code cancelAll(futures)}, {@code shutdownNow}.
     * Matched on the call's name.
     */
    public static final Pattern CANCELS = Pattern.compile("(?i).*cancel.*|shutdownNow");

    /** Calls that take the next element of what a loop walks: {@code it.next().get()}. */
    public static final Set<String> NEXT_ELEMENT = Set.of("next", "remove", "removeFirst", "pop");

    /** The {@code CompletionService} implementation of the JDK, by simple name. */
    public static final String COMPLETION_SERVICE = "ExecutorCompletionService";

    /** Calls that take a finished task out of a completion service. */
    public static final Set<String> COMPLETION_TAKES = Set.of("take", "poll");

    /** Queues that never refuse an element, whatever the arguments of their constructor. */
    public static final Set<String> UNBOUNDED_QUEUES = Set.of(
            "LinkedTransferQueue", "PriorityBlockingQueue", "DelayQueue");

    /** Queues that are unbounded unless given a capacity (an {@code int} first argument). */
    public static final Set<String> UNBOUNDED_WITHOUT_CAPACITY = Set.of("LinkedBlockingQueue", "LinkedBlockingDeque");

    /** Calls and fields that give the size of an input: a pool sized by one has as many threads as items. */
    public static final Set<String> INPUT_SIZES = Set.of("size", "length", "count");

    /** {@code Executors} factories whose one argument is the number of threads. */
    public static final Set<String> SIZED_FACTORIES = Set.of("newFixedThreadPool", "newScheduledThreadPool");

    /** Stage methods whose callback sees the outcome and whose returned stage carries the callback's own exception. */
    public static final Set<String> OUTCOME_CALLBACKS = Set.of(
            "whenComplete", "whenCompleteAsync", "handle", "handleAsync");

    /** Calls made to throw: a callback that makes one can throw. */
    public static final Set<String> THROWING_CALLS = Set.of(
            "orElseThrow", "requireNonNull", "checkState", "checkArgument", "checkNotNull", "checkElementIndex",
            "verify", "verifyNotNull", "throwIfUnchecked", "throwIfInstanceOf", "propagate", "rethrow", "sneakyThrow");

    /**
     * Calls that wait on I/O, a lock, a future or time, by name: a task that makes one holds its thread while it
     * waits, so a cached pool fed many such tasks at once starts a thread for each.
     */
    public static final Set<String> BLOCKING_CALLS = Set.of(
            "sleep", "get", "join", "take", "await", "acquire", "lock", "read", "readLine", "readAllBytes", "write",
            "connect", "accept", "receive", "send", "exchange", "execute", "executeQuery", "executeUpdate",
            "getInputStream", "getResponseCode", "openStream", "transferTo", "copy", "waitFor");

    private Pools() {
    }
}
