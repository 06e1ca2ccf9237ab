package dev.threadguard.rules.guard;

import dev.threadguard.facts.FieldAccess;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.util.ArrayList;
import java.util.List;

/**
 * A read-modify-write ({@code x++}, {@code x += n}, {@code x = x + 1}) without a lock, on a field that
 * other threads touch: a {@code volatile} field, or one that tasks handed to executors or threads access.
 * {@code volatile} makes each read and write visible, not the update as a whole atomic.
 */
@RuleDescriptor(
        id = "non-atomic-update",
        family = Family.GUARD,
        severity = Severity.WARNING,
        summary = "x++, x += n or x = x + 1 on a field that several threads update, with no lock held, loses updates.",
        enabledByDefault = false)
public final class NonAtomicUpdate implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        GuardedFields.forEachField(index, use -> {
            FileFacts file = use.file();
            if (GuardedFields.threadSafeType(index, file, use.owner(), use.field())) {
                return;
            }
            boolean isVolatile = GuardedFields.isVolatile(use.field());
            FieldAccess task = use.accesses().stream().filter(a -> a.context() == FieldAccess.Context.DEFERRED)
                    .findFirst().orElse(null);
            if (!isVolatile && task == null) {
                return; // not shown to be shared between threads
            }
            for (FieldAccess a : use.accesses()) {
                if (a.kind() != FieldAccess.Kind.READ_WRITE || use.held().duringConstruction(a)
                        || !use.held().at(a).isEmpty()) {
                    continue;
                }
                String why = isVolatile ? "`volatile` field `" + a.field() + "`"
                        : "field `" + a.field() + "`, which tasks run on other threads also touch";
                String message = "`" + a.field() + "` is updated " + GuardedFields.where(a)
                        + " by a read-modify-write of " + why + ", with no lock held: two threads can read the"
                        + " same old value and one update is lost (use an Atomic type or a lock)";
                List<TraceStep> trace = new ArrayList<>();
                if (task != null && task != a) {
                    trace.add(new TraceStep(file.path(), task.site().pos(), "`" + task.field() + "` "
                            + GuardedFields.verb(task) + " in a task that `" + task.site().member()
                            + "` hands to another thread"));
                }
                out.report(finding(file.path(), a.site())
                        .message(message)
                        .trace(trace));
            }
        });
    }
}
