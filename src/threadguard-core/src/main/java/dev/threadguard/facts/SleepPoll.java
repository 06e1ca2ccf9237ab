package dev.threadguard.facts;

import java.io.Serializable;

/**
 * A loop that sleeps between reads of a field: the field is read in the loop's condition (or in an
 * {@code if} that leaves the loop), with no lock held, the loop does not write it itself, and other code of
 * the file does. Whether the field is {@code volatile} or {@code final}, and whether the sleep is
 * {@code Thread.sleep}, is the rule's question.
 *
 * @param owner     the qualified name of the type that declares the field
 * @param sleep     the sleeping call, to resolve
 * @param sleepPos  where the loop sleeps
 * @param writer    the member that writes the field elsewhere, and where
 * @param site      the read of the field
 */
public record SleepPoll(String owner, String field, ValueRef.Call sleep, Pos sleepPos, Site writer, Site site)
        implements Serializable {
}
