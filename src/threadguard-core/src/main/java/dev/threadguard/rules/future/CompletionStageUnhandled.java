package dev.threadguard.rules.future;

import dev.threadguard.facts.DiscardedCall;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.facts.model.Futures;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.future.FutureCalls.Classified;
import dev.threadguard.rules.future.FutureCalls.Kind;

/**
 * A {@code CompletableFuture} or {@code CompletionStage} chain is dropped, and its last stage is not one
 * that looks at failures: an exception in any stage of it is lost.
 */
@RuleDescriptor(
        id = "completion-stage-unhandled",
        family = Family.FUTURE,
        severity = Severity.WARNING,
        summary = "A CompletableFuture chain is dropped without exceptionally, handle or whenComplete.",
        enabledByDefault = false)
public final class CompletionStageUnhandled implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            for (DiscardedCall d : file.discardedCalls()) {
                String name = d.call().name();
                if (Futures.FAILURE_HANDLERS.contains(name) || Futures.NO_NEW_WORK.contains(name)
                        || d.catchAround() != null) {
                    continue;
                }
                if (Futures.RETURN_RECEIVER.contains(name) && !(d.call().target() instanceof ValueRef.Call)) {
                    continue;
                }
                Classified c = FutureCalls.classify(index, file, d.site(), d.call(), d.targetText());
                if (c.kind() != Kind.STAGE || c.observedElsewhere()
                        || FutureCalls.insideFutureImplementation(index, d.site())
                        || FutureCalls.handsOverHeldFuture(index, file, d.site(), d.arguments())) {
                    continue;
                }
                if (FutureCalls.taskReportsOwnFailures(index, file, d.site(), d.task(), d.arguments())
                        && !(d.call().target() instanceof ValueRef.Call)) {
                    continue;
                }
                String message = "the CompletableFuture of `" + d.chainText() + "` in `" + d.site().member()
                        + "` is dropped without `exceptionally`, `handle` or `whenComplete`: an exception in any"
                        + " stage of the chain is silently lost" + FutureCalls.confidenceNote(c.confidence());
                out.report(finding(file.path(), d.site())
                        .confidence(c.confidence())
                        .message(message));
            }
        }
    }
}
