package dev.threadguard.facts.model;

import java.util.List;
import java.util.Set;

/**
 * The JDK's collections as the race analysis sees them: which calls read a collection, which change it, and
 * which collection types are safe to call from several threads at once. A call on a plain {@code HashMap}
 * or {@code ArrayList} that changes it, concurrent with any other call on it, can corrupt it; each call on a
 * concurrent or synchronized collection is atomic.
 */
public final class Containers {

    /** Calls that change a collection or map: a write of the container. */
    public static final Set<String> WRITES = Set.of(
            "add", "addAll", "addFirst", "addLast", "offer", "offerFirst", "offerLast", "push", "pop", "poll",
            "pollFirst", "pollLast", "remove", "removeAll", "removeIf", "removeFirst", "removeLast", "retainAll",
            "clear", "set", "sort", "replaceAll", "put", "putAll", "putIfAbsent", "replace", "compute",
            "computeIfAbsent", "computeIfPresent", "merge", "setSize", "trimToSize", "ensureCapacity",
            "addElement", "removeElement", "insertElementAt", "setElementAt");

    /** Calls that only read a collection or map: a read of the container. */
    public static final Set<String> READS = Set.of(
            "get", "getOrDefault", "contains", "containsKey", "containsValue", "containsAll", "isEmpty", "size",
            "indexOf", "lastIndexOf", "peek", "peekFirst", "peekLast", "element", "getFirst", "getLast",
            "first", "last", "firstKey", "lastKey", "keySet", "values", "entrySet", "iterator", "listIterator",
            "stream", "forEach", "toArray", "subList", "headMap", "tailMap", "ceilingKey", "floorKey",
            "higherKey", "lowerKey", "equals", "hashCode", "toString");

    /** Supertypes of the JDK collections whose calls {@link #WRITES} and {@link #READS} describe. */
    public static final List<String> CONTAINER_TYPES = List.of("java.util.Collection", "java.util.Map");

    /**
     * Collections in {@code java.util} that are safe to call from several threads, one call at a time: the
     * legacy synchronized ones and the immutable ones. Everything in {@code java.util.concurrent} is too.
     */
    public static final Set<String> THREAD_SAFE = Set.of(
            "java.util.Vector", "java.util.Stack", "java.util.Hashtable", "java.util.Properties",
            "java.util.ImmutableCollections", "java.util.Collections.SynchronizedCollection",
            "java.util.Collections.UnmodifiableCollection");

    /**
     * Simple names of the JDK's collections that are not thread-safe: a field that only ever holds one of these,
     * whatever its declared type, holds a collection that concurrent calls can corrupt.
     */
    public static final Set<String> PLAIN = Set.of(
            "HashMap", "LinkedHashMap", "TreeMap", "WeakHashMap", "IdentityHashMap", "EnumMap", "ArrayList",
            "LinkedList", "ArrayDeque", "PriorityQueue", "HashSet", "LinkedHashSet", "TreeSet", "EnumSet");

    /** Factories that wrap a collection so that each call takes one lock, or so that no call changes it. */
    public static final Set<String> SAFE_FACTORIES = Set.of(
            "synchronizedMap", "synchronizedList", "synchronizedSet", "synchronizedCollection",
            "synchronizedSortedMap", "synchronizedSortedSet", "synchronizedNavigableMap", "synchronizedNavigableSet",
            "unmodifiableMap", "unmodifiableList", "unmodifiableSet", "unmodifiableCollection", "of", "copyOf");

    private Containers() {
    }
}
