package dev.threadguard.facts;

import java.io.Serializable;

/**
 * A task handed to a method that runs it on a pooled thread: {@code submit}, {@code execute},
 * {@code schedule*}, {@code *Async}. Whether the receiver is an executor is the rule's question.
 *
 * @param submission the handing-over call, to resolve its receiver
 * @param text       the handing-over call as a reader names it
 * @param kind       the form of the task
 * @param unit       for {@link Kind#BODY}, the position of the lambda, or of the {@code run()}/{@code call()} of
 *                   the anonymous class
 * @param target     for a method reference, what the method is looked up on; for an instance, the value handed
 * @param method     for a method reference, the method it names
 */
public record PooledTask(ValueRef.Call submission, String text, Kind kind, Pos unit, ValueRef target, String method,
                         Site site) implements Serializable {

    /** The forms of a task. */
    public enum Kind {
        /** A lambda or anonymous class written at the call. */
        BODY,
        /** {@code this::handle}. */
        METHOD_REFERENCE,
        /** Any other value: a {@code Runnable} or {@code Callable} object whose {@code run()} or {@code call()} runs. */
        INSTANCE
    }
}
