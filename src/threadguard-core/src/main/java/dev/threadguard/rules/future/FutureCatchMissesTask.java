package dev.threadguard.rules.future;

import dev.threadguard.facts.DiscardedCall;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.TypeName;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.Tri;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;
import dev.threadguard.rules.future.FutureCalls.Classified;

import java.util.stream.Collectors;

/**
 * A try/catch wraps nothing but task submissions, and catches exceptions the submission itself cannot
 * throw: the author meant it for the task's failures, which happen later, on another thread.
 */
@RuleDescriptor(
        id = "future-catch-misses-task",
        family = Family.FUTURE,
        severity = Severity.WARNING,
        summary = "A catch around submit or execute can never see the task's exceptions.",
        enabledByDefault = false)
public final class FutureCatchMissesTask implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            for (DiscardedCall d : file.discardedCalls()) {
                if (d.catchAround() == null) {
                    continue;
                }
                String name = d.call().name();
                Classified c = FutureCalls.classify(index, file, d.site(), d.call(), d.targetText());
                Confidence confidence;
                boolean asyncFactory = name.equals("runAsync") || name.equals("supplyAsync");
                if (asyncFactory) {
                    Tri cf = FutureCalls.is(index, c.receiver(), FutureCalls.COMPLETABLE_FUTURE);
                    if (cf == Tri.NO) {
                        continue;
                    }
                    confidence = cf == Tri.YES ? Confidence.HIGH : Confidence.LOW;
                } else {
                    Tri executor = FutureCalls.isExecutor(index, c.receiver());
                    if (executor == Tri.NO || executor == Tri.UNKNOWN && !c.isFutureLike() && !name.equals("execute")) {
                        continue;
                    }
                    confidence = executor == Tri.YES ? Confidence.HIGH : Confidence.LOW;
                    if (executor != Tri.YES && name.equals("execute") && !c.isFutureLike()
                            && !d.targetText().toLowerCase(java.util.Locale.ROOT).matches(".*(executor|pool|exec).*")) {
                        continue;
                    }
                }
                if (FutureCalls.taskReportsOwnFailures(index, file, d.site(), d.task(), d.arguments())
                        || FutureCalls.insideFutureImplementation(index, d.site())
                        || FutureCalls.taskIsAFuture(index, file, d.site(), d.arguments())) {
                    continue; // the task's outcome is kept where someone can look at it
                }
                String caught = d.catchAround().types().stream().map(TypeName::name).collect(Collectors.joining(" | "));
                String where = name.equals("execute")
                        ? "goes to the pool thread's uncaught-exception handler"
                        : asyncFactory ? "completes the dropped CompletableFuture exceptionally"
                        : "is stored in the discarded Future";
                String message = "`catch (" + caught + ")` at line " + d.catchAround().pos().line()
                        + " cannot see failures of the task passed to `" + d.chainText() + "`"
                        + FutureCalls.typeLabel(c.receiver()) + " in `" + d.site().member()
                        + "`: the task runs later on another thread, and its exception " + where
                        + FutureCalls.confidenceNote(confidence);
                TraceStep evidence = new TraceStep(file.path(), d.catchAround().pos(),
                        "this catch only sees exceptions thrown while the task is handed over, such as a rejection");
                out.report(finding(file.path(), d.site())
                        .confidence(confidence)
                        .message(message)
                        .trace(evidence));
            }
        }
    }
}
