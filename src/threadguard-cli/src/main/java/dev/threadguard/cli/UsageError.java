package dev.threadguard.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * A usage error found after parsing, such as an unknown rule id or two reports meant for standard output.
 * It is a {@link ParameterException} so that picocli hands it to the same one-line handler as parse errors.
 */
public final class UsageError extends ParameterException {

    private static final long serialVersionUID = 1L;

    private final String hint;

    /** An error whose hint points at the command's {@code --help}. */
    public UsageError(CommandLine commandLine, String reason) {
        this(commandLine, reason, null);
    }

    /** An error with its own hint, for when {@code --help} is not where the answer is. */
    public UsageError(CommandLine commandLine, String reason, String hint) {
        super(commandLine, reason);
        this.hint = hint;
    }

    /** The hint to print after the reason, or {@code null} for the default one. */
    public String hint() {
        return hint;
    }
}
