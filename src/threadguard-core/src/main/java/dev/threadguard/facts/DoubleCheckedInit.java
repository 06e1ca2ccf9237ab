package dev.threadguard.facts;

import java.io.Serializable;

/**
 * A field tested for null, then, under a lock taken after that test, tested again and assigned: lazy
 * initialization by double-checked locking. Whether the field is {@code volatile} is the rule's question.
 *
 * @param owner      the qualified name of the type that declares the field
 * @param lock       the lock taken between the two checks, as a reader names it ({@code Registry.this})
 * @param site       the outer check, the one made without the lock
 * @param innerCheck the check made with the lock held
 * @param assignment the write of the field
 * @param rereads    the outer check reads the field itself, and the code after that check reads it again
 *                   ({@code if (f == null) { ... } return f;}): two unlocked reads, the second of which may see null
 * @param storesParameter the value assigned is a parameter of the method, stored as it came: the object was built
 *                   by the caller, not here (a first-wins slot rather than lazy initialization)
 */
public record DoubleCheckedInit(String owner, String field, String lock, Site site, Pos innerCheck, Pos assignment,
                                boolean rereads, boolean storesParameter)
        implements Serializable {
}
