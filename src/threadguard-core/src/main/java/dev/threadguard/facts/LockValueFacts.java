package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * Where the string a {@code synchronized} block locks comes from, as far as its method and class show: the
 * string-lock rule reports a string literal (one object per text in the whole JVM), but not a string built at run
 * time, which is a fresh object that no unrelated code can hold.
 *
 * @param values one entry per {@code synchronized (x)} whose lock is a string of a known origin
 */
public record LockValueFacts(List<LockValue> values) implements Serializable {

    public static final LockValueFacts NONE = new LockValueFacts(List.of());

    /** Where a locked string comes from. */
    public enum Origin {
        /** A literal or a compile-time constant, somewhere among its values: shared by all code of the JVM. */
        LITERAL,
        /** {@code s.intern()} of a string built at run time: shared with code that interns the same text. */
        INTERNED,
        /**
         * Every value it receives is built at run time (a concatenation with a variable, {@code substring},
         * {@code new String}, ...): a fresh object, which no unrelated code can lock.
         */
        COMPUTED
    }

    /**
     * @param lock   where the locked expression starts (the {@link LockRef#pos()} of the acquisition)
     * @param origin where its value comes from
     */
    public record LockValue(Pos lock, Origin origin) implements Serializable {
    }
}
