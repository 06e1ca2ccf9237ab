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
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
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
                    List<FieldAccess> writes = laterWrites(accesses.get(lock.owner() + "#" + lock.name()),
                            constructionOnly);
                    if (writes.isEmpty() || !reported.add(lock.owner() + "#" + lock.name())) {
                        continue;
                    }
                    FieldAccess write = writes.stream().filter(w -> underItself(file, w, lock.name())).findFirst()
                            .orElse(null);
                    boolean inside = write != null;
                    if (write == null) {
                        write = writes.get(0);
                    }
                    String name = GuardedFields.ownerDisplay(index, lock.owner()) + "." + lock.name();
                    out.report(finding(file.path(), lock.pos(), body.member())
                            .message("`" + body.member() + "` locks `" + name + "`, a field that `"
                                    + write.site().member() + "` assigns (line " + write.site().pos().line()
                                    + "): a thread that read the old value and one that reads the new one hold"
                                    + " different locks and run the guarded code at the same time; make the field"
                                    + " final and lock a dedicated object")
                            .confidence(inside ? Confidence.HIGH : Confidence.MEDIUM)
                            .trace(new TraceStep(file.path(), lock.pos(), "locks `" + name + "`"),
                                    new TraceStep(file.path(), write.site().pos(),
                                            "assigns `" + name + "` after construction")));
                }
            }
        }
    }

    /** The writes of the field outside construction, in source order. */
    private static List<FieldAccess> laterWrites(List<FieldAccess> accesses, Set<String> constructionOnly) {
        List<FieldAccess> out = new ArrayList<>();
        if (accesses == null) {
            return out;
        }
        for (FieldAccess a : accesses) {
            if (a.kind() != FieldAccess.Kind.READ && a.context() != FieldAccess.Context.CONSTRUCTOR
                    && !constructionOnly.contains(a.site().member())) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * Whether a write of the lock field happens while its own monitor is held (in the block that locks it, or in a
     * method of the file called from such a block), or in a method that itself locks the field: the code uses the
     * field as its lock while it replaces it, so a thread still under the old object and one that takes the new one
     * run the guarded code together on every reassignment.
     * A field reassigned elsewhere is most often set up once (a lifecycle start, a setter called before use), and
     * reviewers judged those writes harmless on unread code: medium confidence.
     */
    private static boolean underItself(FileFacts file, FieldAccess write, String field) {
        if (holds(write.held(), field)) {
            return true;
        }
        String member = write.site().member();
        String prefix = member.substring(0, member.lastIndexOf('.') + 1);
        String method = member.substring(member.lastIndexOf('.') + 1);
        for (LockBody body : file.lockBodies()) {
            if (!body.member().startsWith(prefix)) {
                continue;
            }
            for (LockOp op : body.ops()) {
                if (op.kind() == LockOp.Kind.ACQUIRE && body.member().equals(member) && op.lock() != null
                        && op.lock().kind() == LockRef.Kind.FIELD && op.lock().name().equals(field)) {
                    return true; // the writer itself locks the field it replaces
                }
                if (op.kind() == LockOp.Kind.CALL && op.call() != null && op.call().name().equals(method)
                        && (op.call().target() == null || op.call().target() instanceof ValueRef.This)
                        && holds(op.held(), field)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean holds(List<LockRef> held, String field) {
        if (held == null) {
            return false;
        }
        for (LockRef r : held) {
            if (r.kind() == LockRef.Kind.FIELD && r.name().equals(field)) {
                return true;
            }
        }
        return false;
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
