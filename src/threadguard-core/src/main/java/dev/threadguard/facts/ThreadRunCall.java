package dev.threadguard.facts;

import java.io.Serializable;

/** {@code x.run()} on some receiver; whether the receiver is a {@code Thread} is the rule's question. */
public record ThreadRunCall(ValueRef receiver, String text, Site site) implements Serializable {
}
