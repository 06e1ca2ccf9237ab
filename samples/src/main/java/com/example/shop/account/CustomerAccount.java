package com.example.shop.account;

import java.util.ArrayList;
import java.util.List;

/** A customer and their open shipments; the account's monitor guards the list and the counters. */
public final class CustomerAccount {

    private final List<Shipment> open = new ArrayList<>();
    private int delivered;
    private boolean closed;

    public synchronized void add(Shipment s) {
        open.add(s);
    }

    /** Called by a shipment when it leaves the warehouse. */
    synchronized void shipped(Shipment s) {
        open.remove(s);
        delivered++;
    }

    /** Closes the account and cancels whatever has not shipped yet. */
    public synchronized void close() {
        closed = true;
        for (Shipment s : new ArrayList<>(open)) {
            // Bug: cancel() needs the shipment's monitor while this account's is held, and
            // Shipment.dispatch() takes them the other way round: closing an account while one of its
            // shipments is dispatched deadlocks both threads.
            s.cancel();
        }
        open.clear();
    }

    /** The same close, without holding the account while shipments are cancelled. */
    public void closeOpenCalls() {
        List<Shipment> toCancel;
        synchronized (this) {
            closed = true;
            toCancel = new ArrayList<>(open);
            open.clear();
        }
        // Fine: the account's monitor is released before any shipment's is taken.
        for (Shipment s : toCancel) {
            s.cancel();
        }
    }

    public synchronized boolean isClosed() {
        return closed;
    }
}
