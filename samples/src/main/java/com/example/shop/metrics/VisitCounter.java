package com.example.shop.metrics;

/**
 * Counts page visits per shop front for the dashboard.
 */
public final class VisitCounter {

    private static final String LOCK = "visits";
    private Integer visits = 0;
    private long lastVisit;

    public void visit(long now) {
        // Bug: "visits" is an interned string literal: every class in the JVM that locks the same text,
        // a library included, shares this monitor with the shop's counter.
        synchronized (LOCK) {
            lastVisit = now;
        }
    }

    public void count() {
        // Bug: `visits++` puts another Integer in the field, so the next thread locks a different object.
        synchronized (visits) {
            visits++;
        }
    }

    /** The corrected form: a private lock object that no other code can reach. */
    public static final class Fixed {
        private final Object lock = new Object();
        private int visits;
        private long lastVisit;

        public void visit(long now) {
            // Fine: a dedicated lock object.
            synchronized (lock) {
                lastVisit = now;
                visits++;
            }
        }
    }
}
