package dev.threadguard.facts;

import java.io.Serializable;

/**
 * A method call used as a statement: its result, whatever it is, is thrown away.
 *
 * @param call        the call, with how to find its receiver's type
 * @param targetText  the receiver as written ({@code this.executor}), shortened; empty for an unqualified call
 * @param chainText   the whole call as a reader would name it, arguments elided: {@code executor.submit(...)}
 * @param arguments   the call's arguments
 * @param task        the first task-like argument (lambda, anonymous class, method reference)
 * @param catchAround when the call is a task submission inside a try whose catch cannot see the task's
 *                    failures, that catch; null otherwise
 */
public record DiscardedCall(
        Site site,
        ValueRef.Call call,
        String targetText,
        String chainText,
        java.util.List<Argument> arguments,
        TaskShape task,
        CaughtTypes catchAround) implements Serializable {
}
