package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * A method or constructor declaration.
 *
 * @param returnType   null for a constructor
 * @param catchesAll   the body is one {@code try} (alone, after logging calls and locals set to literals, or
 *                     as the body of one loop) whose catch takes {@code Exception}, {@code RuntimeException}
 *                     or {@code Throwable}, or it only calls helpers named {@code *Quietly}: a task running
 *                     this method reports its own failures or has none to report
 * @param returnObserved the method attaches a listener or failure handler ({@code addListener},
 *                     {@code whenComplete}...) to the future it returns, so callers may drop it
 * @param returnDelegate when the method returns the result of one unqualified call, that call as
 *                     {@code name/argumentCount}; null otherwise
 */
public record MethodFacts(
        String name,
        List<TypeName> parameterTypes,
        TypeName returnType,
        int modifiers,
        boolean varargs,
        boolean catchesAll,
        boolean returnObserved,
        String returnDelegate,
        Pos pos) implements Serializable {

    public boolean isConstructor() {
        return returnType == null;
    }

    /** Whether a call with {@code count} arguments can reach this method. */
    public boolean accepts(int count) {
        int n = parameterTypes.size();
        return count == n || (varargs && count >= n - 1);
    }
}
