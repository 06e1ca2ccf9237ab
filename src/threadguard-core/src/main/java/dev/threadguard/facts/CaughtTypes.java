package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/** What a catch clause catches: its types (several for a multi-catch), and where the clause stands. */
public record CaughtTypes(List<TypeName> types, Pos pos) implements Serializable {
}
