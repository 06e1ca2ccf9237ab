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
 * @param instantiated   the classes this type's own code (not its nested types') instantiates, as written and
 *                       without type arguments: {@code new T(...)} and {@code T::new}; an anonymous class or
 *                       an enum constant's body is not listed, it is instantiated by its kind
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
        List<TypeName> instantiated,
        Pos pos,
        int modifiers) implements Serializable {

    /** The kinds of type declaration. */
    public enum Kind { CLASS, INTERFACE, ENUM, RECORD, ANNOTATION, ANONYMOUS }
}
