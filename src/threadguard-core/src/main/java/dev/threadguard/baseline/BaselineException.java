package dev.threadguard.baseline;

/**
 * A baseline file that cannot be used: missing, unreadable, not JSON, or not a threadguard baseline. The
 * message names the file and says what is wrong, on one line, ready for a usage error or a build failure.
 */
public final class BaselineException extends Exception {

    private static final long serialVersionUID = 1L;

    public BaselineException(String message) {
        super(message);
    }

    public BaselineException(String message, Throwable cause) {
        super(message, cause);
    }
}
