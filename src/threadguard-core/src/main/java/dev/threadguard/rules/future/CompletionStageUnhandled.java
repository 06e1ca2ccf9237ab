package dev.threadguard.rules.future;

import dev.threadguard.facts.DiscardedCall;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.future.FutureCalls.Classified;
import dev.threadguard.rules.future.FutureCalls.Kind;

import java.util.Set;

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

    /** Stages that see the failure of the stage before them. */
    static final Set<String> HANDLERS = Set.of(
            "exceptionally", "exceptionallyAsync", "exceptionallyCompose", "exceptionallyComposeAsync",
            "handle", "handleAsync", "whenComplete", "whenCompleteAsync");

    /** Methods that make no new work: dropping their result loses nothing. */
    static final Set<String> NO_NEW_WORK = Set.of(
            "completedFuture", "completedStage", "failedFuture", "failedStage", "toCompletableFuture",
            "minimalCompletionStage", "copy", "newIncompleteFuture");

    /** Methods that return their receiver: the receiver, still held elsewhere, is what is observed. */
    static final Set<String> RETURN_RECEIVER = Set.of("completeAsync", "orTimeout", "completeOnTimeout");

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            for (DiscardedCall d : file.discardedCalls()) {
                String name = d.call().name();
                if (HANDLERS.contains(name) || NO_NEW_WORK.contains(name) || d.catchAround() != null) {
                    continue;
                }
                if (RETURN_RECEIVER.contains(name) && !(d.call().target() instanceof ValueRef.Call)) {
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
