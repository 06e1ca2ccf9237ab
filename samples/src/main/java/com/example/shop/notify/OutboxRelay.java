package com.example.shop.notify;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * E-mails written by request threads and sent by one relay thread, handed over under the relay's monitor
 * with wait and notifyAll.
 */
public final class OutboxRelay {

    private final Deque<String> pending = new ArrayDeque<>();
    private final Mailer mailer;

    public OutboxRelay(Mailer mailer) {
        this.mailer = mailer;
    }

    public synchronized void add(String message) {
        pending.add(message);
        notifyAll();
    }

    /** Called by the relay thread. */
    public synchronized String next() throws InterruptedException {
        if (pending.isEmpty()) {
            // Bug: after a spurious wakeup, or a notifyAll meant for another waiter, the queue may still be
            // empty: poll() returns null and the relay sends a null message.
            wait();
        }
        return pending.poll();
    }

    /** The corrected form: the condition is checked again after every wakeup. */
    public synchronized String nextWhenReady() throws InterruptedException {
        while (pending.isEmpty()) {
            // Fine: in a loop that re-checks the queue.
            wait();
        }
        return pending.poll();
    }

    Mailer mailer() {
        return mailer;
    }
}
