package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * The {@code future.cancel(true)} calls of one file, each with the calls whose futures the cancelled variable
 * can hold: the rule finds the tasks those submissions hand over ({@link PooledTask}) and asks whether an
 * interrupt can stop them.
 *
 * @param cancels the {@code cancel(true)} calls whose receiver is a local or a field of the file's types
 * @param reads   calls named like a blocking read ({@code read}, {@code readLine}, {@code accept},
 *                {@code receive}...) made in a loop that never looks at the interrupt: the rule keeps those
 *                whose receiver is a stream, reader or socket that an interrupt does not wake
 */
public record CancelFacts(List<CancelCall> cancels, List<LoopRead> reads) implements Serializable {

    public static final CancelFacts NONE = new CancelFacts(List.of(), List.of());

    /**
     * {@code f.cancel(true)}.
     *
     * @param receiver    the cancelled variable as written
     * @param submissions where the calls are whose results are stored in it: its initializer and the assignments
     *                    to it, in its method for a local, anywhere in its class for a field
     * @param site        the cancel call
     * @param stateWrites the fields the cancelling method (or constructor, initializer) also assigns a value
     *                    other than null and that the task's code, as its class shows it, reads: a flag its loop
     *                    tests, which stops it whatever the interrupt
     * @param closes      whether the cancelling method also calls {@code close()} or {@code stop()} on itself or
     *                    on a field the task reads, which may end the task's loop by closing what it reads or
     *                    setting its state (not on an executor, whose {@code close()} waits for the task)
     */
    public record CancelCall(String receiver, List<Pos> submissions, Site site, List<String> stateWrites,
                             boolean closes) implements Serializable {
    }

    /**
     * A read-like call in a loop of the same body of code (not across a lambda or class) whose condition and
     * body neither test the interrupt ({@code isInterrupted()}, {@code Thread.interrupted()}) nor make a call that
     * can throw {@code InterruptedException} by name ({@code sleep}, {@code wait}, {@code take}, {@code await},
     * {@code join}, {@code get}...).
     *
     * @param read the call
     * @param loop where the loop starts
     */
    public record LoopRead(CallAt read, Pos loop) implements Serializable {
    }
}
