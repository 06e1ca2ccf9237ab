package dev.threadguard.facts;

import java.io.Serializable;

/**
 * A method reference handed to a thread of its own as its task: {@code new Thread(this::loop)},
 * {@code factory.newThread(worker::drain)}, {@code Thread.ofPlatform().start(this::loop)}. The method it names
 * is that thread's own code.
 *
 * @param receiver the value or type before {@code ::} ({@code this}, a field, a class), to resolve its type
 * @param method   the name after {@code ::}
 */
public record ThreadMethodRef(ValueRef receiver, String method, Site site) implements Serializable {
}
