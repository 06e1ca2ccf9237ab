package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/** A catch clause: the types it catches (several for a multi-catch) and where it stands. */
public record CatchClause(List<TypeName> types, Pos pos) implements Serializable {
}
