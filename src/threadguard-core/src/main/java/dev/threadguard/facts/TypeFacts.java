package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * A class, interface, enum, record, annotation or anonymous class declared in a file.
 *
 * @param qualifiedName  {@code pkg.Outer.Inner}; anonymous classes get {@code pkg.Outer$1} in source order
 * @param displayName    what a reader calls it: {@code Outer.Inner}, or {@code Outer$1} for an anonymous class
 * @param outerName      the qualified name of the enclosing type, or null for a top-level type
 * @param supertypes     the extended and implemented types as written (the base type for an anonymous class)
 * @param typeParameters the names of the type's own type parameters, in order
 * @param modifiers      as written, in {@link java.lang.reflect.Modifier} bits (0 for an anonymous class)
 */
public record TypeFacts(
        String qualifiedName,
        String displayName,
        Kind kind,
        String outerName,
        List<TypeName> supertypes,
        List<String> typeParameters,
        List<FieldFacts> fields,
        List<MethodFacts> methods,
        Pos pos,
        int modifiers) implements Serializable {

    /** The kinds of type declaration. */
    public enum Kind { CLASS, INTERFACE, ENUM, RECORD, ANNOTATION, ANONYMOUS }
}
