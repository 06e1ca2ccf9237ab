package dev.threadguard.runtime;

import java.util.Objects;

/**
 * A task that failed and whose outcome nobody looked at: what a {@link CheckedExecutorService} hands to
 * its {@link UnobservedFailureHandler}.
 *
 * @param task        the task's {@code toString()}, taken at submission
 * @param failure     what the task threw
 * @param submittedAt a throwable whose stack trace is the submission site (it was never thrown)
 * @param thread      the name of the thread that ran the task
 * @param reason      when the failure was found unobserved
 */
public record UnobservedFailure(String task, Throwable failure, Throwable submittedAt, String thread, Reason reason) {

    /** When an unobserved failure is reported. */
    public enum Reason {
        /** The future was garbage collected with its failure unread. */
        FUTURE_UNREACHABLE,
        /** The executor was closed while the future's failure was still unread. */
        EXECUTOR_CLOSED
    }

    public UnobservedFailure {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(submittedAt, "submittedAt");
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * A report of several lines: the task, the thread, why it is reported, and the submission site; the
     * failure's own stack is not in it (loggers print it from the throwable).
     */
    public String describe() {
        StringBuilder text = new StringBuilder()
                .append("task ").append(task).append(" failed on thread ").append(thread)
                .append(" with ").append(failure)
                .append(", and nobody observed its future (")
                .append(reason == Reason.FUTURE_UNREACHABLE ? "it was garbage collected unread" : "the executor was closed")
                .append("); it was submitted");
        for (StackTraceElement frame : submittedAt.getStackTrace()) {
            text.append(System.lineSeparator()).append("\tat ").append(frame);
        }
        return text.toString();
    }
}
