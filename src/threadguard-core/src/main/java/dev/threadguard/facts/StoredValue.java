package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * A local variable or private field that receives values but is never read, apart from calls in
 * {@code weakUses} (such as {@code cancel} or a collection's {@code add}) that do not observe a task's
 * outcome. Only such variables are recorded: a variable that is read is no candidate for any rule here.
 *
 * @param declaredType null for {@code var}
 * @param values       every value stored into it from a call, in source order
 */
public record StoredValue(
        Kind kind,
        String name,
        TypeName declaredType,
        Site site,
        List<Assignment> values,
        Set<String> weakUses) implements Serializable {

    /** Where the variable lives. */
    public enum Kind { LOCAL, PRIVATE_FIELD }

    /**
     * One value stored into the variable.
     *
     * @param how       {@code INITIALIZER}, {@code ASSIGNMENT}, or {@code ADDED} to the variable as a collection
     * @param targetText the call's receiver as written, empty for an unqualified call
     * @param chainText the call as a reader names it
     * @param arguments the call's arguments
     */
    public record Assignment(How how, ValueRef.Call value, String targetText, String chainText,
                             List<Argument> arguments, TaskShape task, Site site)
            implements Serializable {
    }

    /** How a value reached the variable. */
    public enum How { INITIALIZER, ASSIGNMENT, ADDED }
}
