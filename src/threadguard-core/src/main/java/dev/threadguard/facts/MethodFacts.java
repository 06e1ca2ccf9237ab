package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * A method or constructor declaration.
 *
 * @param returnType   null for a constructor
 * @param catchesAll   the body is one {@code try} whose catch takes {@code Exception}, {@code RuntimeException}
 *                     or {@code Throwable}: a task running this method reports its own failures
 */
public record MethodFacts(
        String name,
        List<TypeName> parameterTypes,
        TypeName returnType,
        int modifiers,
        boolean varargs,
        boolean catchesAll,
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
