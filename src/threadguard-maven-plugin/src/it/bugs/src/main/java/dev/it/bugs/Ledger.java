package dev.it.bugs;

/** Moves amounts between two books; the two methods take the same locks in opposite orders. */
public class Ledger {
    private final Object incoming = new Object();
    private final Object outgoing = new Object();
    private long in;
    private long out;

    public void receive(long amount) {
        synchronized (incoming) {
            synchronized (outgoing) {
                in += amount;
                out -= amount;
            }
        }
    }

    public void pay(long amount) {
        synchronized (outgoing) {
            synchronized (incoming) {
                out += amount;
                in -= amount;
            }
        }
    }
}
