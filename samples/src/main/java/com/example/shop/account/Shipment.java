package com.example.shop.account;

/** One parcel on its way to a customer; its monitor guards its state. */
public final class Shipment {

    private final CustomerAccount account;
    private String state = "PACKED";

    public Shipment(CustomerAccount account) {
        this.account = account;
    }

    /** Hands the parcel to the carrier and tells the account. */
    public synchronized void dispatch() {
        if (!state.equals("PACKED")) {
            return;
        }
        state = "DISPATCHED";
        account.shipped(this);
    }

    public synchronized void cancel() {
        if (state.equals("PACKED")) {
            state = "CANCELLED";
        }
    }

    public synchronized String state() {
        return state;
    }
}
