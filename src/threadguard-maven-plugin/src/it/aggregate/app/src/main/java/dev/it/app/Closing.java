package dev.it.app;

import dev.it.core.Ledger;

/** Closes the books taking the journal first, then the ledger: the other order, in another module. */
public class Closing {
    public void close() {
        synchronized (Ledger.JOURNAL) {
            synchronized (Ledger.LEDGER) {
                System.out.println("closed");
            }
        }
    }
}
