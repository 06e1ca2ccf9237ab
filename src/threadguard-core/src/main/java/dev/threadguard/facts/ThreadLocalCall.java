package dev.threadguard.facts;

import java.io.Serializable;

/**
 * A call that may set or clear a {@code ThreadLocal}: {@code x.set(v)} or {@code x.remove()}. Whether the
 * receiver is a {@code ThreadLocal} is the rule's question.
 *
 * @param unit      the code that makes the call: the position of its method or of the task lambda it is in
 * @param clears    the call takes the value away: {@code remove()} or {@code set(null)}
 * @param inFinally the call stands in a {@code finally} block of its unit
 * @param lazyInit  a {@code set} that fills a per-thread cache on first use: inside an {@code if} that tests
 *                  for {@code null}, in code that reads the same {@code ThreadLocal} with {@code get()} first
 * @param savesPrevious a {@code set} in a method that returns the value it read from the same {@code ThreadLocal}
 *                  with {@code get()} before: {@code T old = tl.get(); tl.set(v); return old;}, the save half of
 *                  a save/restore pair whose restore is the caller's
 */
public record ThreadLocalCall(ValueRef receiver, String receiverText, boolean clears, Pos unit, boolean inFinally,
                              Site site, boolean lazyInit, boolean savesPrevious) implements Serializable {
}
