package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * What some values are, for rules that ask what is stored rather than where: where the string a
 * {@code synchronized} block locks comes from, as far as its method and class show (the string-lock rule reports a
 * string literal, one object per text in the whole JVM, but not a string built at run time, a fresh object that no
 * unrelated code can hold); and the plain assignments to a variable or field that do not read it.
 *
 * @param values one entry per {@code synchronized (x)} whose lock is a string of a known origin
 * @param writes one entry per {@code x = value} to a field, made while a lock is held, whose value does not mention
 *               {@code x}'s name: a store that loses nothing another thread stored, unless the value is computed
 *               from other shared state
 */
public record LockValueFacts(List<LockValue> values, List<Write> writes) implements Serializable {

    public static final LockValueFacts NONE = new LockValueFacts(List.of(), List.of());

    /**
     * @param target   where the assigned name starts (the {@code Access.pos} of the write)
     * @param constant whether the value is a literal ({@code true}, {@code 0}, {@code "x"}) or a constant named in
     *                 upper case: every thread that stores it stores the same value
     */
    public record Write(Pos target, boolean constant) implements Serializable {
    }

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
