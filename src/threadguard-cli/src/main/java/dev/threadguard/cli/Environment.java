package dev.threadguard.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * What the command line learns from the process it runs in: environment variables, and whether its output
 * goes to a terminal. An interface so that tests can pretend to be a terminal or set {@code NO_COLOR}.
 */
public interface Environment {

    /** The value of an environment variable, or {@code null} when it is not set. */
    String variable(String name);

    /** Whether standard output is a terminal, which is when text output may be coloured. */
    boolean stdoutIsTerminal();

    /** Whether standard error is a terminal, which is when a progress line may be drawn on it. */
    boolean stderrIsTerminal();

    /** Whether a variable is set to something other than the empty string. */
    default boolean isSet(String name) {
        String value = variable(name);
        return value != null && !value.isEmpty();
    }

    /** The environment of this JVM. */
    static Environment system() {
        boolean terminal = consoleIsTerminal();
        return new Environment() {
            @Override
            public String variable(String name) {
                return System.getenv(name);
            }

            @Override
            public boolean stdoutIsTerminal() {
                return terminal;
            }

            @Override
            public boolean stderrIsTerminal() {
                return terminal;
            }
        };
    }

    /** A fixed environment: the given variables, and terminals as stated. */
    static Environment of(Map<String, String> variables, boolean stdoutIsTerminal, boolean stderrIsTerminal) {
        Map<String, String> copy = Map.copyOf(variables);
        return new Environment() {
            @Override
            public String variable(String name) {
                return copy.get(name);
            }

            @Override
            public boolean stdoutIsTerminal() {
                return stdoutIsTerminal;
            }

            @Override
            public boolean stderrIsTerminal() {
                return stderrIsTerminal;
            }
        };
    }

    /**
     * Java cannot ask about one stream; {@link System#console()} answers for the session (standard input and
     * output both terminals), which is the best available signal for standard error too.
     */
    private static boolean consoleIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // From JDK 22 System.console() is non-null even when output is redirected, and Console.isTerminal()
        // tells the truth; that method does not exist in the Java 17 API this module compiles against.
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }
}
