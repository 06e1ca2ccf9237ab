package dev.threadguard.rules.future;

import dev.threadguard.facts.DiscardedCall;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.Tri;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.future.FutureCalls.Classified;
import dev.threadguard.rules.future.FutureCalls.Kind;

/**
 * A {@code Future} returned by an executor, or by any method of the project or class path, is thrown away:
 * if the task fails, nothing ever hears of it. CompletionStages are {@link CompletionStageUnhandled}'s.
 */
@RuleDescriptor(
        id = "future-result-ignored",
        family = Family.FUTURE,
        severity = Severity.WARNING,
        summary = "The Future of a submitted task is discarded, so the task's failure is never seen.",
        enabledByDefault = false)
public final class FutureResultIgnored implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            for (DiscardedCall d : file.discardedCalls()) {
                if (d.catchAround() != null) {
                    continue; // future-catch-misses-task reports this submission, with the catch as evidence.
                }
                Classified c = FutureCalls.classify(index, file, d.site(), d.call(), d.targetText());
                if (c.kind() != Kind.FUTURE && c.kind() != Kind.FUTURE_LIST || c.observedElsewhere()
                        || FutureCalls.insideFutureImplementation(index, d.site())
                        || FutureCalls.handsOverHeldFuture(index, file, d.site(), d.arguments())) {
                    continue;
                }
                // A Future's own methods that return a Future (ForkJoinTask.fork, listener registration)
                // return the same task: the receiver is what must be observed, not the result.
                if (c.kind() == Kind.FUTURE && FutureCalls.is(index, c.receiver(), FutureCalls.FUTURE) == Tri.YES) {
                    continue;
                }
                if (d.call().name().equals("submit")
                        && FutureCalls.is(index, c.receiver(), FutureCalls.COMPLETION_SERVICE) != Tri.NO
                        && (file.completionTakers().contains(d.site().scopeType() + "#" + d.targetText())
                        || file.completionTakers().contains(
                                d.site().scopeType() + "#" + d.site().member() + "#" + d.targetText()))) {
                    continue; // Results of a CompletionService are observed through take() and poll().
                }
                if (FutureCalls.taskReportsOwnFailures(index, file, d.site(), d.task(), d.arguments())) {
                    continue;
                }
                out.report(finding(file.path(), d.site())
                        .confidence(c.confidence())
                        .message(message(d, c)));
            }
        }
    }

    private static String message(DiscardedCall d, Classified c) {
        String call = "`" + d.chainText() + "`" + FutureCalls.typeLabel(c.receiver());
        String where = " in `" + d.site().member() + "`";
        String name = d.call().name();
        String text;
        if (c.kind() == Kind.FUTURE_LIST) {
            text = "the futures returned by " + call + where + " are discarded: tasks that failed go unnoticed";
        } else if (name.equals("scheduleAtFixedRate") || name.equals("scheduleWithFixedDelay")) {
            text = "the ScheduledFuture of " + call + where
                    + " is discarded: if the task throws once, it silently stops running and nobody is told";
        } else if (c.projectMethod() && c.returnText() != null) {
            text = "the `" + c.returnText() + "` returned by " + call + where
                    + " is discarded: if the work it stands for fails, nobody will know";
        } else {
            text = "the Future returned by " + call + where
                    + " is discarded: an exception thrown by the task is silently lost";
        }
        return text + FutureCalls.confidenceNote(c.confidence());
    }
}
