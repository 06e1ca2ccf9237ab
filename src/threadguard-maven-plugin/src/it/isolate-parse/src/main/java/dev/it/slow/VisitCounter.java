package dev.it.slow;

/** Counts page visits from many request threads. */
public class VisitCounter {
    private volatile long visits;

    public void visited() {
        // volatile makes the read and the write visible, not the two together atomic: updates get lost.
        visits++;
    }

    public long visits() {
        return visits;
    }
}
