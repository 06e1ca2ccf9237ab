package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * What the static initialization of each type of one file touches in other types: the class-initialization
 * rule joins these across files into a graph of which initialization waits for which.
 *
 * @param inits one entry per type whose static initialization (static field initializers, {@code static {}}
 *              blocks, enum constants' arguments, and the static methods of the same type these call) names
 *              another type in a way that makes the JVM initialize it
 */
public record ClassInitFacts(List<StaticInit> inits) implements Serializable {

    public static final ClassInitFacts NONE = new ClassInitFacts(List.of());

    /**
     * The references of one type's static initialization to other types.
     *
     * @param type the qualified name of the type being initialized
     * @param refs what it touches, in source order
     */
    public record StaticInit(String type, List<InitRef> refs) implements Serializable {
    }

    /** What the initialization does with the other type; each makes the JVM initialize it first. */
    public enum Kind {
        /** {@code new Other(...)}, an anonymous subclass included. */
        NEW,
        /** {@code Other.method(...)}. */
        STATIC_CALL,
        /** {@code Other.FIELD}, read or written: the rule leaves out the constants, which do not initialize. */
        STATIC_FIELD
    }

    /**
     * One reference.
     *
     * @param kind   what it does
     * @param target the type as written ({@code Other}, {@code p.Outer.Inner}); the index resolves it
     * @param member the method or field named, {@code new} for a creation
     * @param via    the static method of the same type the reference sits in, when the initializer reaches it
     *               through a call; null when it is in the initializer itself
     * @param pos    where it is written
     */
    public record InitRef(Kind kind, TypeName target, String member, String via, Pos pos) implements Serializable {
    }
}
