package com.example.shop.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The append-only audit trail of what happened to orders. Writes go through a single thread so that
 * records keep their order; each write returns a Future that fails when the disk write fails.
 */
public final class AuditLog {

    private final ExecutorService writer;
    private final Path file;

    public AuditLog(ExecutorService writer, Path file) {
        this.writer = writer;
        this.file = file;
    }

    /** Appends one event. The Future carries the IOException of a failed write; callers must look at it. */
    public Future<?> record(String event) {
        String line = Instant.now() + " " + event + System.lineSeparator();
        // Fine: the Future goes back to the caller, who owns the outcome.
        return writer.submit(() -> Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }
}
