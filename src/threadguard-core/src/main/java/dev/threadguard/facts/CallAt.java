package dev.threadguard.facts;

import java.io.Serializable;

/**
 * A call at a place: how to resolve it, how a reader names it, and whether it stands in a {@code finally}
 * block of the code that makes it.
 */
public record CallAt(ValueRef.Call call, String text, boolean inFinally, Site site) implements Serializable {
}
