package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * A collection asked a question and then changed on the strength of the answer, in two calls:
 * {@code if (!m.containsKey(k)) m.put(k, v)}, {@code if (!q.isEmpty()) q.poll()}. Whether the collection is a
 * concurrent one, and whether a lock covers both calls, is the rule's question.
 *
 * @param receiver     the collection, a field or a local, for its type
 * @param receiverText the collection as written, {@code this.} dropped
 * @param createdAs    for a field, the type created by its initializer ({@code new ConcurrentHashMap<>()}), or
 *                     {@code Collections.synchronizedMap} for a map wrapped so; null when unknown
 * @param key          the key both calls name, as written; empty for a queue
 * @param check        the call that asks ({@code containsKey}, {@code get}, {@code isEmpty})
 * @param act          the call that acts ({@code put}, {@code poll}...)
 * @param atomic       the single call that would do both: {@code computeIfAbsent}, {@code merge}, {@code poll}
 * @param checkLocks   the locks held at the check
 * @param actLocks     the locks held at the act
 * @param confined     the collection cannot be shared yet: the check runs during construction, or the
 *                     collection is a local created in the same method
 * @param site         the check
 * @param actPos       the act
 */
public record CheckThenActPair(
        Kind kind,
        ValueRef receiver,
        String receiverText,
        TypeName createdAs,
        String key,
        String check,
        String act,
        String atomic,
        List<String> checkLocks,
        List<String> actLocks,
        boolean confined,
        Site site,
        Pos actPos) implements Serializable {

    /** What the check asks. */
    public enum Kind { MAP_KEY_ABSENT, QUEUE_NOT_EMPTY }
}
