package dev.threadguard.facts.model;

import java.util.Set;

/**
 * What a call on a {@code Future} or {@code CompletionStage} does with its outcome, matched by name.
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

    private Futures() {
    }
}
