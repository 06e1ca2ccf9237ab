package com.example.shop.race;

import com.example.shop.concurrent.GuardedBy;
import com.example.shop.concurrent.ThreadSafe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delivery slots of one day, booked by checkout threads and moved between days by the support desk.
 * Documented as thread-safe; the booking count takes no lock, the slots of a day take the day's lock.
 */
@ThreadSafe
public final class DeliverySlots {
    private final Object lock = new Object();
    private final Object statsLock = new Object();
    private final ExecutorService mailer = Executors.newSingleThreadExecutor();
    @GuardedBy("lock")
    int free;
    private int bookings;
    private final AtomicInteger bookingsFixed = new AtomicInteger();
    private int moved;
    private final List<String> mailed = new ArrayList<>();

    public DeliverySlots(int free) {
        this.free = free;
    }

    public boolean book() {
        synchronized (lock) {
            if (free == 0) {
                return false;
            }
            free--;
        }
        // Bug: the class says it is thread-safe, but two checkouts can read the same count and both
        // write it plus one: a booking is lost from the day's report.
        bookings++;
        // Fine: one atomic update.
        bookingsFixed.incrementAndGet();
        return true;
    }

    /** Moves a slot from this day to another: each day's slots are guarded by that day's own lock. */
    public void moveTo(DeliverySlots other) {
        synchronized (lock) {
            free++;
        }
        synchronized (statsLock) {
            moved++;
        }
        // Bug: `free` of the other day is guarded by the other day's lock, and this code does not take
        // it: a checkout booking on that day at the same time can lose the slot.
        other.free--;
    }

    public void moveToFixed(DeliverySlots other) {
        synchronized (lock) {
            free++;
        }
        // Fine: the other day's slots under the other day's lock.
        synchronized (other.lock) {
            other.free--;
        }
    }

    public int moved() {
        synchronized (lock) {
            // Bug: `moved` is written under `statsLock`; this read holds `lock`, a different one, so it
            // can see a stale count.
            return moved;
        }
    }

    public int movedFixed() {
        synchronized (statsLock) {
            // Fine: read under the lock of its write.
            return moved;
        }
    }

    /** Mails the day's summary: every mail task runs on the one mailer thread, in order. */
    public void mailSummary(String to) {
        // Fine: tasks of one single-thread executor run one at a time, so they share the plain list safely.
        mailer.execute(() -> mailed.add(to));
        mailer.execute(() -> System.out.println(to + " " + mailed.size()));
    }

    public void close() {
        mailer.shutdown();
    }

    public int bookings() {
        return bookings + bookingsFixed.get();
    }
}
