package dev.threadguard.facts;

import java.io.Serializable;

/**
 * How the static type of an expression can be found, recorded while parsing and answered later by the
 * index. Whatever the extractor could decide alone (a local's declared type, a cast) is already a
 * {@link Declared}; names that need the whole program (fields, inherited methods, imports) stay symbolic.
 */
public sealed interface ValueRef extends Serializable {

    /** A value whose declared type is known from the source at hand: a local, a parameter, a cast, {@code new}. */
    record Declared(TypeName type) implements ValueRef {
    }

    /** A simple name that is not a local: a field of an enclosing type, or a type used for a static member. */
    record Name(String name) implements ValueRef {
        public Name {
            name = Interned.of(name);
        }
    }

    /** {@code target.name}: a field, or a qualified type name such as {@code java.util.concurrent.Executors}. */
    record Field(ValueRef target, String name) implements ValueRef {
        public Field {
            name = Interned.of(name);
        }
    }

    /** The result of {@code target.name(...)} with {@code arguments} arguments; a null target is an unqualified call. */
    record Call(ValueRef target, String name, int arguments) implements ValueRef {
        public Call {
            name = Interned.of(name);
        }
    }

    /**
     * The {@code index}-th type argument of {@code target}'s type: the element of a collection in a for-each
     * loop or a {@code forEach} lambda, the value of an {@code Optional} in {@code ifPresent}.
     */
    record Element(ValueRef target, int index) implements ValueRef {
    }

    /** {@code this}, or {@code Outer.this} when {@code qualifier} is set. */
    record This(String qualifier) implements ValueRef {
    }

    /** {@code super}. */
    record Super() implements ValueRef {
    }

    /** An expression whose type the analysis does not follow (lambdas, conditionals of mixed types...). */
    record Unknown() implements ValueRef {
    }

    ValueRef UNKNOWN = new Unknown();
}
