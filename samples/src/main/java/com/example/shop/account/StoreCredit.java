package com.example.shop.account;

/** A customer's store-credit balance, in cents. Each balance is guarded by its own monitor. */
public final class StoreCredit {

    private final long id;
    private long balanceCents;

    public StoreCredit(long id, long balanceCents) {
        this.id = id;
        this.balanceCents = balanceCents;
    }

    public long id() {
        return id;
    }

    public synchronized long balanceCents() {
        return balanceCents;
    }

    synchronized void add(long cents) {
        balanceCents += cents;
    }

    /** Moves credit between two customers when support merges duplicate accounts. */
    public static void transfer(StoreCredit from, StoreCredit to, long cents) {
        synchronized (from) {
            // Bug: merging A into B while another agent merges B into A locks the two balances in opposite
            // orders; both support agents' requests hang for good.
            synchronized (to) {
                from.balanceCents -= cents;
                to.balanceCents += cents;
            }
        }
    }

    /** The same move, with the two balances always locked lowest id first. */
    public static void transferInIdOrder(StoreCredit from, StoreCredit to, long cents) {
        // Fine: whichever way the merge goes, the balance with the lower id is locked first.
        StoreCredit first = from.id < to.id ? from : to;
        StoreCredit second = first == from ? to : from;
        synchronized (first) {
            synchronized (second) {
                from.balanceCents -= cents;
                to.balanceCents += cents;
            }
        }
    }

    /** Adds a refund to this balance and records it; both steps hold this balance's monitor. */
    public synchronized void refund(long cents) {
        // Fine: add() takes the monitor this method already holds; a thread cannot block on its own lock.
        add(cents);
    }
}
