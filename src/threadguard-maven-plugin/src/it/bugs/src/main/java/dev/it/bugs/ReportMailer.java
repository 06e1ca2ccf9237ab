package dev.it.bugs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Sends the daily report in the background. */
public class ReportMailer {
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    public void sendDailyReport(String recipient) {
        // The Future is dropped: if sending throws, nobody ever hears of it.
        executor.submit(() -> send(recipient));
    }

    private void send(String recipient) {
        if (recipient.isEmpty()) {
            throw new IllegalArgumentException("no recipient");
        }
    }

    public void close() {
        executor.shutdown();
    }
}
