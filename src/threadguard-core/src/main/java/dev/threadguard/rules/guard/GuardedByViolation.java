package dev.threadguard.rules.guard;

import dev.threadguard.facts.FieldAccess;
import dev.threadguard.facts.FieldFacts;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.Tri;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A field annotated {@code @GuardedBy} is accessed without the lock the annotation names. The annotation is
 * matched by its simple name, so javax.annotation.concurrent, net.jcip, Error Prone, Android and androidx
 * forms, or a project's own, all count.
 *
 * <p>One finding per member and field, the other accesses there as notes. A guard that names nothing the
 * class has (a misspelt field, a thread's name) is one finding on the annotation. A guard whose lock is an
 * object of a type the analysis cannot follow (a monitor class with its own enter/leave methods), and that no
 * access is seen holding, is left alone: when it is held cannot be told.
 */
@RuleDescriptor(
        id = "guarded-by-violation",
        family = Family.GUARD,
        severity = Severity.WARNING,
        summary = "A field annotated @GuardedBy is accessed without the lock its annotation names.",
        enabledByDefault = false)
public final class GuardedByViolation implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        Set<String> namesNothingReported = new HashSet<>();
        GuardedFields.forEachField(index, use -> {
            FieldFacts field = use.field();
            if (field.guardedBy() == null) {
                return;
            }
            String annotation = field.guardedBy();
            if (!namesSomething(index, use.owner(), annotation)) {
                if (namesNothingReported.add(use.owner() + "#" + field.name())) {
                    out.report(finding(use.file().path(), field.pos(),
                            GuardedFields.ownerDisplay(index, use.owner()) + "." + field.name())
                            .message("`@GuardedBy(\"" + annotation + "\")` on `" + field.name() + "` names nothing that `"
                                    + GuardedFields.ownerDisplay(index, use.owner()) + "` has, no field, method or"
                                    + " class: the guard cannot be checked, and readers cannot tell which lock to take"));
                }
                return;
            }
            String lock = lockName(annotation, GuardedFields.ownerDisplay(index, guardDeclarer(index, use.owner(), annotation)),
                    field.name());
            List<FieldAccess> unguarded = new ArrayList<>();
            boolean everHeld = false;
            for (FieldAccess a : use.accesses()) {
                if (use.held().duringConstruction(a)) {
                    continue;
                }
                if (holds(use.held().at(a), lock, a.kind() == FieldAccess.Kind.READ)) {
                    everHeld = true;
                } else {
                    unguarded.add(a);
                }
            }
            if (!everHeld && !trackable(index, use, annotation)) {
                return; // a lock taken through its own API (enter/leave): when it is held cannot be told
            }
            Map<String, List<FieldAccess>> byMember = new LinkedHashMap<>();
            for (FieldAccess a : unguarded) {
                byMember.computeIfAbsent(a.site().member(), k -> new ArrayList<>()).add(a);
            }
            for (List<FieldAccess> group : byMember.values()) {
                FieldAccess a = group.get(0);
                String message = "`" + a.field() + "` is annotated `@GuardedBy(\"" + annotation + "\")` but "
                        + GuardedFields.verb(a) + " " + GuardedFields.where(a) + " without `" + lock + "` held"
                        + (group.size() > 1 ? " (" + group.size() + " accesses there)" : "");
                List<TraceStep> trace = new ArrayList<>();
                trace.add(new TraceStep(use.file().path(), field.pos(),
                        "`" + a.field() + "` is declared guarded by `" + lock + "` here"));
                for (FieldAccess other : group.subList(1, group.size())) {
                    trace.add(new TraceStep(use.file().path(), other.site().pos(),
                            "also " + GuardedFields.verb(other) + " here without the lock"));
                }
                out.report(finding(use.file().path(), a.site())
                        .message(message)
                        .trace(trace));
            }
        });
    }

    /** Whether held locks include {@code lock}; {@code A.B.this} and {@code B.this} are one monitor. */
    private static boolean holds(Set<String> held, String lock, boolean readOnly) {
        if (HeldLocks.holds(held, lock, readOnly)) {
            return true;
        }
        if (lock.endsWith(".this")) {
            String simple = simpleThis(lock);
            for (String h : held) {
                if (h.endsWith(".this") && simpleThis(h).equals(simple)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String simpleThis(String lock) {
        String type = lock.substring(0, lock.length() - ".this".length());
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /**
     * Whether a guard names something the owner can reach: {@code this}, {@code itself}, a class, or a field
     * or method of the owner, its supertypes or enclosing types. A dotted name is taken on trust.
     */
    static boolean namesSomething(ProgramIndex index, String owner, String value) {
        String v = value.trim();
        if (v.equals("this") || v.equals("itself") || v.endsWith(".this") || v.endsWith(".class")) {
            return true;
        }
        boolean method = v.endsWith("()");
        if (method) {
            v = v.substring(0, v.length() - 2);
        }
        if (v.startsWith("this.")) {
            v = v.substring("this.".length());
        }
        if (v.contains(".") || !v.matches("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*")) {
            return v.contains("."); // a path such as outer.lock is taken on trust; "main thread" names nothing
        }
        for (Optional<ProgramIndex.SourceType> t = index.sourceType(owner); t.isPresent();
             t = t.get().facts().outerName() == null ? Optional.empty() : index.sourceType(t.get().facts().outerName())) {
            if (index.fieldDeclarer(t.get(), v).isPresent() || !index.methods(t.get(), v, 0).isEmpty()) {
                return true;
            }
            if (!index.hierarchyComplete(t.get())) {
                return true; // a supertype outside the program may declare it
            }
        }
        return false;
    }

    /**
     * Whether holding the guard can be seen: it is {@code this}, a class, or a field of type {@code Object},
     * a {@code Lock} or a {@code ReadWriteLock} (taken with {@code synchronized} or {@code lock()}).
     */
    private static boolean trackable(ProgramIndex index, GuardedFields.FieldUse use, String value) {
        String v = value.trim();
        if (v.startsWith("this.")) {
            v = v.substring("this.".length());
        }
        if (v.equals("this") && index.sourceType(use.owner())
                .map(t -> index.isSubtype(t, "java.util.concurrent.locks.Lock") == Tri.YES).orElse(false)) {
            return false; // a class that is a Lock guards `this` with its own lock()/unlock(), not a monitor
        }
        if (v.equals("this") || v.equals("itself") || v.endsWith(".this") || v.endsWith(".class") || v.contains(".")
                || v.endsWith("()")) {
            return true;
        }
        Optional<ProgramIndex.SourceType> owner = index.sourceType(use.owner());
        if (owner.isEmpty()) {
            return true;
        }
        Optional<JavaType> type = index.fieldType(owner.get(), v);
        if (type.isEmpty()) {
            return true;
        }
        String name = type.get().name();
        return name.equals("java.lang.Object")
                || index.isSubtype(type.get(), "java.util.concurrent.locks.Lock") == Tri.YES
                || index.isSubtype(type.get(), "java.util.concurrent.locks.ReadWriteLock") == Tri.YES;
    }

    /**
     * The type whose field a plain {@code @GuardedBy} name refers to: the owner of the guarded field when it or
     * its supertypes declare that name, else the innermost enclosing type that does (an inner class guarding
     * its state with its outer object's lock field). The owner when nothing declares it.
     */
    static String guardDeclarer(ProgramIndex index, String owner, String value) {
        String v = value.trim();
        if (v.startsWith("this.") || v.contains(".") || v.endsWith("()") || v.equals("this") || v.equals("itself")) {
            return owner;
        }
        for (Optional<ProgramIndex.SourceType> t = index.sourceType(owner); t.isPresent();
             t = t.get().facts().outerName() == null ? Optional.empty() : index.sourceType(t.get().facts().outerName())) {
            Optional<JavaType> declarer = index.fieldDeclarer(t.get(), v);
            if (declarer.isPresent()) {
                return declarer.get().name();
            }
        }
        return owner;
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
