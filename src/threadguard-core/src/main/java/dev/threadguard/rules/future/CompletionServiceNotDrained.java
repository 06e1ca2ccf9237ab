package dev.threadguard.rules.future;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.PoolFacts.CompletionDrain;
import dev.threadguard.facts.PoolFacts.Take;
import dev.threadguard.facts.ValueRef;
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
 * A completion service held in a local gets more tasks than its {@code take()} and {@code poll()} calls can
 * hand back on some path: a fixed number of takes after submits in a loop, or a take loop that a failure,
 * a {@code break} or a {@code return} ends early with nothing cancelling the rest.
 */
@RuleDescriptor(
        id = "completion-service-not-drained",
        family = Family.FUTURE,
        severity = Severity.WARNING,
        summary = "A completion service gets more tasks than its take() and poll() calls retrieve on some path: the other outcomes are lost.",
        enabledByDefault = false)
public final class CompletionServiceNotDrained implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            for (CompletionDrain d : file.pools().completionDrains()) {
                if (d.takes().isEmpty()) {
                    continue; // nothing taken here: what this rule compares is missing
                }
                Optional<JavaType> type = index.typeOf(new ValueRef.Declared(d.type()), file, d.site().scopeType());
                if (type.isEmpty() || index.isSubtype(type.get(), FutureCalls.COMPLETION_SERVICE) != Tri.YES) {
                    continue;
                }
                String problem = null;
                Take at = null;
                long takeLoops = d.takes().stream().filter(Take::inLoop).count();
                if (d.submitsInLoop() && takeLoops == 0) {
                    at = d.takes().get(0);
                    problem = "tasks are submitted in a loop, but only " + d.takes().size()
                            + (d.takes().size() == 1 ? " result is" : " results are") + " taken";
                } else if (!d.submitsInLoop() && takeLoops == 0 && d.takes().size() < d.submitsOutside()) {
                    at = d.takes().get(0);
                    problem = d.submitsOutside() + " tasks are submitted, but only " + d.takes().size() + " taken";
                } else {
                    for (Take t : d.takes()) {
                        if (!t.inLoop()) {
                            continue;
                        }
                        if (d.submitsInLoop() && t.fixedCount() >= 0) {
                            problem = "tasks are submitted in a loop, but the loop around `" + t.text()
                                    + "` takes a fixed " + t.fixedCount();
                        } else if (t.leavesOnFailure() && !t.cancelsRest()) {
                            problem = "the first failed task's exception leaves the loop around `" + t.text() + "`";
                        } else if (t.stopsEarly() && !t.cancelsRest()) {
                            problem = "the loop around `" + t.text() + "` can stop before every task is taken";
                        } else {
                            continue;
                        }
                        at = t;
                        break;
                    }
                }
                if (problem == null) {
                    continue;
                }
                out.report(finding(file.path(), new dev.threadguard.facts.Site(d.site().scopeType(), d.site().member(), at.pos()))
                        .message("Completion service `" + d.name() + "` in `" + d.site().member() + "`: " + problem
                                + ", so the outcomes left in it, failures included, are never looked at and the tasks"
                                + " still running go on unobserved; take once per submitted task, or cancel the"
                                + " remaining futures in a `finally`")
                        .trace(new TraceStep(file.path(), d.site().pos(), "the completion service is created here")));
            }
        }
    }
}
