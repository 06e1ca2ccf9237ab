package com.example.shop.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Collects order notifications and mails them as one digest every few minutes. */
public class DigestMailer {

    private final ScheduledExecutorService scheduler;
    private final Mailer mailer;
    private List<String> pending;

    public DigestMailer(ScheduledExecutorService scheduler, Mailer mailer) {
        this.scheduler = scheduler;
        // Bug: the first digest is sent at once, on the scheduler's thread, while this constructor is still
        // running: `mailer` and `pending` may not be set yet, and a subclass's fields never are. The first
        // run throws a NullPointerException, and the periodic task is cancelled for good.
        scheduler.scheduleAtFixedRate(this::sendDigest, 0, 5, TimeUnit.MINUTES);
        this.mailer = mailer;
        this.pending = new ArrayList<>();
    }

    synchronized void add(String line) {
        pending.add(line);
    }

    private void sendDigest() {
        List<String> lines;
        synchronized (this) {
            lines = pending;
            pending = new ArrayList<>();
        }
        if (!lines.isEmpty()) {
            mailer.send("orders@example.com", "Order digest", String.join("\n", lines));
        }
    }

    /** The same mailer, started once it is built. */
    public static final class Started {
        private final Mailer mailer;
        private final List<String> pending = new ArrayList<>();

        private Started(Mailer mailer) {
            this.mailer = mailer;
        }

        /** Builds the mailer, then schedules its digest. */
        public static Started start(ScheduledExecutorService scheduler, Mailer mailer) {
            Started digest = new Started(mailer);
            // Fine: the object is fully built before the scheduler can run its task.
            scheduler.scheduleAtFixedRate(digest::sendDigest, 0, 5, TimeUnit.MINUTES);
            return digest;
        }

        synchronized void add(String line) {
            pending.add(line);
        }

        private void sendDigest() {
            try {
                String body;
                synchronized (this) {
                    body = String.join("\n", pending);
                    pending.clear();
                }
                if (!body.isEmpty()) {
                    mailer.send("orders@example.com", "Order digest", body);
                }
            } catch (RuntimeException e) {
                // a failed digest is reported, and the next one still runs
                System.err.println("order digest not sent: " + e);
            }
        }
    }
}
