package dev.threadguard.facts.model;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which calls hand a task to another thread, and which run a lambda later, with elements, or drop its value:
 * what the future and lifecycle facts need to know about executors, threads and callbacks, matched by name.
 */
public final class Tasks {

    /** Calls that hand a task to another thread; their task's exceptions never reach the caller's catch. */
    public static final Set<String> SUBMISSIONS = Set.of(
            "submit", "execute", "schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay",
            "runAsync", "supplyAsync");

    /** Exceptions that the submitting call itself may throw; a catch of these is no mistake. */
    public static final Set<String> SUBMISSION_EXCEPTIONS = Set.of(
            "RejectedExecutionException", "NullPointerException", "IllegalArgumentException",
            "IllegalStateException", "InterruptedException", "ExecutionException", "TimeoutException",
            "CancellationException", "CompletionException", "SecurityException", "OutOfMemoryError");

    /** Methods besides task submissions whose lambda runs later, on another thread. */
    public static final Set<String> DEFERRING = Set.of(
            "invokeAll", "invokeAny", "start", "startVirtualThread", "ofVirtual", "ofPlatform", "unstarted",
            "whenComplete", "whenCompleteAsync", "handle", "handleAsync", "exceptionally", "exceptionallyAsync",
            "addListener", "addShutdownHook", "newThread");

    /**
     * Calls that keep the function object they are handed, to run it later: a collection's or a registry's
     * {@code add}, {@code put}, {@code offer}, {@code push}, {@code set}, listener registrations, and the UI
     * toolkits' "run this on the UI thread" ({@code invokeLater}, {@code post}). A lambda or anonymous class
     * handed to one of them does not run under the locks held where it is written.
     */
    public static final Set<String> STORING = Set.of(
            "add", "addFirst", "addLast", "offer", "offerFirst", "offerLast", "push", "put", "putIfAbsent", "set",
            "register", "subscribe", "invokeLater", "post", "postDelayed", "postAtFrontOfQueue", "runOnUiThread",
            "asyncExec", "timerExec");

    /** Whether a call keeps the function object it is handed: {@link #STORING}, or {@code addXListener}-like registrations. */
    public static boolean stores(String method) {
        return STORING.contains(method) || method.length() > 3 && (method.startsWith("add") || method.startsWith("set"))
                && (method.endsWith("Listener") || method.endsWith("Callback") || method.endsWith("Handler")
                || method.endsWith("Observer") || method.endsWith("Hook"));
    }

    /** Of the {@link #STORING} calls, those whose stored value is their second argument, a map's value. */
    public static final Set<String> STORING_VALUES = Set.of("put", "putIfAbsent", "set");

    /**
     * Methods whose lambda argument returns nothing ({@code Runnable}, {@code Consumer}...): a call that is
     * the body of such a lambda has its result thrown away.
     */
    public static final Set<String> VOID_LAMBDA_TARGETS = Set.of(
            "forEach", "forEachOrdered", "forEachRemaining", "ifPresent", "ifPresentOrElse", "execute",
            "runAsync", "thenAccept", "thenAcceptAsync", "thenRun", "thenRunAsync", "acceptEither",
            "acceptEitherAsync", "thenAcceptBoth", "thenAcceptBothAsync", "runAfterBoth", "runAfterBothAsync",
            "runAfterEither", "runAfterEitherAsync", "whenComplete", "whenCompleteAsync", "peek",
            "scheduleAtFixedRate", "scheduleWithFixedDelay", "addShutdownHook", "startVirtualThread",
            "ofVirtual", "ofPlatform", "unstarted", "start");

    /** Functional interfaces whose method returns nothing: a lambda typed as one drops its value. */
    public static final Set<String> VOID_FUNCTIONS = Set.of(
            "Runnable", "Consumer", "BiConsumer", "IntConsumer", "LongConsumer", "DoubleConsumer",
            "ObjIntConsumer", "ObjLongConsumer", "ObjDoubleConsumer");

    /** Methods that call their lambda with the elements (type arguments) of their receiver. */
    public static final Set<String> ELEMENT_CALLBACKS = Set.of(
            "forEach", "forEachOrdered", "ifPresent", "ifPresentOrElse", "removeIf");

    /** Executor methods that run their task on a pooled thread; methods ending in {@code Async} do too. */
    public static final Set<String> POOLED_SUBMISSIONS = Set.of(
            "submit", "execute", "schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay");

    /** Executor methods that return a future: it is the only way to learn that the task failed. */
    public static final Set<String> FUTURE_SUBMISSIONS = Set.of(
            "submit", "schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay", "invokeAll");

    /**
     * Receivers, as written, or type names that say "executor" ({@code pool}, {@code ioExecutor},
     * {@code workerThreads}), for when the type does not resolve: the future rules' fallback.
     */
    public static final Pattern EXECUTOR_NAME = Pattern.compile(
            "(?i).*(executor|pool|scheduler|exec|workers?|threads)\\b.*|(?i).*(executor|pool|scheduler)\\w*$");

    /**
     * The narrower fallback of {@code thread-local-not-removed}: a receiver as written whose last name says
     * "executor" ({@code this.pool}, {@code workers()}), for when its type does not resolve.
     */
    public static final Pattern EXECUTOR_LAST_NAME = Pattern.compile(
            "(?i).*(executor|pool|scheduler|workers?)\\w*(\\(\\))?$");

    private Tasks() {
    }
}
