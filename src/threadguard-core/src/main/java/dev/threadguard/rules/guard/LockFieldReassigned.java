package dev.threadguard.rules.guard;

import dev.threadguard.facts.FieldAccess;
import dev.threadguard.facts.FieldFacts;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockBody;
import dev.threadguard.facts.LockOp;
import dev.threadguard.facts.LockRef;
import dev.threadguard.facts.MethodFacts;
import dev.threadguard.facts.TypeFacts;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.lang.reflect.Modifier;
import java.util.HashMap;
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
        enabledByDefault = false,
        summary = "A lock is taken on a field that is assigned after construction: threads can hold different locks"
                + " and run the guarded code together.")
public final class LockFieldReassigned implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            Map<String, List<FieldAccess>> accesses = GuardedFields.byField(file);
            Set<String> constructionOnly = constructionOnly(file);
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
                    FieldAccess write = laterWrite(accesses.get(lock.owner() + "#" + lock.name()), constructionOnly);
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

    /** The first write of the field outside construction, or null. */
    private static FieldAccess laterWrite(List<FieldAccess> accesses, Set<String> constructionOnly) {
        if (accesses == null) {
            return null;
        }
        for (FieldAccess a : accesses) {
            if (a.kind() != FieldAccess.Kind.READ && a.context() != FieldAccess.Context.CONSTRUCTOR
                    && !constructionOnly.contains(a.site().member())) {
                return a;
            }
        }
        return null;
    }

    /**
     * The members ({@code Type.method}) that run only while an object is being built, before other threads can
     * see it: a private {@code readObject} (deserialization), and private methods that only constructors,
     * initializers and such methods of the file call. Overloads of one name are taken together.
     */
    private static Set<String> constructionOnly(FileFacts file) {
        Set<String> privateMethods = new HashSet<>();
        Set<String> fieldInitializers = new HashSet<>();
        for (TypeFacts t : file.types()) {
            t.fields().forEach(f -> fieldInitializers.add(t.displayName() + "." + f.name()));
            for (MethodFacts m : t.methods()) {
                if (Modifier.isPrivate(m.modifiers()) && !m.isConstructor()) {
                    privateMethods.add(t.displayName() + "." + m.name());
                }
            }
        }
        Map<String, Set<String>> callers = new HashMap<>();
        for (LockBody body : file.lockBodies()) {
            String prefix = body.member().substring(0, body.member().lastIndexOf('.') + 1);
            for (LockOp op : body.ops()) {
                if (op.kind() == LockOp.Kind.CALL && op.call() != null
                        && (op.call().target() == null || op.call().target() instanceof ValueRef.This)) {
                    callers.computeIfAbsent(prefix + op.call().name(), k -> new HashSet<>()).add(body.member());
                }
            }
        }
        Set<String> out = new HashSet<>();
        for (String m : privateMethods) {
            if (m.endsWith(".readObject")) {
                out.add(m);
            }
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (String m : privateMethods) {
                Set<String> from = callers.get(m);
                if (!out.contains(m) && from != null && from.stream().allMatch(c -> c.endsWith(".<init>")
                        || c.endsWith(".<clinit>") || fieldInitializers.contains(c) || out.contains(c))) {
                    out.add(m);
                    grew = true;
                }
            }
        }
        return out;
    }
}
