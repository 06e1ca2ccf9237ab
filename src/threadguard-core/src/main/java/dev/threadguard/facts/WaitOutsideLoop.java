package dev.threadguard.facts;

import java.io.Serializable;

/**
 * A {@code wait(...)} or {@code await(...)} call that no loop around it re-checks: not in the body of a
 * {@code while}, {@code do} or {@code for} of its method. Whether it is {@code Object.wait} or
 * {@code Condition.await} is the rule's question.
 */
public record WaitOutsideLoop(ValueRef.Call call, String text, Site site) implements Serializable {
}
