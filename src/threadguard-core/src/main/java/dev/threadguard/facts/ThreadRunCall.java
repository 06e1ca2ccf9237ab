package dev.threadguard.facts;

import java.io.Serializable;

/**
 * {@code x.run()} on some receiver; whether the receiver is a {@code Thread} is the rule's question.
 *
 * @param deliberate the same method first removes that receiver from the JVM's shutdown hooks
 *                    ({@code Runtime.getRuntime().removeShutdownHook(x)}: the hook's work is run now), or also calls
 *                    {@code x.start()} (it chooses between running the work here and starting the thread): on purpose
 */
public record ThreadRunCall(ValueRef receiver, String text, Site site, boolean deliberate) implements Serializable {
}
