package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * What the guard rules need beyond the accesses themselves: how a read of a field is used, and what a
 * method says about the locks its callers hold.
 *
 * @param reads   reads of fields of enclosing types whose use is not plain: returned, passed, called on, or
 *                only displayed; a read not listed here is used as a value
 * @param methods methods that are public only for tests, or that assert at the top level of their body that
 *                a lock is held
 */
public record GuardUseFacts(List<ReadUse> reads, List<MethodNote> methods) implements Serializable {

    public static final GuardUseFacts NONE = new GuardUseFacts(List.of(), List.of());

    /** How the value a read yields is used. */
    public enum Shape {
        /** {@code return field;}: the reference is handed out. */
        RETURNED,
        /** {@code call(field)}, {@code new T(field)}: the reference is handed to a call. */
        ARGUMENT,
        /** {@code field.method(...)}: a call is made on it. */
        RECEIVER,
        /** Anything else: compared, computed with, iterated, stored. */
        VALUE,
        /** {@code field.length}: only the length of the array it holds is read. */
        LENGTH
    }

    /**
     * One read of {@code owner.field} at {@code pos}.
     *
     * @param method  the method called on the value ({@link Shape#RECEIVER}) or the call it is handed to
     *                ({@link Shape#ARGUMENT}); null otherwise
     * @param display the value only feeds a display: it is read in {@code toString()}, in the arguments of a
     *                logging call, or in a method annotated {@code @ManagedAttribute}/{@code @ManagedOperation}
     */
    public record ReadUse(String owner, String field, Pos pos, Shape shape, String method, boolean display)
            implements Serializable {
    }

    /**
     * A method declared at {@code pos} in {@code type} (qualified name).
     *
     * @param visibleForTesting annotated {@code @VisibleForTesting} (any package): public only for tests
     * @param assertsHeld the locks the method asserts are held ({@code assert Thread.holdsLock(lock)},
     *                    {@code if (!lock.isHeldByCurrentThread()) throw ...}, {@code checkState(...)}) in a
     *                    statement of the top level of its body
     */
    public record MethodNote(String type, String method, Pos pos, boolean visibleForTesting, List<LockRef> assertsHeld)
            implements Serializable {
    }
}
