package dev.it.core;

/** Posts under the ledger's lock, then the journal's: the order every caller in this module keeps. */
public class Ledger {
    public static final Object LEDGER = new Object();
    public static final Object JOURNAL = new Object();

    public void post(String entry) {
        synchronized (LEDGER) {
            synchronized (JOURNAL) {
                System.out.println(entry);
            }
        }
    }
}
