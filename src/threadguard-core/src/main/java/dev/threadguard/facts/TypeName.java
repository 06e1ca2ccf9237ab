package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * A type as written in the source, erased of its type arguments: {@code Map.Entry},
 * {@code java.util.concurrent.Future}. The arguments are kept one level deep for rules that want the
 * element type of a collection. {@code typeVariable} marks a name that is a type parameter in scope,
 * which no resolver should look up as a class.
 */
public record TypeName(String name, int dimensions, List<TypeName> arguments, boolean typeVariable)
        implements Serializable {

    public TypeName {
        name = Interned.of(name);
    }

    public static TypeName of(String name) {
        return new TypeName(name, 0, List.of(), false);
    }

    public boolean isPrimitive() {
        if (dimensions > 0) {
            return false;
        }
        return switch (name) {
            case "boolean", "byte", "char", "short", "int", "long", "float", "double", "void" -> true;
            default -> false;
        };
    }

    private static final java.util.Set<String> BOXED_OR_STRING = java.util.Set.of("String", "Integer", "Long",
            "Boolean", "Short", "Byte", "Character", "Double", "Float");

    /** A primitive, a string or a boxed primitive, not an array: a value nobody changes in place. */
    public boolean isValue() {
        return dimensions == 0 && (isPrimitive() || BOXED_OR_STRING.contains(simpleName()));
    }

    /** The last segment of the name: {@code Entry} for {@code Map.Entry}. */
    public String simpleName() {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name);
        if (!arguments.isEmpty()) {
            sb.append('<');
            for (int i = 0; i < arguments.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(arguments.get(i));
            }
            sb.append('>');
        }
        sb.append("[]".repeat(dimensions));
        return sb.toString();
    }
}
