package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * A call to a method of an enclosing type ({@code helper()}, {@code this.helper()}), with the locks held at
 * the call: what lets a private helper that is only ever called under a lock count as guarded.
 *
 * @param owner the qualified name of the type whose method is called
 */
public record CallUnderLock(String owner, String method, int arguments, List<String> locks, Context context,
                            Site site) implements Serializable {

    /** Where the call runs, as for field accesses. */
    public enum Context { NORMAL, CONSTRUCTOR, DEFERRED }
}
