package com.example.shop.order;

import java.util.ArrayList;
import java.util.List;

/**
 * A customer's basket, shared by the web request threads of one session (two tabs, a retried request).
 */
public class Basket {

    protected final List<String> items = new ArrayList<>();
    protected int total;

    public synchronized void add(String item, int price) {
        items.add(item);
        total += price;
    }

    public synchronized int total() {
        return total;
    }

    /** A basket that wraps each item as a gift. */
    public static class GiftBasket extends Basket {
        // Bug: the override drops `synchronized`: two requests adding to one gift basket at once can lose
        // an item or a price, though every other Basket method still holds the lock.
        @Override
        public void add(String item, int price) {
            items.add("gift: " + item);
            total += price + 2;
        }
    }

    /** The corrected form. */
    public static class ExpressBasket extends Basket {
        // Fine: the override keeps the lock its superclass promised.
        @Override
        public synchronized void add(String item, int price) {
            items.add("express: " + item);
            total += price + 5;
        }
    }
}
