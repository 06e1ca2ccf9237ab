package com.example.shop.order;

/** The payment provider's client. Every call blocks on the network. */
public interface PaymentGateway {

    /** Charges an order and returns the payment id; throws {@link Declined} when the card is refused. */
    String charge(String orderId, long amountCents);

    /** Pays an order back in full; throws {@link Declined} when the provider refuses the refund. */
    void refund(String orderId);

    /** The provider refused a payment or a refund. */
    final class Declined extends RuntimeException {
        public Declined(String orderId, String reason) {
            super("payment operation on order " + orderId + " declined: " + reason);
        }
    }
}
