package dev.threadguard.rules.lockorder;

import dev.threadguard.facts.LockRef;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.index.ProgramIndex;
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
import java.util.List;

/**
 * Code paths that take the same locks in opposite orders: one finding per cycle of the lock-order graph,
 * where the first edge's order is decided (the acquisition of its second lock, or the call that leads to
 * it, in the method holding the first), with each edge's path as a trace of its own.
 */
@RuleDescriptor(
        id = "lock-order-inversion",
        family = Family.LOCK_ORDER,
        severity = Severity.ERROR,
        summary = "Two code paths take the same locks in opposite orders: threads running them at once can deadlock.",
        enabledByDefault = false)
public final class LockOrderInversion implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        LockGraph graph = LockGraph.of(index);
        for (LockGraph.Cycle cycle : graph.cycles()) {
            List<LockGraph.Edge> edges = cycle.edges();
            List<String> members = new ArrayList<>();
            List<String> locks = new ArrayList<>();
            List<TraceStep> trace = new ArrayList<>();
            boolean exact = true;
            for (int i = 0; i < edges.size(); i++) {
                LockGraph.Edge e = edges.get(i);
                String m = LockGraph.call(e.body().member());
                if (!members.contains(m)) {
                    members.add(m);
                }
                locks.add("`" + e.from().label() + "`");
                trace.addAll(graph.trace(e, i + 1));
                exact &= exact(e);
            }
            String message;
            if (edges.size() == 2 && members.size() == 2) {
                message = members.get(0) + " and " + members.get(1) + " take " + locks.get(0) + " and " + locks.get(1)
                        + " in opposite orders: a thread in each can deadlock";
            } else if (edges.size() == 2) {
                message = members.get(0) + " takes " + locks.get(0) + " and " + locks.get(1)
                        + " in both orders on different paths: two threads running it can deadlock";
            } else {
                List<String> order = new ArrayList<>(locks);
                order.add(locks.get(0));
                message = Messages.list(members) + " take " + Messages.list(locks) + " in a cycle (" + String.join(" before ", order)
                        + "): one thread on each path can deadlock";
            }
            LockGraph.Edge first = edges.get(0);
            out.report(finding(first.body().file().path(), LockGraph.at(first.path()), first.body().member())
                    .confidence(exact ? Confidence.HIGH : Confidence.MEDIUM)
                    .message(message)
                    .trace(trace));
        }
        for (LockGraph.SelfCycle s : graph.selfCycles()) {
            String type = s.node().label().endsWith(".this")
                    ? s.node().label().substring(0, s.node().label().length() - ".this".length()) : s.node().label();
            String member = LockGraph.call(s.body().member());
            String message = member + " takes two `" + type + "` locks, `" + s.first().name() + "` then `"
                    + s.second().name() + "`, in the order its caller passes them: two threads calling it at once with"
                    + " the two swapped deadlock; lock them in a fixed order (compare ids) or under one lock";
            List<TraceStep> trace = new ArrayList<>();
            trace.add(new TraceStep(s.body().file().path(), s.first().pos(),
                    member + " takes " + LockGraph.written(s.first(), s.node()), 1));
            if (s.path() == null) {
                trace.add(new TraceStep(s.body().file().path(), s.second().pos(),
                        "then " + LockGraph.written(s.second(), s.node()) + ", another `" + type + "`", 1));
            } else {
                trace.addAll(graph.steps(s.path(), 1, s.node()));
            }
            out.report(finding(s.body().file().path(), s.path() == null ? s.second().pos() : LockGraph.at(s.path()),
                    s.body().member())
                    .confidence(Confidence.MEDIUM)
                    .message(message)
                    .trace(trace));
        }
    }

    /**
     * Whether an edge names both its locks exactly: the first is this object, a class or a field, and the
     * second is a class or a field, or the monitor of this same object reached through calls on {@code this}.
     * A monitor reached through another object is named by its class alone, and may be another instance.
     */
    private static boolean exact(LockGraph.Edge e) {
        if (!exact(e.outer(), e.from())) {
            return false;
        }
        LockRef last = e.path().last().op.lock();
        if (!exact(last, e.to())) {
            return false;
        }
        if (last.kind() != LockRef.Kind.THIS) {
            return true;
        }
        for (LockGraph.Witness w = e.path(); w.next != null; w = w.next) {
            ValueRef target = w.op.call().target();
            if (target != null && !(target instanceof ValueRef.This)) {
                return false;
            }
        }
        return true;
    }

    /** A lock named as itself: this object, a class, or a field that is the lock, not an object locked by class. */
    private static boolean exact(LockRef r, LockGraph.Node n) {
        return switch (r.kind()) {
            case THIS, CLASS -> true;
            case FIELD, RESOURCE -> n.key().startsWith("F:") || n.key().startsWith("V:");
            case VALUE -> false;
        };
    }
}
