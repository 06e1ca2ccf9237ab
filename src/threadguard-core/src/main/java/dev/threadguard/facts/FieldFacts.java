package dev.threadguard.facts;

import java.io.Serializable;

/** A field declaration; {@code modifiers} uses {@link java.lang.reflect.Modifier} bits. */
public record FieldFacts(String name, TypeName type, int modifiers, Pos pos) implements Serializable {
}
