package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * Functions run at once by the method they are handed to: the two halves the program model joins
 * ({@code model/RunsAtOnce}). A lambda handed to a project method that calls it on the spot
 * ({@code withLock(() -> count++)} where {@code withLock(Runnable r)} does {@code lock.lock(); try { r.run(); }
 * finally { lock.unlock(); }}) runs in that method, under the locks held where it calls the lambda.
 *
 * @param runs   the methods of the file that call one of their parameters directly
 * @param passed the lambdas of the file handed to a call and walked as part of the code around them
 */
public record InlineRuns(List<ParameterRun> runs, List<Passed> passed) implements Serializable {

    public static final InlineRuns NONE = new InlineRuns(List.of(), List.of());

    /**
     * A method that calls its parameter {@code parameter} directly ({@code r.run()}), with {@code held} locks,
     * at {@code pos}. Recorded only when every use of that parameter in the method is such a call, outside any
     * lambda or class body: a method that also keeps the parameter, hands it on or calls it from a lambda may
     * run it later, elsewhere.
     *
     * @param body the {@link LockBody#key} of the method
     */
    public record ParameterRun(String body, int parameter, List<LockRef> held, Pos pos) implements Serializable {
    }

    /**
     * A lambda ({@code lambda}: its whole extent) handed as argument {@code argument} to the call of
     * {@code method} with {@code arguments} arguments that starts at {@code call}, and not run later as far as
     * the file can tell: its code was walked as part of the code around it, with that code's locks.
     */
    public record Passed(Pos lambda, Pos call, String method, int arguments, int argument) implements Serializable {
    }
}
