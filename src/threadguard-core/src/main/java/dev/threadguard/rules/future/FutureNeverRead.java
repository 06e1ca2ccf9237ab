package dev.threadguard.rules.future;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.StoredValue;
import dev.threadguard.facts.TaskShape;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;
import dev.threadguard.rules.future.FutureCalls.Classified;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code Future} is kept in a local or a private field, or added to a local collection, and then never
 * read: keeping it looks careful, but nobody ever asks for the outcome.
 */
@RuleDescriptor(
        id = "future-never-read",
        family = Family.FUTURE,
        severity = Severity.WARNING,
        summary = "A Future is stored in a variable or collection that is never read.",
        enabledByDefault = false)
public final class FutureNeverRead implements Rule {

    /** Submissions whose task runs again and again until cancelled. */
    private static final java.util.Set<String> PERIODIC = java.util.Set.of("scheduleAtFixedRate", "scheduleWithFixedDelay");

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            for (StoredValue v : file.storedValues()) {
                if (FutureCalls.namedUnused(v.name())) {
                    continue;
                }
                if (FutureCalls.insideFutureImplementation(index, v.site())) {
                    continue;
                }
                List<StoredValue.Assignment> futures = new ArrayList<>();
                Confidence confidence = Confidence.HIGH;
                boolean added = false;
                for (StoredValue.Assignment a : v.values()) {
                    if (FutureCalls.taskReportsOwnFailures(index, file, a.site(), a.task(), a.arguments())) {
                        continue;
                    }
                    // Only futures of work started here count: a getter or a collection's get() hands out a
                    // future that someone else owns.
                    if (FutureCalls.looksLikeAccessor(a.value().name())) {
                        continue;
                    }
                    // shutdownFuture(), closeFuture(): a method without arguments named after the future it
                    // returns hands out one that exists already, as a getter does; starting work takes a task
                    if (a.value().arguments() == 0 && a.value().name().endsWith("Future")) {
                        continue;
                    }
                    boolean into = a.how() == StoredValue.How.ADDED;
                    Classified c = FutureCalls.classify(index, file, a.site(), a.value(), a.targetText());
                    if (c.isFutureLike()) {
                        futures.add(a);
                        added |= into;
                        if (c.confidence().ordinal() > confidence.ordinal()) {
                            confidence = c.confidence();
                        }
                    }
                }
                if (futures.isEmpty()) {
                    continue;
                }
                StoredValue.Assignment first = futures.get(0);
                String kind = v.kind() == StoredValue.Kind.LOCAL ? "local" : "field";
                String message;
                if (added) {
                    message = "futures of `" + first.chainText() + "` are added to " + kind + " `" + v.name()
                            + "` in `" + first.site().member() + "`, which is never read: failures of those tasks go unnoticed";
                } else if (v.weakUses().contains("cancel")) {
                    message = kind + " `" + v.name() + "` keeps the Future of `" + first.chainText() + "` in `"
                            + first.site().member() + "` but is only ever cancelled: if the task throws, nobody is told";
                    if (confidence == Confidence.HIGH && futures.stream().noneMatch(f -> PERIODIC.contains(f.value().name())
                            || f.task().kind() == TaskShape.Kind.WORKER_LOOP)) {
                        // A handle kept to cancel a task that runs once (a timeout, a pending job): its owner
                        // holds it for the task's life, not its result. A periodic task's or a worker loop's
                        // failure also ends its work for good, unseen: that stays high.
                        confidence = Confidence.MEDIUM;
                        message += " [kept to cancel a task that runs once]";
                    }
                } else if (v.weakUses().contains("isDone")) {
                    message = kind + " `" + v.name() + "` keeps the Future of `" + first.chainText() + "` in `"
                            + first.site().member() + "` but only asks isDone(), never get(): the task's exception is never seen";
                } else {
                    message = kind + " `" + v.name() + "` keeps the Future of `" + first.chainText() + "` in `"
                            + first.site().member() + "` but is never read: an exception thrown by the task is silently lost";
                }
                List<TraceStep> trace = new ArrayList<>();
                trace.add(new TraceStep(file.path(), v.site().pos(), kind + " `" + v.name() + "` is declared here"));
                for (int i = 1; i < futures.size() && i < 4; i++) {
                    trace.add(new TraceStep(file.path(), futures.get(i).site().pos(), "another Future stored in `"
                            + v.name() + "`"));
                }
                out.report(finding(file.path(), first.site())
                        .confidence(confidence)
                        .message(message + FutureCalls.confidenceNote(confidence))
                        .trace(trace));
            }
        }
    }
}
