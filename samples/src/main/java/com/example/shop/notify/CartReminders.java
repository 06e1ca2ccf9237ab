package com.example.shop.notify;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Sends the "you left something in your cart" e-mail at most once per cart. Called both by the hourly
 * reminder job and by the cart page's "e-mail me my cart" button, so two threads can handle one cart.
 */
public final class CartReminders {

    private final Mailer mailer;
    private final ConcurrentMap<String, Long> remindedAt = new ConcurrentHashMap<>();

    public CartReminders(Mailer mailer) {
        this.mailer = mailer;
    }

    public void remindOnce(String cartId, String email, long nowMillis) {
        // Bug: each call on the concurrent map is atomic, but the check and the put are two calls. The job
        // and the button can both find the cart missing before either records it, and the customer gets
        // the same reminder twice.
        if (!remindedAt.containsKey(cartId)) {
            remindedAt.put(cartId, nowMillis);
            mailer.send(email, "You left something in your cart", "Your cart " + cartId + " is waiting for you.");
        }
    }

    public void remindOnceAtomically(String cartId, String email, long nowMillis) {
        // Fine: putIfAbsent checks and records in one atomic step; only the thread that recorded the cart
        // sends the e-mail.
        if (remindedAt.putIfAbsent(cartId, nowMillis) == null) {
            mailer.send(email, "You left something in your cart", "Your cart " + cartId + " is waiting for you.");
        }
    }

    /** Forgets carts that were bought or expired, so that a new cart with a reused id is reminded again. */
    public void forget(String cartId) {
        remindedAt.remove(cartId);
    }
}
