package dev.threadguard.rules.guard;

import dev.threadguard.facts.FieldAccess;
import dev.threadguard.facts.FieldFacts;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A field guarded by one lock at most of its accesses is touched without it elsewhere. The guarding lock is
 * inferred from the code, as the lock held at the largest share of the field's accesses outside
 * construction; the accesses without it are reported, with guarded ones as evidence.
 */
@RuleDescriptor(
        id = "inconsistent-synchronization",
        family = Family.GUARD,
        severity = Severity.WARNING,
        summary = "A field accessed under one lock at most of its accesses is accessed without it here.",
        enabledByDefault = false)
public final class InconsistentSynchronization implements Rule {

    /** The share of accesses a lock must guard to count as the field's guard: two in three. */
    private static final int GUARDED_NUMERATOR = 2;
    private static final int GUARDED_DENOMINATOR = 3;

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        GuardedFields.forEachField(index, use -> {
            FieldFacts field = use.field();
            if (GuardedFields.isFinal(field) || GuardedFields.isVolatile(field) || field.guardedBy() != null
                    || GuardedFields.threadSafeType(index, use.file(), use.owner(), field)) {
                return; // final, volatile and thread-safe fields need no lock; @GuardedBy has its own rule
            }
            if (use.file().doubleCheckedInits().stream()
                    .anyMatch(d -> d.owner().equals(use.owner()) && d.field().equals(field.name()))) {
                return; // double-checked-locking reports it, with the fix (volatile) that settles both
            }
            check(index, use.file(), use.held(), field, use.accesses(), out);
        });
    }

    private void check(ProgramIndex index, FileFacts file, HeldLocks held, FieldFacts field,
                       List<FieldAccess> all, FindingSink out) {
        List<FieldAccess> accesses = new ArrayList<>();
        List<Set<String>> locks = new ArrayList<>();
        boolean written = false;
        for (FieldAccess a : all) {
            if (held.duringConstruction(a)) {
                continue; // before the object is shared
            }
            accesses.add(a);
            locks.add(held.at(a));
            written |= a.kind() != FieldAccess.Kind.READ;
        }
        if (!written || accesses.size() < 3) {
            return; // never changed after construction, or too few accesses to infer a guard from
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Set<String> l : locks) {
            for (String lock : l) {
                counts.merge(lock.replace(" (read)", ""), 1, Integer::sum);
            }
        }
        String guard = null;
        int guarded = 0;
        for (Map.Entry<String, Integer> c : counts.entrySet()) {
            if (c.getValue() > guarded) {
                guard = c.getKey();
                guarded = c.getValue();
            }
        }
        if (guard == null || guarded < 2 || guarded * GUARDED_DENOMINATOR < accesses.size() * GUARDED_NUMERATOR) {
            return;
        }
        List<FieldAccess> evidence = new ArrayList<>();
        for (int i = 0; i < accesses.size() && evidence.size() < 3; i++) {
            if (HeldLocks.holds(locks.get(i), guard, accesses.get(i).kind() == FieldAccess.Kind.READ)) {
                evidence.add(accesses.get(i));
            }
        }
        // Locks every write holds: a read under any of them sees every write whole (a two-lock queue whose
        // writes hold both locks reads under either).
        Set<String> writeLocks = null;
        Set<String> guardedMembers = new java.util.HashSet<>();
        for (int i = 0; i < accesses.size(); i++) {
            FieldAccess a = accesses.get(i);
            if (HeldLocks.holds(locks.get(i), guard, a.kind() == FieldAccess.Kind.READ)) {
                guardedMembers.add(a.site().member());
            }
            if (a.kind() != FieldAccess.Kind.READ) {
                Set<String> here = new java.util.HashSet<>();
                locks.get(i).forEach(l -> here.add(l.replace(" (read)", "")));
                if (writeLocks == null) {
                    writeLocks = here;
                } else {
                    writeLocks.retainAll(here);
                }
            }
        }
        Map<String, List<FieldAccess>> byMember = new LinkedHashMap<>();
        Map<FieldAccess, Set<String>> heldAt = new java.util.IdentityHashMap<>();
        for (int i = 0; i < accesses.size(); i++) {
            FieldAccess a = accesses.get(i);
            if (HeldLocks.holds(locks.get(i), guard, a.kind() == FieldAccess.Kind.READ)) {
                continue;
            }
            if (a.kind() == FieldAccess.Kind.READ) {
                if (guardedMembers.contains(a.site().member())) {
                    continue; // a fast-path read, checked again under the lock in the same method
                }
                Set<String> final0 = writeLocks == null ? Set.of() : writeLocks;
                if (locks.get(i).stream().anyMatch(l -> final0.contains(l.replace(" (read)", "")))) {
                    continue; // every write holds a lock this read holds
                }
            }
            heldAt.put(a, locks.get(i));
            byMember.computeIfAbsent(a.site().member(), k -> new ArrayList<>()).add(a);
        }
        for (List<FieldAccess> group : byMember.values()) {
            FieldAccess a = group.get(0);
            Set<String> here = heldAt.get(a);
            String other = here.isEmpty() ? "" : " (it holds `" + String.join("`, `", here) + "` instead)";
            String message = "`" + a.field() + "` is " + GuardedFields.verb(a) + " without `" + guard + "` "
                    + GuardedFields.where(a) + other + ", but " + guarded + " of its " + accesses.size()
                    + " accesses hold that lock: " + consequence(index, file, field, group);
            List<TraceStep> trace = new ArrayList<>();
            for (FieldAccess g : evidence) {
                trace.add(new TraceStep(file.path(), g.site().pos(), "`" + g.field() + "` " + GuardedFields.verb(g)
                        + " with `" + guard + "` held in `" + g.site().member() + "`"));
            }
            for (FieldAccess more : group.subList(1, group.size())) {
                trace.add(new TraceStep(file.path(), more.site().pos(), "`" + more.field() + "` also "
                        + GuardedFields.verb(more) + " here without the lock"));
            }
            out.report(finding(file.path(), a.site())
                    .message(message)
                    .trace(trace));
        }
    }

    /**
     * What can really go wrong, for the field's type and the unguarded accesses: a lost update for a
     * read-modify-write, a torn value for a plain {@code long} or {@code double}, a corrupted structure for a
     * collection that is not thread-safe, otherwise a stale value.
     */
    static String consequence(ProgramIndex index, FileFacts file, FieldFacts field, List<FieldAccess> unguarded) {
        boolean update = unguarded.stream().anyMatch(a -> a.kind() == FieldAccess.Kind.READ_WRITE);
        boolean write = unguarded.stream().anyMatch(a -> a.kind() == FieldAccess.Kind.WRITE);
        String type = field.type() == null ? "" : field.type().name();
        boolean wide = field.type() != null && field.type().isPrimitive() && field.type().dimensions() == 0
                && (type.equals("long") || type.equals("double"));
        if (update) {
            return "two threads can read the same old value and one update is lost";
        }
        if (wide) {
            return "a plain `" + type + "` is written in two halves, so another thread can see a torn value,"
                    + " half old and half new";
        }
        if (write) {
            return "threads that hold the lock can act on the old value, or keep seeing it, after this write";
        }
        if (collection(index, file, unguarded.get(0).owner(), field)) {
            return "the collection is not thread-safe, and using it here while another thread changes it under the"
                    + " lock can corrupt it or throw ConcurrentModificationException";
        }
        return "this read can see a stale value, not the last one written under the lock";
    }

    private static boolean collection(ProgramIndex index, FileFacts file, String owner, FieldFacts field) {
        if (field.type() == null || field.type().isPrimitive()) {
            return false;
        }
        return index.resolve(field.type(), file, owner)
                .map(t -> t.name().startsWith("java.util.") && !t.name().startsWith("java.util.concurrent.")
                        && (index.isSubtype(t, "java.util.Collection") == dev.threadguard.index.ProgramIndex.Tri.YES
                        || index.isSubtype(t, "java.util.Map") == dev.threadguard.index.ProgramIndex.Tri.YES))
                .orElse(false);
    }
}
