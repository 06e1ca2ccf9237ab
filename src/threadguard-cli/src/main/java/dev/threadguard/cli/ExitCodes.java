package dev.threadguard.cli;

/** The exit codes of {@code threadguard}, which build scripts rely on. */
public final class ExitCodes {

    /** Nothing at or above {@code --fail-on} was found. */
    public static final int OK = 0;
    /** Findings at or above {@code --fail-on}, or files that did not parse under {@code --strict}. */
    public static final int FINDINGS = 1;
    /** The command line or the configuration it names is wrong. */
    public static final int USAGE = 2;
    /** threadguard itself failed. */
    public static final int INTERNAL = 3;

    private ExitCodes() {
    }
}
