package dev.threadguard.facts;

import java.io.Serializable;

/**
 * A {@code wait(...)} or {@code await(...)} call that no loop around it re-checks: not in the body of a
 * {@code while}, {@code do} or {@code for} of its method. Whether it is {@code Object.wait} or
 * {@code Condition.await} is the rule's question.
 *
 * @param step    the wait is a step its callers repeat: after it the method does nothing with shared state
 *                (logging, a constant flag, releasing and taking the lock again, calls on its own locals) and
 *                returns, or it only returns a verdict
 * @param verdict the method returns {@code boolean} after the wait: a caller that uses the answer re-checks
 * @param method  where the method around the wait is declared ({@link MethodFacts#pos()}); null for a lambda
 *                or an initializer
 */
public record WaitOutsideLoop(ValueRef.Call call, String text, Site site, boolean step, boolean verdict, Pos method)
        implements Serializable {
}
