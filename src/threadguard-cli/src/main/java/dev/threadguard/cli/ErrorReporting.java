package dev.threadguard.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How {@code threadguard} reports what goes wrong: a usage error is one line on standard error and exit
 * code 2 (build logs stay readable, and scripts can tell it from findings); an internal failure is a message
 * and exit code 3, with the stack trace only when asked for.
 */
final class ErrorReporting {

    /** Set to anything but the empty string, it makes internal failures print their stack trace. */
    static final String DEBUG_VARIABLE = "THREADGUARD_DEBUG";

    private ErrorReporting() {
    }

    /** Installs both handlers on the top-level command line; picocli consults only that one. */
    static void install(CommandLine top, Environment environment) {
        top.setParameterExceptionHandler(usageErrors());
        top.setExecutionExceptionHandler(internalFailures(environment));
    }

    static IParameterExceptionHandler usageErrors() {
        return (ex, args) -> {
            CommandLine command = ex.getCommandLine();
            String hint = ex instanceof UsageError u && u.hint() != null
                    ? u.hint()
                    : "see '" + command.getCommandSpec().qualifiedName() + " --help'";
            PrintWriter err = command.getErr();
            err.println("threadguard: " + reason(ex) + " (" + hint + ")");
            err.flush();
            return ExitCodes.USAGE;
        };
    }

    static IExecutionExceptionHandler internalFailures(Environment environment) {
        return (ex, command, parseResult) -> {
            PrintWriter err = command.getErr();
            boolean debug = debugRequested(parseResult) || environment.isSet(DEBUG_VARIABLE);
            err.println("threadguard: internal error: " + describe(ex)
                    + (debug ? "" : " (run with --debug or " + DEBUG_VARIABLE + "=1 for the stack trace)"));
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.INTERNAL;
        };
    }

    /** picocli's message on one line, lower-cased like the rest of ours, with a guess at what was meant. */
    static String reason(ParameterException ex) {
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        message = message.strip().replaceAll("\\s*\\R\\s*", "; ");
        // Our line goes on after the reason, so a full stop of picocli's would end it too early.
        if (message.endsWith(".")) {
            message = message.substring(0, message.length() - 1);
        }
        if (message.length() > 1 && Character.isUpperCase(message.charAt(0))
                && Character.isLowerCase(message.charAt(1))) {
            message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            List<String> guesses = guesses(unmatched);
            if (!guesses.isEmpty()) {
                message += "; did you mean " + Suggestions.either(guesses) + "?";
            }
        }
        return message;
    }

    /**
     * picocli's own suggestions only compare the first two letters of an option; an edit distance also
     * catches transposed letters such as {@code --fromat}.
     */
    private static List<String> guesses(UnmatchedArgumentException ex) {
        String typed = ex.getUnmatched().get(0);
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
        List<String> names = new ArrayList<>();
        if (ex.isUnknownOption()) {
            String name = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
            for (OptionSpec option : spec.options()) {
                if (!option.hidden()) {
                    names.add(option.longestName());
                }
            }
            return Suggestions.closest(name, names);
        }
        spec.subcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                names.add(name);
            }
        });
        return Suggestions.closest(typed.toLowerCase(Locale.ROOT), names);
    }

    private static boolean debugRequested(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** The exception and its causes in one line: what failed, and why. */
    static String describe(Throwable t) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        // Bounded because initCause can make a cycle.
        for (Throwable c = t; c != null && depth++ < 10; c = c.getCause()) {
            String message = c.getMessage();
            String part = c.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
            // new RuntimeException(cause) repeats the cause as its message; say it once.
            if (c.getCause() != null && c.getCause().toString().equals(message)) {
                continue;
            }
            parts.add(part);
        }
        return String.join(", caused by ", parts).replaceAll("\\s*\\R\\s*", " ");
    }
}
