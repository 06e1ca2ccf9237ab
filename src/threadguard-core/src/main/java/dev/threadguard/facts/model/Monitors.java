package dev.threadguard.facts.model;

import java.util.Set;

/**
 * Guava's {@code com.google.common.util.concurrent.Monitor}: a lock with guards, entered and left by calls
 * named other than {@code lock()} and {@code unlock()}. The calls only look like lock steps here; the program
 * model's {@code LockSteps} keeps them only when the receiver's type is Guava's {@code Monitor}.
 */
public final class Monitors {

    /** Statements that enter the monitor and wait as long as it takes: held until {@code leave()}. */
    public static final Set<String> ENTERS = Set.of("enter", "enterInterruptibly", "enterWhen",
            "enterWhenUninterruptibly");

    /** Calls that enter the monitor only if they return true, used as an {@code if} condition; they may give up. */
    public static final Set<String> TRIES = Set.of("tryEnter", "tryEnterIf", "enterIf", "enterIfInterruptibly",
            "enter", "enterInterruptibly", "enterWhen", "enterWhenUninterruptibly");

    /** Of {@link #TRIES}, those that wait for the monitor itself without a time limit (a guard aside). */
    public static final Set<String> WAITING_TRIES = Set.of("enterIf", "enterIfInterruptibly");

    /** The call that leaves the monitor. */
    public static final String LEAVE = "leave";

    /** Whether a call statement enters a monitor for good: no time limit, so it returns nothing to test. */
    public static boolean enters(String method, int arguments) {
        return ENTERS.contains(method) && arguments == (method.startsWith("enterWhen") ? 1 : 0);
    }

    /** Whether a call used as a condition enters a monitor when it returns true. */
    public static boolean tries(String method, int arguments) {
        if (!TRIES.contains(method)) {
            return false;
        }
        return switch (method) {
            // tryEnter(), enter(time, unit), enterInterruptibly(time, unit)
            case "tryEnter", "enter", "enterInterruptibly" -> arguments == 0 && method.equals("tryEnter") || arguments == 2;
            // enterWhen(guard, time, unit): the untimed form returns nothing
            case "enterWhen", "enterWhenUninterruptibly" -> arguments == 3;
            // tryEnterIf(guard), enterIf(guard), enterIf(guard, time, unit)...
            default -> arguments == 1 || arguments == 3;
        };
    }

    private Monitors() {
    }
}
