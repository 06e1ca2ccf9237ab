package dev.threadguard.rules.guard;

import dev.threadguard.facts.FieldAccess;
import dev.threadguard.facts.FieldFacts;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

/**
 * A field annotated {@code @GuardedBy} is accessed without the lock the annotation names. The annotation is
 * matched by its simple name, so javax.annotation.concurrent, net.jcip, Error Prone, Android and androidx
 * forms, or a project's own, all count.
 */
@RuleDescriptor(
        id = "guarded-by-violation",
        family = Family.GUARD,
        severity = Severity.WARNING,
        summary = "A field annotated @GuardedBy is accessed without the lock its annotation names.")
public final class GuardedByViolation implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        GuardedFields.forEachField(index, use -> {
            FieldFacts field = use.field();
            if (field.guardedBy() == null) {
                return;
            }
            String annotation = field.guardedBy();
            String lock = lockName(annotation, GuardedFields.ownerDisplay(index, use.owner()), field.name());
            for (FieldAccess a : use.accesses()) {
                if (use.held().duringConstruction(a)
                        || HeldLocks.holds(use.held().at(a), lock, a.kind() == FieldAccess.Kind.READ)) {
                    continue;
                }
                String message = "`" + a.field() + "` is annotated `@GuardedBy(\"" + annotation + "\")` but "
                        + GuardedFields.verb(a) + " " + GuardedFields.where(a) + " without `" + lock + "` held";
                TraceStep declared = new TraceStep(use.file().path(), field.pos(),
                        "`" + a.field() + "` is declared guarded by `" + lock + "` here");
                out.report(finding(use.file().path(), a.site())
                        .message(message)
                        .trace(declared));
            }
        });
    }

    /** The lock a {@code @GuardedBy} value names, spelled as the facts name held locks. */
    static String lockName(String value, String ownerDisplay, String field) {
        String v = value.trim();
        if (v.equals("this")) {
            return ownerDisplay + ".this";
        }
        if (v.equals("itself")) {
            return ownerDisplay + "." + field;
        }
        if (v.endsWith(".this") || v.endsWith(".class")) {
            return v;
        }
        if (v.endsWith("()")) {
            v = v.substring(0, v.length() - 2); // @GuardedBy("lock()"): a method returning the lock
        }
        if (v.startsWith("this.")) {
            v = v.substring("this.".length());
        }
        return v.contains(".") ? v : ownerDisplay + "." + v;
    }
}
