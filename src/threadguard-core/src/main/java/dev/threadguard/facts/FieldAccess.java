package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * A read or write of a field of an enclosing type ({@code count}, {@code this.count},
 * {@code Outer.this.count}), with the locks held at that point.
 *
 * @param owner   the qualified name of the type that declares the field
 * @param locks   the locks held, innermost last, as a reader names them: {@code Account.this},
 *                {@code Account.class}, {@code Account.lock}
 * @param context where the access runs: in a constructor or initializer (before the object is shared),
 *                deferred (in a lambda or anonymous class handed to another thread), or normally
 * @param held    the same locks as {@code locks}, in the same order, as written steps: the program model
 *                names them and drops those that are no locks by type
 */
public record FieldAccess(String owner, String field, Kind kind, List<String> locks, Context context, Site site,
                          List<LockRef> held) implements Serializable {

    /** What the access does. */
    public enum Kind { READ, WRITE, READ_WRITE }

    /** Where the access runs. */
    public enum Context { NORMAL, CONSTRUCTOR, DEFERRED }
}
