package dev.threadguard.facts;

/**
 * One copy of each name the facts repeat. A large program's facts hold millions of names ({@code get},
 * {@code size}, {@code String}, the same member on every fact of a method), each parsed as a string of its
 * own; kept once each, the facts of the JDK's 15 000 files take hundreds of megabytes less, which is what lets
 * the whole-program phases run beside them in a bounded heap.
 */
final class Interned {

    private Interned() {
    }

    /** The canonical copy of {@code s} (the JVM's string table), or null. */
    static String of(String s) {
        return s == null ? null : s.intern();
    }
}
