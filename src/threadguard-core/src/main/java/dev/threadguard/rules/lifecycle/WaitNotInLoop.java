package dev.threadguard.rules.lifecycle;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.WaitOutsideLoop;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.MethodMatch;
import dev.threadguard.index.ProgramIndex.Tri;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.LockImplementations;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;

import java.util.List;
import java.util.Optional;

/**
 * {@code Object.wait()} or {@code Condition.await()} that no loop re-checks: a spurious wakeup, or a
 * notification meant for another condition, lets the thread go on as if its condition held.
 */
@RuleDescriptor(
        id = "wait-not-in-loop",
        family = Family.LIFECYCLE,
        severity = Severity.WARNING,
        summary = "wait() or Condition.await() is not in a loop that re-checks its condition.",
        enabledByDefault = false)
public final class WaitNotInLoop implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            for (WaitOutsideLoop w : file.lifecycle().waitsOutsideLoops()) {
                if (LockImplementations.inside(index, w.site()) || LockImplementations.delegatesWait(w.site())) {
                    continue; // a Condition's own await, or one that forwards to another: its callers loop
                }
                Confidence confidence = confirm(index, file, w);
                if (confidence == null) {
                    continue;
                }
                String fix = w.call().name().equals("wait") ? "`while (!condition) wait();`"
                        : "`while (!condition) cond.await();`";
                out.report(finding(file.path(), w.site())
                        .confidence(confidence)
                        .message("`" + w.text() + "` in `" + w.site().member() + "` is not in a loop that"
                                + " re-checks its condition: a spurious wakeup, or a notification meant for another"
                                + " condition, lets the thread go on as if the condition held; write " + fix));
            }
        }
    }

    private static Confidence confirm(ProgramIndex index, FileFacts file, WaitOutsideLoop w) {
        String scope = w.site().scopeType();
        if (w.call().name().equals("await")) {
            Optional<JavaType> receiver = index.typeOf(w.call().target(), file, scope);
            return receiver.isPresent() && index.isSubtype(receiver.get(), "java.util.concurrent.locks.Condition") == Tri.YES
                    ? Confidence.HIGH : null;
        }
        List<MethodMatch> matches = index.callTargets(w.call(), file, scope);
        if (!matches.isEmpty()) {
            return matches.get(0).declaringType().name().equals("java.lang.Object") ? Confidence.HIGH : null;
        }
        // Object.wait() is final: with no argument it cannot be anything else.
        return w.call().arguments() == 0 ? Confidence.HIGH : null;
    }
}
