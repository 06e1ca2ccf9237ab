package dev.threadguard.changes;

/** The change to report on cannot be determined: its message says why, in one line. */
public final class ChangesException extends Exception {

    public ChangesException(String message) {
        super(message);
    }
}
