package dev.threadguard.rules.future;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.PoolFacts.DroppedCallback;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.Tri;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.util.Optional;

/**
 * {@code stage.whenComplete((r, e) -> { if (e != null) throw ...; })} as a statement: the callback's exception
 * completes the stage {@code whenComplete} returns, and the statement drops that stage, so nobody sees it.
 */
@RuleDescriptor(
        id = "callback-throws-into-nothing",
        family = Family.FUTURE,
        severity = Severity.WARNING,
        summary = "A whenComplete or handle callback throws into the stage it returns, which nobody reads: the exception is lost.",
        enabledByDefault = false)
public final class CallbackThrowsIntoNothing implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            for (DroppedCallback c : file.pools().droppedCallbacks()) {
                Optional<JavaType> type = index.typeOf(c.receiver(), file, c.site().scopeType());
                if (type.isEmpty() || index.isSubtype(type.get(), FutureCalls.STAGE) != Tri.YES) {
                    continue;
                }
                String what = c.thrower().equals("throw") ? "a `throw`" : "`" + c.thrower() + "(...)`";
                out.report(finding(file.path(), c.site())
                        .message("the callback of `" + c.text() + "` in `" + c.site().member() + "` can throw ("
                                + what + " at line " + c.throwPos().line() + "), but its exception only completes the"
                                + " stage `" + c.method() + "` returns, which this statement drops: nobody sees it, and"
                                + " the failure it reports is lost; handle the case inside the callback (log it, complete"
                                + " another future), or keep the returned stage and read it")
                        .trace(new TraceStep(file.path(), c.throwPos(), "the callback throws here")));
            }
        }
    }
}
