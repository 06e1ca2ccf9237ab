package dev.threadguard.facts.model;

import java.util.List;
import java.util.Set;

/**
 * Which maps and queues are safe to call from several threads one call at a time, by type and, for when the
 * type does not resolve, by name: what the check-then-act facts and rule need to tell a concurrent collection
 * (each call atomic, a pair of them not) from a plain one.
 */
public final class ConcurrentCollections {

    /** Supertypes of every concurrent map. */
    public static final List<String> MAP_TYPES = List.of("java.util.concurrent.ConcurrentMap");

    /** Supertypes of the concurrent queues: blocking queues and the two lock-free ones. */
    public static final List<String> QUEUE_TYPES = List.of(
            "java.util.concurrent.BlockingQueue", "java.util.concurrent.ConcurrentLinkedQueue",
            "java.util.concurrent.ConcurrentLinkedDeque");

    /** Simple names of the JDK's concurrent maps, matched when the type does not resolve. */
    public static final Set<String> MAP_NAMES = Set.of(
            "ConcurrentMap", "ConcurrentHashMap", "ConcurrentSkipListMap", "ConcurrentNavigableMap");

    /** Simple names of the JDK's concurrent queues, matched when the type does not resolve. */
    public static final Set<String> QUEUE_NAMES = Set.of(
            "BlockingQueue", "BlockingDeque", "TransferQueue", "ConcurrentLinkedQueue", "ConcurrentLinkedDeque",
            "LinkedBlockingQueue", "LinkedBlockingDeque", "ArrayBlockingQueue", "PriorityBlockingQueue",
            "LinkedTransferQueue", "DelayQueue", "SynchronousQueue");

    /** The factory of a map whose every call takes one lock: shared like a concurrent map. */
    public static final String SYNCHRONIZED_MAP_FACTORY = "Collections.synchronizedMap";

    private ConcurrentCollections() {
    }
}
