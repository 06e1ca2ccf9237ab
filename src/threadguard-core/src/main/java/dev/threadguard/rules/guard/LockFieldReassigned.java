package dev.threadguard.rules.guard;

import dev.threadguard.facts.FieldAccess;
import dev.threadguard.facts.FieldFacts;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockBody;
import dev.threadguard.facts.LockOp;
import dev.threadguard.facts.LockRef;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A lock kept in a field that code other than construction assigns: threads that read the field before and
 * after the assignment take two different locks, and both run the code it was meant to guard at once.
 */
@RuleDescriptor(
        id = "lock-field-reassigned",
        family = Family.GUARD,
        severity = Severity.WARNING,
        summary = "A lock is taken on a field that is assigned after construction: threads can hold different locks"
                + " and run the guarded code together.")
public final class LockFieldReassigned implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            Map<String, List<FieldAccess>> accesses = GuardedFields.byField(file);
            Set<String> reported = new HashSet<>();
            for (LockBody body : file.lockBodies()) {
                for (LockOp op : body.ops()) {
                    LockRef lock = op.lock();
                    if (op.kind() != LockOp.Kind.ACQUIRE || lock == null || lock.kind() != LockRef.Kind.FIELD) {
                        continue;
                    }
                    Optional<FieldFacts> field = GuardedFields.declaration(index, lock.owner(), lock.name());
                    if (field.isEmpty() || Modifier.isFinal(field.get().modifiers())) {
                        continue;
                    }
                    FieldAccess write = laterWrite(accesses.get(lock.owner() + "#" + lock.name()));
                    if (write == null || !reported.add(lock.owner() + "#" + lock.name())) {
                        continue;
                    }
                    String name = GuardedFields.ownerDisplay(index, lock.owner()) + "." + lock.name();
                    out.report(finding(file.path(), lock.pos(), body.member())
                            .message("`" + body.member() + "` locks `" + name + "`, a field that `"
                                    + write.site().member() + "` assigns (line " + write.site().pos().line()
                                    + "): a thread that read the old value and one that reads the new one hold"
                                    + " different locks and run the guarded code at the same time; make the field"
                                    + " final and lock a dedicated object")
                            .trace(new TraceStep(file.path(), lock.pos(), "locks `" + name + "`"),
                                    new TraceStep(file.path(), write.site().pos(),
                                            "assigns `" + name + "` after construction")));
                }
            }
        }
    }

    /** The first write of the field outside constructors and initializers, or null. */
    private static FieldAccess laterWrite(List<FieldAccess> accesses) {
        if (accesses == null) {
            return null;
        }
        for (FieldAccess a : accesses) {
            if (a.kind() != FieldAccess.Kind.READ && a.context() != FieldAccess.Context.CONSTRUCTOR) {
                return a;
            }
        }
        return null;
    }
}
