package dev.threadguard.rules.guard;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockMisuse;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.model.LockSteps;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.LockImplementations;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;

/**
 * A {@code Lock} taken without the {@code try}/{@code finally} that releases it on every path, or a
 * {@code tryLock()} whose answer is ignored.
 */
@RuleDescriptor(
        id = "lock-without-finally",
        family = Family.GUARD,
        severity = Severity.WARNING,
        summary = "A Lock is taken without a try/finally that releases it, or tryLock()'s answer is ignored.",
        enabledByDefault = false)
public final class LockWithoutFinally implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        LockSteps steps = LockSteps.of(index);
        for (FileFacts file : index.files()) {
            for (LockMisuse m : file.lockMisuses()) {
                if (LockImplementations.inside(index, m.site())) {
                    continue; // a Lock's own implementation hands locks over by design
                }
                if (!steps.isLock(m.ref(), file, m.site().scopeType())) {
                    continue; // not a Lock by type: a domain method that is merely named lock()
                }
                String message = switch (m.kind()) {
                    case NO_FINALLY_UNLOCK -> "`" + m.lock() + "` is locked in `" + m.site().member()
                            + "` without being followed by `try { ... } finally { unlock(); }`: an exception before the"
                            + " unlock leaves it held forever, and every thread that needs it hangs";
                    case LOCK_INSIDE_TRY -> "`" + m.lock() + "` is locked inside the `try` whose `finally` unlocks it,"
                            + " in `" + m.site().member() + "`: if `lock()` itself fails, `unlock()` throws"
                            + " IllegalMonitorStateException and hides the real error; call `lock()` just before `try`";
                    case TRY_LOCK_IGNORED -> "the result of `tryLock()` on `" + m.lock() + "` in `" + m.site().member()
                            + "` is ignored: the code goes on as if it held the lock when it may not, and a lock it"
                            + " did get is never released";
                };
                // The lock cannot stay held in the inside-the-try form: a lesser problem, not one to fail a build on.
                Severity severity = m.kind() == LockMisuse.Kind.LOCK_INSIDE_TRY ? Severity.NOTE : info().severity();
                out.report(finding(file.path(), m.site())
                        .severity(severity)
                        .message(message));
            }
        }
    }
}
