package dev.threadguard.rules.guard;

import dev.threadguard.facts.FieldAccess;
import dev.threadguard.facts.FieldFacts;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A field annotated {@code @GuardedBy} is accessed without the lock the annotation names. The annotation is
 * matched by its simple name, so javax.annotation.concurrent, net.jcip, Error Prone, Android and androidx
 * forms, or a project's own, all count.
 */
@RuleDescriptor(
        id = "guarded-by-violation",
        family = Family.GUARD,
        severity = Severity.WARNING,
        summary = "A @GuardedBy field is accessed without the lock its annotation names.")
public final class GuardedByViolation implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            if (file.fieldAccesses().isEmpty()) {
                continue;
            }
            HeldLocks held = new HeldLocks(index, file);
            for (Map.Entry<String, List<FieldAccess>> e : GuardedFields.byField(file).entrySet()) {
                FieldAccess first = e.getValue().get(0);
                Optional<FieldFacts> field = GuardedFields.declaration(index, first.owner(), first.field());
                if (field.isEmpty() || field.get().guardedBy() == null) {
                    continue;
                }
                String annotation = field.get().guardedBy();
                String lock = lockName(annotation, GuardedFields.ownerDisplay(index, first.owner()), first.field());
                for (FieldAccess a : e.getValue()) {
                    if (held.duringConstruction(a)
                            || HeldLocks.holds(held.at(a), lock, a.kind() == FieldAccess.Kind.READ)) {
                        continue;
                    }
                    String message = "`" + a.field() + "` is annotated `@GuardedBy(\"" + annotation + "\")` but "
                            + GuardedFields.verb(a) + " " + GuardedFields.where(a) + " without `" + lock + "` held";
                    TraceStep declared = new TraceStep(file.path(), field.get().pos(),
                            "`" + a.field() + "` is declared guarded by `" + lock + "` here");
                    out.report(new Finding(info(), info().severity(), Confidence.HIGH, file.path(), a.site().pos(),
                            a.site().member(), message, List.of(declared)));
                }
            }
        }
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
