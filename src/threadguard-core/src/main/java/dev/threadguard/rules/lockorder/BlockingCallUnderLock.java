package dev.threadguard.rules.lockorder;

import dev.threadguard.index.ProgramIndex;
import dev.threadguard.model.LockGraph;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;

/**
 * A call that can block for as long as another thread pleases ({@code Thread.sleep}, {@code Future.get()}
 * without a timeout, {@code BlockingQueue.take()}...) made while holding a lock, directly or a few calls down.
 */
@RuleDescriptor(
        id = "blocking-call-under-lock",
        family = Family.LOCK_ORDER,
        severity = Severity.WARNING,
        summary = "A call that blocks (sleep, Future.get, BlockingQueue.take, await...) is made while holding a lock.")
public final class BlockingCallUnderLock implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        LockGraph graph = LockGraph.of(index);
        for (LockGraph.Blocked b : graph.blockingCalls()) {
            String member = LockGraph.call(b.body().member());
            String held = LockOrderInversion.list(b.held().stream().map(h -> "`" + h + "`").toList());
            String message;
            if (b.path().next == null) {
                message = member + " calls " + b.what() + " while holding " + held + ": every other thread that needs "
                        + (b.held().size() == 1 ? "that lock" : "those locks") + " waits as long as the call blocks, and if"
                        + " the thread that would end the wait needs " + (b.held().size() == 1 ? "it" : "one of them")
                        + " too, neither moves again";
            } else {
                int depth = b.path().depth;
                message = member + " holds " + held + " while calling " + LockGraph.call(b.path().next.body.member())
                        + ", which " + (depth == 1 ? "calls " : "leads " + depth + " calls down to ") + b.what()
                        + ": every thread that needs " + (b.held().size() == 1 ? "the lock" : "those locks")
                        + " waits as long";
            }
            out.report(new Finding(info(), info().severity(), b.path().next == null ? Confidence.HIGH : Confidence.MEDIUM,
                    b.body().file().path(), b.op().pos(), b.body().member(), message,
                    b.path().next == null ? java.util.List.of() : graph.steps(b.path(), 0, null)));
        }
    }
}
