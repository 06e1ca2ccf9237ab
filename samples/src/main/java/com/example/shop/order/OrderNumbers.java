package com.example.shop.order;

/**
 * Hands out order numbers. The shop makes one numberer per sales channel (web, app, phone), and all of them
 * draw from the one sequence, so that no two orders share a number.
 */
public class OrderNumbers {

    private static long lastNumber;
    private final String channel;

    public OrderNumbers(String channel) {
        this.channel = channel;
    }

    /** The next order number of this channel, such as {@code web-1042}. */
    public synchronized String next() {
        // Bug: `lastNumber` is shared by every numberer, but `synchronized` locks only this one: the web and
        // app numberers hold two different monitors and can hand out the same number at the same time.
        lastNumber++;
        return channel + "-" + lastNumber;
    }

    /** The corrected form: the shared sequence has a lock of its own, as static as the sequence itself. */
    public static final class Fixed {
        private static final Object SEQUENCE = new Object();
        private static long lastNumber;
        private final String channel;

        public Fixed(String channel) {
            this.channel = channel;
        }

        public String next() {
            synchronized (SEQUENCE) {
                // Fine: every numberer takes the same lock.
                lastNumber++;
                return channel + "-" + lastNumber;
            }
        }
    }
}
