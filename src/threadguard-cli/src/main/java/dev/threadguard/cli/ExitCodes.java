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

    // The help's list of exit codes, in picocli's "code:description" form, shared by every command's help.
    static final String HELP_OK = "0:no finding at or above --fail-on";
    static final String HELP_FINDINGS = "1:findings at or above --fail-on (or, with --strict, files that do not parse)";
    static final String HELP_USAGE = "2:bad usage: the message says what, on one line";
    static final String HELP_INTERNAL = "3:threadguard itself failed";

    private ExitCodes() {
    }
}
