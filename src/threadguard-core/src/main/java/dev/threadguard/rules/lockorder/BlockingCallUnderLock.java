package dev.threadguard.rules.lockorder;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockBody;
import dev.threadguard.facts.LockOp;
import dev.threadguard.facts.LockRef;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.model.Body;
import dev.threadguard.model.LockGraph;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A call that can block for as long as another thread pleases ({@code Future.get()} without a timeout,
 * {@code BlockingQueue.take()}...) made while holding a lock, directly or a few calls down, when another
 * method of the program takes that same lock: a thread there waits as long as the call blocks.
 *
 * <p>Said only with that evidence, and only of calls that can block indefinitely: {@code Thread.sleep} ends by
 * itself, and a lock that no other code takes serialises only the work it guards, often on purpose.
 */
@RuleDescriptor(
        id = "blocking-call-under-lock",
        family = Family.LOCK_ORDER,
        severity = Severity.WARNING,
        summary = "A call that can block indefinitely (Future.get, BlockingQueue.take, await...) is made while "
                + "holding a lock that other code needs.",
        enabledByDefault = false)
public final class BlockingCallUnderLock implements Rule {

    /** Where another body takes a lock: the member and the step. */
    private record Taker(Body body, LockOp op) {
    }

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        LockGraph graph = LockGraph.of(index);
        if (graph.blockingCalls().isEmpty()) {
            return;
        }
        Map<String, List<Taker>> takers = takers(index, graph);
        // One finding per (member, blocking call's kind, locks held): the other places are notes.
        Map<String, Integer> seen = new HashMap<>();
        for (LockGraph.Blocked b : graph.blockingCalls()) {
            if (b.what() == null || b.what().startsWith("`Thread.sleep")) {
                continue; // a sleep ends by itself; what others wait for is bounded and chosen
            }
            if (b.what().startsWith("`BlockingQueue.put") && unbounded(index, b.path().last())) {
                continue; // put() on a queue without capacity never waits
            }
            if (knownComplete(b.path().last())) {
                continue; // get() on a future just cancelled, or asked isDone(), returns at once
            }
            Taker other = null;
            for (LockRef h : b.op().held()) {
                String id = graph.identity(h, b.body());
                for (Taker t : takers.getOrDefault(id, List.of())) {
                    if (!t.body().member().equals(b.body().member())) {
                        other = t;
                        break;
                    }
                }
                if (other != null) {
                    break;
                }
            }
            if (other == null) {
                continue; // no other code needs the lock: it only serialises this work
            }
            String key = b.body().member() + "|" + b.what() + "|" + b.held();
            if (seen.putIfAbsent(key, 1) != null) {
                continue;
            }
            String member = LockGraph.call(b.body().member());
            String held = Messages.listInCode(b.held());
            String otherMember = LockGraph.call(other.body().member());
            String message;
            if (b.path().next == null) {
                message = member + " calls " + b.what() + " while holding " + held + ", which " + otherMember
                        + " also takes: a thread there waits as long as the call blocks, and if the thread that would"
                        + " end the wait needs " + (b.held().size() == 1 ? "that lock" : "one of them")
                        + " too, neither moves again";
            } else {
                int depth = b.path().depth;
                message = member + " holds " + held + " while calling " + LockGraph.call(b.path().next.body.member())
                        + ", which " + (depth == 1 ? "calls " : "leads " + depth + " calls down to ") + b.what()
                        + "; " + otherMember + " also takes " + (b.held().size() == 1 ? "the lock" : "one of them")
                        + " and waits as long";
            }
            List<TraceStep> trace = new ArrayList<>(b.path().next == null ? List.of() : graph.steps(b.path(), 0, null));
            trace.add(new TraceStep(other.body().file().path(), other.op().pos(),
                    otherMember + " takes `" + other.op().lock().name() + "` here", 1));
            out.report(finding(b.body().file().path(), b.op().pos(), b.body().member())
                    .confidence(b.path().next == null ? Confidence.HIGH : Confidence.MEDIUM)
                    .message(message)
                    .trace(trace));
        }
    }

    private static final Set<String> UNBOUNDED_QUEUES = Set.of("java.util.concurrent.PriorityBlockingQueue",
            "java.util.concurrent.DelayQueue", "java.util.concurrent.LinkedTransferQueue");

    /** Whether the queue a {@code put} is made on has no capacity, so that the call never waits. */
    private static boolean unbounded(ProgramIndex index, LockGraph.Witness w) {
        if (w.op.call() == null || w.op.call().target() == null) {
            return false;
        }
        return index.typeOf(w.op.call().target(), w.body.file(), w.body.body().scopeType())
                .map(t -> UNBOUNDED_QUEUES.stream().anyMatch(q -> index.isSubtype(t, q) == ProgramIndex.Tri.YES))
                .orElse(false);
    }

    private static final Set<String> COMPLETES = Set.of("cancel", "isDone", "isCancelled", "complete",
            "completeExceptionally", "isCompletedExceptionally");

    /**
     * Whether the future waited on was cancelled, completed or asked {@code isDone()} earlier in the same
     * method: then {@code get()} or {@code join()} returns (or throws) at once.
     */
    private static boolean knownComplete(LockGraph.Witness w) {
        if (w.op.call() == null || w.op.call().target() == null
                || !(w.op.call().name().equals("get") || w.op.call().name().equals("join"))) {
            return false;
        }
        for (LockOp earlier : w.body.body().ops()) {
            if (earlier == w.op) {
                return false;
            }
            if (earlier.call() != null && COMPLETES.contains(earlier.call().name())
                    && w.op.call().target().equals(earlier.call().target())) {
                return true;
            }
        }
        return false;
    }

    /** Every body that takes each lock (by the graph's identity), in program order. */
    private static Map<String, List<Taker>> takers(ProgramIndex index, LockGraph graph) {
        Map<String, List<Taker>> out = new HashMap<>();
        Set<String> once = new HashSet<>();
        int order = -1;
        for (FileFacts file : index.files()) {
            for (LockBody lb : file.lockBodies()) {
                Body body = new Body(file, lb, order--);
                for (LockOp op : lb.ops()) {
                    if (op.kind() != LockOp.Kind.ACQUIRE || op.lock() == null || op.lock().trying()) {
                        continue;
                    }
                    String id = graph.identity(op.lock(), body);
                    if (!id.startsWith("?") && once.add(id + "|" + lb.member())) {
                        out.computeIfAbsent(id, k -> new ArrayList<>()).add(new Taker(body, op));
                    }
                }
            }
        }
        return out;
    }
}
