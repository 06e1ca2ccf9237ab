package dev.threadguard.rules.lifecycle;

import dev.threadguard.facts.DiscardedCall;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockBody;
import dev.threadguard.facts.LockOp;
import dev.threadguard.facts.Pos;
import dev.threadguard.facts.WaitOutsideLoop;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.MethodMatch;
import dev.threadguard.index.ProgramIndex.Tri;
import dev.threadguard.model.Body;
import dev.threadguard.model.CallGraph;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.LockImplementations;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.util.List;
import java.util.Optional;

/**
 * {@code Object.wait()} or {@code Condition.await()} that no loop re-checks: a spurious wakeup, or a
 * notification meant for another condition, lets the thread go on as if its condition held.
 *
 * <p>A wait step (a method that waits once and returns, doing nothing more with shared state, or that returns
 * a {@code boolean} verdict after the wait) hands the re-check to its callers: it is reported only when a
 * caller in the sources (through the call graph, with dispatch) neither calls it in a loop nor, for a verdict,
 * uses the answer. With no caller in the sources, its contract is its callers' to keep: nothing is reported.
 */
@RuleDescriptor(
        id = "wait-not-in-loop",
        family = Family.LIFECYCLE,
        severity = Severity.WARNING,
        summary = "wait() or Condition.await() is not in a loop that re-checks its condition.",
        enabledByDefault = false)
public final class WaitNotInLoop implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            for (WaitOutsideLoop w : file.lifecycle().waitsOutsideLoops()) {
                if (LockImplementations.inside(index, w.site()) || LockImplementations.delegatesWait(w.site())) {
                    continue; // a Condition's own await, or one that forwards to another: its callers loop
                }
                Confidence confidence = confirm(index, file, w);
                if (confidence == null) {
                    continue;
                }
                String fix = w.call().name().equals("wait") ? "`while (!condition) wait();`"
                        : "`while (!condition) cond.await();`";
                if (w.step()) {
                    CallGraph.CallSite caller = careless(index, file, w);
                    if (caller == null) {
                        continue; // every caller loops on it or acts on its answer, or none is in the sources
                    }
                    String method = w.site().member().substring(w.site().member().lastIndexOf('.') + 1);
                    out.report(finding(file.path(), w.site())
                            .confidence(Confidence.MEDIUM)
                            .message("`" + w.text() + "` in `" + w.site().member() + "` waits once and returns,"
                                    + " leaving the re-check to its callers, but `" + caller.body().member()
                                    + "` calls `" + method + "` without a loop" + (w.verdict() ? " and drops its answer" : "")
                                    + ": a spurious wakeup, or a notification meant for another condition, lets that"
                                    + " caller go on as if the condition held; loop there, or write " + fix + " here")
                            .trace(new TraceStep(caller.body().file().path(), caller.op().pos(),
                                    "`" + caller.body().member() + "` calls `" + method + "` once")));
                    continue;
                }
                // After a timed wait the code must already cope with the condition unmet (the time ran out): an
                // early wakeup mostly cuts a delay short. Only an untimed wait promises the condition to what follows.
                boolean timed = w.call().arguments() > 0; // wait(0) is recorded as wait(): no time limit
                out.report(finding(file.path(), w.site())
                        .confidence(timed && confidence == Confidence.HIGH ? Confidence.MEDIUM : confidence)
                        .message("`" + w.text() + "` in `" + w.site().member() + "` is not in a loop that"
                                + " re-checks its condition: a spurious wakeup, or a notification meant for another"
                                + " condition, lets the thread go on as if the condition held; write " + fix
                                + (timed ? " [a timed wait: the code after it must handle a timeout anyway, so an early"
                                + " wakeup may only cut the wait short]" : "")));
            }
        }
    }

    private static Confidence confirm(ProgramIndex index, FileFacts file, WaitOutsideLoop w) {
        String scope = w.site().scopeType();
        if (w.call().name().equals("await")) {
            Optional<JavaType> receiver = index.typeOf(w.call().target(), file, scope);
            return receiver.isPresent() && index.isSubtype(receiver.get(), "java.util.concurrent.locks.Condition") == Tri.YES
                    ? Confidence.HIGH : null;
        }
        List<MethodMatch> matches = index.callTargets(w.call(), file, scope);
        if (!matches.isEmpty()) {
            return matches.get(0).declaringType().name().equals("java.lang.Object") ? Confidence.HIGH : null;
        }
        // Object.wait() is final: with no argument it cannot be anything else.
        return w.call().arguments() == 0 ? Confidence.HIGH : null;
    }

    /**
     * The first caller in the sources of a wait step's method that neither calls it in a loop nor, when it
     * returns a verdict, uses the answer; null when there is none.
     */
    private static CallGraph.CallSite careless(ProgramIndex index, FileFacts file, WaitOutsideLoop w) {
        if (w.method() == null) {
            return null;
        }
        String name = w.site().member().substring(w.site().member().lastIndexOf('.') + 1);
        String key = LockBody.key(w.site().scopeType(), name, w.method());
        return careless(CallGraph.of(index), key, name, w.verdict(), new java.util.HashSet<>(java.util.Set.of(key)));
    }

    /** How many forwarding callers ({@code void await() { await(0); }}) are followed up to the ones that loop. */
    static final int FORWARDS = 3;

    private static CallGraph.CallSite careless(CallGraph graph, String key, String name, boolean verdict,
                                               java.util.Set<String> chain) {
        for (CallGraph.CallSite c : graph.callsNamed(name)) {
            if (!graph.targetKeys(c.body(), c.op()).contains(key)) {
                continue;
            }
            FileFacts file = c.body().file();
            if (inLoop(file, c.op()) || verdict && !discarded(file, c.op()) || recurses(c)) {
                continue; // it loops, acts on the answer, or calls itself again to re-check
            }
            if (c.body().key() != null && file.lifecycle().tailCalls().stream()
                    .anyMatch(t -> t.line() == c.op().line() && t.column() == c.op().column())) {
                // The caller only forwards (it returns right after): its own callers keep the contract. Forwarders
                // that call each other (awaitWritable() forwarding to awaitReadable() and back) add no caller.
                if (!chain.add(c.body().key())) {
                    continue;
                }
                if (chain.size() > FORWARDS + 1) {
                    return c;
                }
                CallGraph.CallSite up = careless(graph, c.body().key(), c.body().body().method(), false, chain);
                if (up == null) {
                    continue;
                }
                return up;
            }
            return c;
        }
        return null;
    }

    /** Whether the caller calls its own method again after the step: a re-check by recursion. */
    private static boolean recurses(CallGraph.CallSite c) {
        String own = c.body().member().substring(c.body().member().lastIndexOf('.') + 1);
        for (LockOp op : c.body().body().ops()) {
            if (op.kind() == LockOp.Kind.CALL && op.pos().compareTo(c.op().pos()) > 0 && op.call().name().equals(own)
                    && (op.call().target() == null || op.call().target() instanceof dev.threadguard.facts.ValueRef.This)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inLoop(FileFacts file, LockOp op) {
        Pos at = op.pos();
        for (Pos loop : file.lifecycle().callLoops()) {
            if (loop.compareTo(at) <= 0 && (loop.endLine() > at.line()
                    || loop.endLine() == at.line() && loop.endColumn() >= at.column())) {
                return true;
            }
        }
        return false;
    }

    private static boolean discarded(FileFacts file, LockOp op) {
        for (DiscardedCall d : file.discardedCalls()) {
            if (d.site().pos().line() == op.line() && d.site().pos().column() == op.column()) {
                return true;
            }
        }
        return false;
    }
}
