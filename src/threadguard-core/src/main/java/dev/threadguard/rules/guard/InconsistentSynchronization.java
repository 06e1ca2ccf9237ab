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
        summary = "A field accessed under one lock at most of its accesses is accessed without it here.")
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
        for (int i = 0; i < accesses.size(); i++) {
            FieldAccess a = accesses.get(i);
            if (HeldLocks.holds(locks.get(i), guard, a.kind() == FieldAccess.Kind.READ)) {
                continue;
            }
            String other = locks.get(i).isEmpty() ? "" : " (it holds `" + String.join("`, `", locks.get(i)) + "` instead)";
            String message = "`" + a.field() + "` is " + GuardedFields.verb(a) + " without `" + guard + "` "
                    + GuardedFields.where(a) + other + ", but " + guarded + " of its " + accesses.size()
                    + " accesses hold that lock: another thread can see it half-updated or lose this update";
            List<TraceStep> trace = new ArrayList<>();
            for (FieldAccess g : evidence) {
                trace.add(new TraceStep(file.path(), g.site().pos(), "`" + g.field() + "` " + GuardedFields.verb(g)
                        + " with `" + guard + "` held in `" + g.site().member() + "`"));
            }
            out.report(finding(file.path(), a.site())
                    .message(message)
                    .trace(trace));
        }
    }
}
