package dev.threadguard.rules.lockorder;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockBody;
import dev.threadguard.facts.LockOp;
import dev.threadguard.facts.LockRef;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.facts.MethodFacts;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.model.Body;
import dev.threadguard.model.CallGraph;
import dev.threadguard.model.EntryLocks;
import dev.threadguard.model.LockGraph;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Messages;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A call that can block for as long as another thread pleases ({@code Future.get()} without a timeout,
 * {@code BlockingQueue.take()}...) made while holding a lock, directly or a few calls down, when another
 * method of the program takes that same lock: a thread there waits as long as the call blocks.
 *
 * <p>Said only with that evidence, and only of calls that can block indefinitely: {@code Thread.sleep} ends by
 * itself, and a lock that no other code takes serialises only the work it guards, often on purpose.
 *
 * <p>Holding a lock while waiting is a deadlock only if the code that ends the wait needs that lock: the rule
 * looks for it ({@code countDown}, {@code complete}, {@code put}... on the same field; the joined thread's
 * {@code run()}). Found and never under the lock: not reported. Not found: low confidence.
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
            Set<String> heldIds = new HashSet<>();
            for (LockRef h : b.op().held()) {
                heldIds.add(graph.identity(h, b.body()));
            }
            Ending ending = ending(index, graph, b.path().last(), b.what(), heldIds);
            if (ending.kind() == Ending.Kind.FREE) {
                continue; // whatever ends the wait never needs the lock: holding it delays others, nothing more
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
                        + " also takes: a thread there waits as long as the call blocks";
            } else {
                int depth = b.path().depth;
                message = member + " holds " + held + " while calling " + LockGraph.call(b.path().next.body.member())
                        + ", which " + (depth == 1 ? "calls " : "leads " + depth + " calls down to ") + b.what()
                        + "; " + otherMember + " also takes " + (b.held().size() == 1 ? "the lock" : "one of them")
                        + " and waits as long";
            }
            String lockWord = b.held().size() == 1 ? "that lock" : "one of them";
            if (ending.kind() == Ending.Kind.NEEDS_LOCK && b.what().startsWith("`Thread.join")) {
                message += "; and the joined thread takes " + lockWord + " in " + LockGraph.call(ending.body().member())
                        + ": once it waits for it, neither moves again";
            } else if (ending.kind() == Ending.Kind.NEEDS_LOCK) {
                message += "; and " + LockGraph.call(ending.body().member()) + ", which ends the wait, runs with "
                        + lockWord + ": once it waits for it, neither moves again";
            } else {
                message += " (what ends the wait was not found, so whether it needs the lock is not known)";
            }
            List<TraceStep> trace = new ArrayList<>(b.path().next == null ? List.of() : graph.steps(b.path(), 0, null));
            trace.add(new TraceStep(other.body().file().path(), other.op().pos(),
                    otherMember + " takes `" + other.op().lock().name() + "` here", 1));
            if (ending.kind() == Ending.Kind.NEEDS_LOCK) {
                trace.add(new TraceStep(ending.body().file().path(), ending.op().pos(),
                        b.what().startsWith("`Thread.join") ? "the joined thread takes the lock here"
                                : LockGraph.call(ending.body().member()) + " ends the wait here, under the lock", 1));
            }
            Confidence confidence = ending.kind() == Ending.Kind.UNKNOWN ? Confidence.LOW
                    : b.path().next == null ? Confidence.HIGH : Confidence.MEDIUM;
            out.report(finding(b.body().file().path(), b.op().pos(), b.body().member())
                    .confidence(confidence)
                    .message(message)
                    .trace(trace));
        }
    }

    /**
     * What ends a wait: {@link Kind#NEEDS_LOCK} when a place that ends it (with {@code body} and {@code op})
     * holds one of the locks held at the wait, or is reached with it held, or (for {@code Thread.join}) the
     * joined thread's {@code run()} may take it; {@link Kind#FREE} when the places that end it are known and
     * none needs the lock; {@link Kind#UNKNOWN} when they cannot be found (a parameter, a future from
     * elsewhere, a thread built from a task).
     */
    private record Ending(Kind kind, Body body, LockOp op) {
        enum Kind { NEEDS_LOCK, FREE, UNKNOWN }

        static final Ending FREE = new Ending(Kind.FREE, null, null);
        static final Ending UNKNOWN = new Ending(Kind.UNKNOWN, null, null);
    }

    /** Per blocking call, the calls on the same object that end its wait. */
    private static final Map<String, Set<String>> ENDERS = Map.of(
            "`CountDownLatch.await()` without a timeout", Set.of("countDown"),
            "`Future.get()` without a timeout", Set.of("complete", "completeExceptionally", "set", "setException",
                    "cancel", "obtrudeValue", "obtrudeException", "run"),
            "`CompletableFuture.join()`", Set.of("complete", "completeExceptionally", "cancel", "obtrudeValue",
                    "obtrudeException"),
            "`BlockingQueue.take()`", Set.of("put", "offer", "add", "addAll", "transfer", "tryTransfer"),
            "`BlockingQueue.put()`", Set.of("take", "poll", "drainTo", "remove", "clear", "removeIf"),
            "`CyclicBarrier.await()` without a timeout", Set.of("await", "reset"));

    private static Ending ending(ProgramIndex index, LockGraph graph, LockGraph.Witness wait, String what,
                                 Set<String> held) {
        if (what.startsWith("`Thread.join")) {
            return joined(index, graph, wait, held);
        }
        Set<String> enders = what.startsWith("`Semaphore.") ? Set.of("release") : ENDERS.get(what);
        String object = enders == null || wait.op.call() == null ? null
                : fieldKey(index, wait.body, wait.op.call().target());
        if (object == null) {
            return Ending.UNKNOWN;
        }
        CallGraph calls = CallGraph.of(index);
        EntryLocks entry = EntryLocks.of(index);
        boolean found = false;
        for (String name : enders) {
            for (CallGraph.CallSite s : calls.callsNamed(name)) {
                if (s.op() == wait.op || !object.equals(fieldKey(index, s.body(), s.op().call().target()))) {
                    continue;
                }
                found = true;
                if (runsWith(graph, calls, entry, s.body(), s.op(), held)) {
                    return new Ending(Ending.Kind.NEEDS_LOCK, s.body(), s.op());
                }
            }
        }
        return found ? Ending.FREE : Ending.UNKNOWN;
    }

    /**
     * Whether a step can run with one of {@code held}: held at the step, held by every caller of its body,
     * or held at one of the calls that reach its body.
     */
    private static boolean runsWith(LockGraph graph, CallGraph calls, EntryLocks entry, Body body, LockOp op,
                                    Set<String> held) {
        for (LockRef h : op.held()) {
            if (held.contains(graph.identity(h, body))) {
                return true;
            }
        }
        if (entry.keys(body).stream().anyMatch(held::contains)) {
            return true;
        }
        if (body.key() == null) {
            return false; // a lambda run later: it runs with none of our locks
        }
        String name = body.body().method();
        for (CallGraph.CallSite c : calls.callsNamed(name)) {
            if (c.op().held().isEmpty() || !calls.targets(c.body(), c.op()).contains(body)) {
                continue;
            }
            for (LockRef h : c.op().held()) {
                if (held.contains(graph.identity(h, c.body()))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * For {@code Thread.join()} on a thread whose class is in the program: whether its {@code run()}, or code
     * it calls, takes one of the locks held. UNKNOWN when the thread's code cannot be found.
     */
    private static Ending joined(ProgramIndex index, LockGraph graph, LockGraph.Witness wait, Set<String> held) {
        if (wait.op.call() == null || wait.op.call().target() == null) {
            return Ending.UNKNOWN;
        }
        Optional<JavaType> type = index.typeOf(wait.op.call().target(), wait.body.file(), wait.body.body().scopeType());
        if (type.isEmpty() || !(type.get() instanceof ProgramIndex.SourceType)) {
            return Ending.UNKNOWN;
        }
        CallGraph calls = CallGraph.of(index);
        Body run = null;
        Deque<JavaType> pending = new ArrayDeque<>(List.of(type.get()));
        Set<String> seen = new HashSet<>();
        while (run == null && !pending.isEmpty()) {
            JavaType t = pending.poll();
            if (!(t instanceof ProgramIndex.SourceType st) || !seen.add(t.name())) {
                continue;
            }
            for (MethodFacts m : st.facts().methods()) {
                if (m.name().equals("run") && m.parameterTypes().isEmpty() && !m.isConstructor()) {
                    run = calls.body(LockBody.key(st.name(), "run", m.pos()));
                }
            }
            pending.addAll(index.supertypes(t));
        }
        if (run == null) {
            return Ending.UNKNOWN;
        }
        List<Body> bodies = new ArrayList<>(List.of(run));
        bodies.addAll(calls.reachable(run, 8).keySet());
        for (Body b : bodies) {
            for (LockOp op : b.body().ops()) {
                if (op.kind() == LockOp.Kind.ACQUIRE && op.lock() != null && !op.lock().trying()
                        && held.contains(graph.identity(op.lock(), b))) {
                    return new Ending(Ending.Kind.NEEDS_LOCK, b, op);
                }
            }
        }
        return Ending.FREE;
    }

    /**
     * The field a receiver names, as {@code DeclaringType#name}: {@code latch} or {@code this.latch} of the
     * code's own class or one around it. Null for a parameter, a local or any other expression.
     */
    private static String fieldKey(ProgramIndex index, Body body, ValueRef target) {
        String name = target instanceof ValueRef.Name n ? n.name()
                : target instanceof ValueRef.Field f && f.target() instanceof ValueRef.This ? f.name() : null;
        if (name == null) {
            return null;
        }
        for (Optional<ProgramIndex.SourceType> t = index.sourceType(body.body().scopeType()); t.isPresent();
             t = t.get().facts().outerName() == null ? Optional.empty() : index.sourceType(t.get().facts().outerName())) {
            Optional<JavaType> declarer = index.fieldDeclarer(t.get(), name);
            if (declarer.isPresent()) {
                return declarer.get().name() + "#" + name;
            }
        }
        return null;
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
