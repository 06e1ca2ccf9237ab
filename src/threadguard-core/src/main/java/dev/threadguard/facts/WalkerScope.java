package dev.threadguard.facts;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.type.Type;

import java.util.List;

/**
 * What the one walk of {@link FactExtractor} knows at the point being walked: the scopes, the types and the
 * held locks. Every collector of the walk (lifecycle, accesses, pools, sharing, object flow) reads the walker
 * through this one interface, implemented once by the walker, and keeps no scope of its own.
 */
interface WalkerScope {

    /** Whether a local or parameter of this name is in scope. */
    boolean isLocal(String name);

    /** The qualified name of the innermost enclosing type that declares a field of this name, or null. */
    String fieldOwner(String name);

    /** The enclosing type {@code Outer.this} names ({@code this} when {@code qualifier} is null), or null. */
    String thisType(String qualifier);

    TypeName typeName(Type type);

    /** The qualified name of the innermost type being walked. */
    String scopeType();

    /** What a reader calls the code being walked: {@code Type.method}. */
    String member();

    ValueRef valueRef(Expression e);

    /** A lock expression as the lock model writes it: a field, {@code this}, another object's field... */
    LockRef lockRef(Expression lock, Pos at);

    /** The locks held, outermost first, try-with-resources resources included. */
    List<LockRef> held();

    /** Whether a lock is held at this point (try-with-resources resources do not count). */
    boolean locksHeld();

    /** The body being walked, by identity (a lambda run later is a body of its own); null outside code. */
    Object unit();

    /** Whether the code being walked is a lambda or a class body that runs later. */
    boolean inDeferredCode();

    /** Whether the body being walked builds its own object (a constructor or initializer), not in a lambda. */
    boolean constructing();

    /** Whether the walk is inside the expression that names a lock. */
    boolean namingLock();
}
