package dev.threadguard.facts;

import java.io.Serializable;

/**
 * An argument of a call: how to find its type, and whether it is a value the caller already holds (a
 * variable or a field) rather than one made for the call.
 */
public record Argument(ValueRef value, boolean held) implements Serializable {
}
