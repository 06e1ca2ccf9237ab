package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * How objects handed to constructors reach fields, for lock identity: a lock created once and passed to
 * several objects ({@code new Reader(lock)}, {@code new Writer(lock)}) is one lock, not one per field
 * that keeps it. Read by the program model's {@code SharedLocks}.
 *
 * @param stores    the fields this file's constructors assign from one of their parameters
 * @param creations every {@code new T(...)}, {@code this(...)}, {@code super(...)} with arguments, and
 *                  {@code T::new}, with what each argument is
 * @param functions the lambdas and method references kept to run later, with what types them
 * @param holders   classes whose constructor leaves a lock held and whose {@code close()} releases one
 */
public record ObjectFlow(List<Store> stores, List<Creation> creations, List<Function> functions, List<Holder> holders)
        implements Serializable {

    public static final ObjectFlow EMPTY = new ObjectFlow(List.of(), List.of(), List.of(), List.of());

    /**
     * A class whose constructor leaves locks held and whose {@code close()} releases locks: a lock holder for
     * try-with-resources.
     *
     * @param kept     what a constructor still holds when it returns: {@code field:<name>} for a lock field,
     *                 {@code parameter:<index>} for one of its parameters
     * @param released the locks {@code close()} releases on every path, as the extractor names them
     *                 ({@code AutoLock.lock})
     */
    public record Holder(String type, List<String> kept, List<String> released) implements Serializable {
    }

    /**
     * A lambda or method reference kept to run later, and what gives it its functional interface: the
     * program model lets a call of that interface's method reach it ({@code task.run()} reaching the lambda
     * stored in {@code task}).
     *
     * @param body       for a lambda, the key of its body ({@link LockBody#key()}); null for a method reference
     * @param reference  for a method reference, its receiver and method name ({@code arguments} is -1)
     * @param parameters a lambda's parameter count; -1 for a method reference
     * @param type       an expression whose type is the interface: the declared type of the variable, field, cast
     *                   or method return, the assigned field, or the element type of the collection it is added to
     * @param created    otherwise, the class whose constructor takes it, as parameter {@code argument} of
     *                   {@code arguments}
     * @param scopeType  the type whose names resolve these
     */
    public record Function(String body, ValueRef.Call reference, int parameters, ValueRef type, TypeName created,
                           int argument, int arguments, String scopeType) implements Serializable {
    }

    /**
     * A field of {@code type} that some constructor assigns from a parameter.
     *
     * @param type       the qualified name of the type declaring the field
     * @param sources    each assignment from a constructor parameter, as {@code "<line>:<column>#<index>"}: the
     *                   constructor's position (its {@link MethodFacts#pos()}) and the parameter's index
     * @param other      whether the file also assigns the field anything else (its initializer, another value,
     *                   code outside a constructor): then the field holds no one object the constructors got
     */
    public record Store(String type, String field, List<String> sources, boolean other) implements Serializable {
    }

    /** How a creation names its class. */
    public enum Kind {
        /** {@code new T(...)}, with or without a class body. */
        NEW,
        /** {@code this(...)} in a constructor of {@code scopeType}. */
        THIS,
        /** {@code super(...)} in a constructor of {@code scopeType}. */
        SUPER,
        /** {@code T::new}: its arguments are not known. */
        REFERENCE
    }

    /**
     * One creation. {@code type} is the class as written for {@link Kind#NEW} and {@link Kind#REFERENCE},
     * null otherwise; {@code scopeType} is the type whose names resolve it.
     */
    public record Creation(Kind kind, TypeName type, String scopeType, List<Arg> arguments, Pos pos)
            implements Serializable {
    }

    /**
     * One argument of a creation, at most one component set: {@code constructor} and {@code parameter} when it
     * is a parameter of the constructor the creation is in ({@code "<type>@<line>:<column>"}); {@code variable}
     * when it is a local or a parameter of a method ({@code "<type>@<line>:<column>#<name>"}, after the
     * declaration of the method); {@code value} for a field, {@code this} or another object's field, as a lock
     * names them; none for anything else (a call, a new object, a literal).
     */
    public record Arg(String constructor, int parameter, String variable, LockRef value) implements Serializable {

        /** An argument the analysis does not follow. */
        public static final Arg OTHER = new Arg(null, -1, null, null);
    }
}
