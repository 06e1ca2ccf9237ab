package dev.threadguard.rules.lockorder;

import dev.threadguard.index.ProgramIndex;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;

/**
 * A wait that releases one lock while others stay held: {@code wait()} inside a second lock, a call under a
 * lock to a method that waits on its own monitor, or {@code Condition.await()} with two locks held.
 */
@RuleDescriptor(
        id = "wait-with-other-lock-held",
        family = Family.LOCK_ORDER,
        severity = Severity.WARNING,
        summary = "wait() or await() releases only its own lock; another lock held meanwhile blocks whoever must wake it.")
public final class WaitWithOtherLockHeld implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        LockGraph graph = LockGraph.of(index);
        for (LockGraph.Blocked w : graph.waits()) {
            String member = LockGraph.call(w.body().member());
            String held = LockOrderInversion.list(w.held().stream().map(h -> "`" + h + "`").toList());
            LockGraph.Witness last = w.path().last();
            String message;
            if (w.path().next == null && !w.what().equals("wait")) {
                message = member + " calls " + w.what() + " while holding " + held + ": it releases only the lock of"
                        + " its condition, the other stays held, and a thread that needs it to signal blocks forever";
            } else if (w.path().next == null) {
                message = member + " waits on `" + w.path().op.lock().name() + "` while holding " + held
                        + ": `wait()` releases only the monitor it waits on, the other locks stay held, and a thread"
                        + " that needs one of them to call `notify` blocks forever";
            } else {
                message = member + " holds " + held + " while calling " + LockGraph.call(w.path().next.body.member())
                        + ", which waits on `" + last.op.lock().name() + "`: the wait releases only that monitor,"
                        + " and a thread that needs the caller's lock to call `notify` blocks forever";
            }
            out.report(new Finding(info(), info().severity(), w.path().next == null ? Confidence.HIGH : Confidence.MEDIUM,
                    w.body().file().path(), w.op().pos(), w.body().member(), message,
                    w.path().next == null ? java.util.List.of() : graph.steps(w.path(), 0, null)));
        }
    }
}
