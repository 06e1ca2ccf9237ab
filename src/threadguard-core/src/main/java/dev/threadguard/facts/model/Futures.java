package dev.threadguard.facts.model;

import java.util.List;
import java.util.Set;

/**
 * What a call on a {@code Future} or {@code CompletionStage} does with its outcome, matched by name: what
 * the future facts and rules need to know about futures and completion stages.
 */
public final class Futures {

    /** Calls that register who will look at a future's outcome. */
    public static final Set<String> OBSERVERS = Set.of(
            "addListener", "addListeners", "addCallback", "whenComplete", "whenCompleteAsync", "exceptionally",
            "exceptionallyAsync", "handle", "handleAsync", "onComplete", "onFailure");

    /** Calls on a variable that neither read a task's outcome nor pass the variable on. */
    public static final Set<String> WEAK_USES = Set.of(
            "cancel", "isCancelled", "isDone",
            "add", "addAll", "put", "offer", "push", "addFirst", "addLast", "clear", "size", "isEmpty");

    /** {@code CompletionStage} methods that build a new stage, matched by name when types do not resolve. */
    public static final Set<String> STAGE_METHODS = Set.of(
            "thenApply", "thenApplyAsync", "thenAccept", "thenAcceptAsync", "thenRun", "thenRunAsync",
            "thenCompose", "thenComposeAsync", "thenCombine", "thenCombineAsync", "thenAcceptBoth",
            "thenAcceptBothAsync", "runAfterBoth", "runAfterBothAsync", "applyToEither", "applyToEitherAsync",
            "acceptEither", "acceptEitherAsync", "runAfterEither", "runAfterEitherAsync");

    /** Stages that see the failure of the stage before them: a chain ending in one handles its failures. */
    public static final Set<String> FAILURE_HANDLERS = Set.of(
            "exceptionally", "exceptionallyAsync", "exceptionallyCompose", "exceptionallyComposeAsync",
            "handle", "handleAsync", "whenComplete", "whenCompleteAsync");

    /** Stage methods that make no new work: dropping their result loses nothing. */
    public static final Set<String> NO_NEW_WORK = Set.of(
            "completedFuture", "completedStage", "failedFuture", "failedStage", "toCompletableFuture",
            "minimalCompletionStage", "copy", "newIncompleteFuture");

    /** Stage methods that return their receiver: the receiver, still held elsewhere, is what is observed. */
    public static final Set<String> RETURN_RECEIVER = Set.of("completeAsync", "orTimeout", "completeOnTimeout");

    /**
     * Endings of parameter type names that hand a method a completion handler, callback or listener: the
     * outcome of the future it returns is looked at there.
     */
    public static final List<String> CALLBACK_PARAMETER_SUFFIXES = List.of("Handler", "Callback", "Listener");

    /**
     * Prefixes of methods that hand out an existing value rather than start work: getters, and a
     * collection's or queue's element access ({@code getFuture()}, {@code poll()}), alone or before a capital.
     */
    public static final List<String> ACCESSOR_PREFIXES = List.of(
            "get", "peek", "poll", "take", "remove", "pop", "next", "find", "lookup", "current");

    /** Whole names of methods that hand out an existing value: element access, {@code Optional}, {@code join}. */
    public static final Set<String> ACCESSORS = Set.of(
            "element", "first", "last", "current", "orElse", "orElseThrow", "join");

    private Futures() {
    }
}
