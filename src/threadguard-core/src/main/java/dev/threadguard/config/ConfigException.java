package dev.threadguard.config;

import java.nio.file.Path;

/** A configuration file that cannot be used: its message is {@code file:line: reason}, one line. */
public final class ConfigException extends Exception {

    private final Path file;
    private final int line;
    private final String reason;

    /** {@code line} 0 when the problem is the file as a whole. */
    public ConfigException(Path file, int line, String reason) {
        super(file + (line > 0 ? ":" + line : "") + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
