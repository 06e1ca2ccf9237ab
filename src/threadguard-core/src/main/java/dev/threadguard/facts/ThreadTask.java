package dev.threadguard.facts;

import java.io.Serializable;

/**
 * A task handed to a thread of its own: an argument of {@code new Thread(...)}, of a thread factory's
 * {@code newThread(...)}, or of a thread builder's {@code start}/{@code unstarted}. Its {@code run()} is that
 * thread's own code.
 *
 * @param value the value handed, to resolve its type ({@code this}, a field, {@code new Worker()}); null for a
 *              lambda or an anonymous class written at the call
 * @param unit  for a lambda, its position; for an anonymous class, the position of its {@code run()}; else null
 */
public record ThreadTask(ValueRef value, Pos unit, Site site) implements Serializable {
}
