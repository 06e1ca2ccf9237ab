package dev.threadguard.rules.lockorder;

import dev.threadguard.index.ProgramIndex;
import dev.threadguard.model.LockGraph;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Messages;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.util.ArrayList;
import java.util.List;

/**
 * A wait that releases one lock while others stay held: {@code wait()} inside a second lock, or a call under
 * a lock to a method that waits on its own monitor, when the code that wakes the waiter must first take one
 * of the locks it keeps (the nested monitor lockout); or {@code Condition.await()} with two locks held.
 */
@RuleDescriptor(
        id = "wait-with-other-lock-held",
        family = Family.LOCK_ORDER,
        severity = Severity.WARNING,
        summary = "wait() or await() releases only its own lock; another lock held meanwhile blocks whoever must wake it.",
        enabledByDefault = false)
public final class WaitWithOtherLockHeld implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        LockGraph graph = LockGraph.of(index);
        for (LockGraph.Blocked w : graph.waits()) {
            String member = LockGraph.call(w.body().member());
            String held = Messages.listInCode(w.held());
            boolean direct = w.path().next == null;
            List<TraceStep> trace = new ArrayList<>();
            String message;
            if (w.waker() == null) {
                message = member + " calls " + w.what() + " while holding " + held + ": it releases only the lock of"
                        + " its condition, the other stays held, and a thread that needs it to signal blocks forever";
            } else {
                LockGraph.Witness last = w.path().last();
                String waker = LockGraph.call(w.waker().body().member());
                String monitor = "`" + last.op.lock().name() + "`";
                message = (direct ? member + " waits on " + monitor + " while holding " + held
                        : member + " holds " + held + " while calling " + LockGraph.call(w.path().next.body.member())
                        + ", which waits on " + monitor)
                        + ": the wait releases only " + monitor + ", and " + waker + " takes `" + w.needed()
                        + "` before it wakes the waiters, so neither thread moves again";
                if (!direct) {
                    trace.addAll(graph.steps(w.path(), 1, null));
                }
                trace.add(new TraceStep(w.waker().body().file().path(), w.waker().op().pos(),
                        waker + " holds `" + w.needed() + "` here", 2));
                if (w.waker().path().next != null) {
                    trace.addAll(graph.steps(w.waker().path().next, 2, null));
                }
            }
            out.report(finding(w.body().file().path(), w.op().pos(), w.body().member())
                    .confidence(direct ? Confidence.HIGH : Confidence.MEDIUM)
                    .message(message)
                    .trace(trace));
        }
    }
}
