package dev.it.clean;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Sends the daily report in the background and hands the outcome to the caller. */
public class ReportMailer implements AutoCloseable {
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    public Future<?> sendDailyReport(String recipient) {
        return executor.submit(() -> send(recipient));
    }

    private void send(String recipient) {
        if (recipient.isEmpty()) {
            throw new IllegalArgumentException("no recipient");
        }
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
