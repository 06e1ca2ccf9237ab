package dev.threadguard.facts;

import java.io.Serializable;

/**
 * A field declaration; {@code modifiers} uses {@link java.lang.reflect.Modifier} bits.
 *
 * @param guardedBy the value of a {@code @GuardedBy} annotation (javax, jcip, Error Prone, Android: matched
 *                  by simple name), or null
 */
public record FieldFacts(String name, TypeName type, int modifiers, String guardedBy, Pos pos) implements Serializable {
}
