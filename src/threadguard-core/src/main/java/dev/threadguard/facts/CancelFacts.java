package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * The {@code future.cancel(true)} calls of one file, each with the calls whose futures the cancelled variable
 * can hold: the rule finds the tasks those submissions hand over ({@link PooledTask}) and asks whether an
 * interrupt can stop them.
 *
 * @param cancels the {@code cancel(true)} calls whose receiver is a local or a field of the file's types
 */
public record CancelFacts(List<CancelCall> cancels) implements Serializable {

    public static final CancelFacts NONE = new CancelFacts(List.of());

    /**
     * {@code f.cancel(true)}.
     *
     * @param receiver    the cancelled variable as written
     * @param submissions where the calls are whose results are stored in it: its initializer and the assignments
     *                    to it, in its method for a local, anywhere in its class for a field
     * @param site        the cancel call
     */
    public record CancelCall(String receiver, List<Pos> submissions, Site site) implements Serializable {
    }
}
