package dev.threadguard.model;

import dev.threadguard.facts.LockOp;
import dev.threadguard.facts.LockRef;
import dev.threadguard.facts.Pos;
import dev.threadguard.facts.TypeFacts;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.model.CallGraph.CallSite;
import dev.threadguard.rules.TraceStep;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The whole program's lock-order graph, built once per analysis from the lock steps of every body of code
 * and shared by the lock-order rules and {@code threadguard graph}.
 *
 * <ol>
 *   <li>Each lock a body takes, waits on or calls through becomes a node ({@link LockNodes}); locks the
 *   analysis cannot name across methods (a {@code ReentrantLock} handed in as a parameter) stay out of the
 *   graph, and steps that are no locks by type ({@link LockSteps}) are not in the bodies at all.</li>
 *   <li>Summaries: per method, the locks it may take, the monitors it may wait on and whether it may block,
 *   directly or through the methods it calls, computed to a fixpoint over the call graph with dynamic
 *   dispatch ({@link CallGraph}, mutual recursion included), each with the first call chain that shows it.</li>
 *   <li>An edge A &rarr; B for each place B is taken, directly or through calls, while A is held. Taking
 *   a lock already held, here or by every caller ({@link EntryLocks}), is no edge; a lock taken with
 *   {@code tryLock} gives up rather than waits and closes no deadlock.</li>
 *   <li>Elementary cycles, each once, bounded so that a huge graph cannot blow up the run ({@link CycleFinder}).</li>
 * </ol>
 */
public final class LockGraph {

    /** Call chains longer than this are not followed. */
    static final int MAX_DEPTH = 12;
    /** Blocking found more than this many calls down is not blamed on the caller: too far to be useful. */
    static final int MAX_BLOCKING_DEPTH = 4;
    /**
     * The most calls of one chain that reach their callee only through dynamic dispatch (an override of the
     * method the call names): one call through an interface is how a wrapper and its pool reach each other;
     * chains of such guesses, each possible alone, add up to paths no run takes.
     */
    static final int MAX_DISPATCHES = 1;
    /** The longest chain, in calls, that may contain a call reached through dynamic dispatch. */
    static final int MAX_DISPATCH_DEPTH = 3;
    /** The longest cycle looked for. */
    static final int MAX_CYCLE_LENGTH = 6;
    /** The most cycles reported from one strongly connected part of the graph. */
    static final int MAX_CYCLES_PER_COMPONENT = 50;

    /** A lock as a node of the graph: {@code key} identifies it, {@code label} is what a reader calls it. */
    public record Node(String key, String label) implements Comparable<Node> {
        @Override
        public int compareTo(Node o) {
            return key.compareTo(o.key);
        }
    }

    /**
     * How a body reaches an effect: the step in the body, then, for a call, how the callee reaches it.
     * Chains are immutable and share their tails.
     */
    public static final class Witness {
        /** The body the step is in. */
        public final Body body;
        /** The step: a call, or at the end of the chain the acquisition, wait or blocking call. */
        public final LockOp op;
        /** How the callee reaches the effect; null at the end of the chain. */
        public final Witness next;
        /** How many calls lead from this step to the end of the chain. */
        public final int depth;

        /** How many calls of the chain reach their callee only through dynamic dispatch. */
        final int dispatches;

        Witness(Body body, LockOp op, Witness next) {
            this(body, op, next, false);
        }

        Witness(Body body, LockOp op, Witness next, boolean dispatched) {
            this.body = body;
            this.op = op;
            this.next = next;
            this.depth = next == null ? 0 : next.depth + 1;
            this.dispatches = (next == null ? 0 : next.dispatches) + (dispatched ? 1 : 0);
        }

        /** The step at the end of the chain: the acquisition, wait or blocking call itself. */
        public Witness last() {
            Witness w = this;
            while (w.next != null) {
                w = w.next;
            }
            return w;
        }
    }

    /**
     * A lock B taken while A is held: in {@code body}, A was taken at {@code outer}, then {@code path} leads to
     * where B is taken. {@code gate} is the set of locks held at every place the edge was seen, and the
     * thread all those places are confined to ({@code T:main}): a lock all the edges of a cycle hold, or one
     * thread they all run on, lets only one of them run at a time.
     */
    public record Edge(Node from, Node to, Body body, LockRef outer, Witness path, Set<String> gate) {
    }

    /** A cycle of edges, starting at its smallest node. */
    public record Cycle(List<Edge> edges) {
        public List<Node> nodes() {
            List<Node> out = new ArrayList<>();
            for (Edge e : edges) {
                out.add(e.from());
            }
            return out;
        }
    }

    /**
     * Two instances of one lock's class taken in one body, in the order its callers chose: a {@code transfer(a, b)}
     * that takes {@code a} then {@code b} deadlocks against {@code transfer(b, a)}.
     */
    public record SelfCycle(Node node, Body body, LockRef first, LockRef second, Witness path) {
    }

    /**
     * A wait (or blocking call) with locks held; {@code path} leads to the wait itself. For a wait on a
     * monitor, {@code waker} is a place that wakes its waiters only after taking one of the locks the
     * waiter keeps, and {@code needed} that lock.
     */
    public record Blocked(Body body, LockOp op, Witness path, List<String> held, String what, Waker waker,
                          String needed) {
        Blocked(Body body, LockOp op, Witness path, List<String> held, String what) {
            this(body, op, path, held, what, null, null);
        }
    }

    /** A {@code notify}, or a call that leads to one, made while holding {@code held}. */
    public record Waker(Body body, LockOp op, Witness path, List<String> held) {
    }

    /** A wait found while building the graph, judged once every waker is known. */
    private record PendingWait(Body body, LockOp op, Witness path, List<String> held, String waited) {
    }

    private final ProgramIndex index;
    private final CallGraph calls;
    private final LockNodes locks;
    private final EntryLocks entry;
    private final RunsAtOnce runs;
    private final ThreadRoles roles;
    private final BlockingCalls blockingModel;
    private final Map<Body, LinkedHashMap<String, Witness>> summaries = new HashMap<>();
    private final Map<String, Map<String, Edge>> edges = new TreeMap<>();
    private final List<Cycle> cycles = new ArrayList<>();
    private final List<SelfCycle> selfCycles = new ArrayList<>();
    private final List<Blocked> waits = new ArrayList<>();
    private final List<Blocked> blockingCalls = new ArrayList<>();
    private final List<PendingWait> pendingWaits = new ArrayList<>();
    private final Map<String, List<Waker>> wakers = new HashMap<>();

    /** The graph of the index's program, computed once and shared. */
    public static LockGraph of(ProgramIndex index) {
        return index.derived(LockGraph.class, LockGraph::new);
    }

    private LockGraph(ProgramIndex index) {
        this.index = index;
        this.calls = CallGraph.of(index);
        this.locks = LockNodes.of(index);
        this.entry = EntryLocks.of(index);
        this.runs = RunsAtOnce.of(index);
        this.roles = ThreadRoles.of(index);
        this.blockingModel = new BlockingCalls(index);
        summarize();
        buildEdges();
        findCycles();
    }

    public List<Node> nodes() {
        List<Node> out = new ArrayList<>();
        for (Map<String, Edge> m : edges.values()) {
            for (Edge e : m.values()) {
                out.add(e.from());
                out.add(e.to());
            }
        }
        return out.stream().distinct().sorted().toList();
    }

    /** Every edge, by source then target. */
    public List<Edge> edges() {
        List<Edge> out = new ArrayList<>();
        for (Map<String, Edge> m : edges.values()) {
            out.addAll(m.values());
        }
        return out;
    }

    public List<Cycle> cycles() {
        return cycles;
    }

    public List<SelfCycle> selfCycles() {
        return selfCycles;
    }

    public List<Blocked> waits() {
        return waits;
    }

    public List<Blocked> blockingCalls() {
        return blockingCalls;
    }

    // ------------------------------------------------------------------ nodes

    /** The node of a lock, or null when the analysis cannot name it across methods. */
    Node node(LockRef r, Body b) {
        return locks.node(r, b.file(), b.body().scopeType());
    }

    /** The identity of lock {@code r} taken in body {@code b}: the key of its node in this graph. */
    public String identity(LockRef r, Body b) {
        return locks.identity(r, b);
    }

    // ------------------------------------------------------------------ summaries

    private List<Body> targets(Body b, LockOp op) {
        return calls.targets(b, op);
    }

    /** The effects of a body's own steps: locks taken (not tried), monitors waited on, blocking calls. */
    private LinkedHashMap<String, Witness> direct(Body b) {
        LinkedHashMap<String, Witness> out = new LinkedHashMap<>();
        for (LockOp op : b.body().ops()) {
            switch (op.kind()) {
                case ACQUIRE -> {
                    Node n = op.lock().trying() ? null : node(op.lock(), b);
                    if (n != null) {
                        out.putIfAbsent("A" + n.key(), new Witness(b, op, null));
                    }
                }
                case WAIT, NOTIFY -> {
                    Node n = node(op.lock(), b);
                    if (n != null) {
                        out.putIfAbsent((op.kind() == LockOp.Kind.WAIT ? "W" : "N") + n.key(), new Witness(b, op, null));
                    }
                }
                case CALL -> {
                    if (blocking(b, op) != null) {
                        out.putIfAbsent("B", new Witness(b, op, null));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Per method reached from a call made under a lock: what it may do, directly or through calls, to a
     * fixpoint. Deterministic: bodies are visited in file order and a witness, once found, is kept.
     */
    private void summarize() {
        List<Body> reached = new ArrayList<>();
        Set<Body> seen = new HashSet<>();
        Deque<Body> pending = new ArrayDeque<>();
        for (Body b : calls.bodies()) {
            for (LockOp op : runs.ops(b)) {
                if (op.kind() == LockOp.Kind.CALL && !op.held().isEmpty()) {
                    for (Body t : targets(b, op)) {
                        if (seen.add(t)) {
                            pending.add(t);
                        }
                    }
                }
            }
        }
        Map<Body, List<CallSite>> callers = new HashMap<>();
        while (!pending.isEmpty()) {
            Body b = pending.poll();
            reached.add(b);
            for (LockOp op : b.body().ops()) {
                if (op.kind() == LockOp.Kind.CALL) {
                    for (Body t : targets(b, op)) {
                        callers.computeIfAbsent(t, k -> new ArrayList<>()).add(new CallSite(b, op));
                        if (seen.add(t)) {
                            pending.add(t);
                        }
                    }
                }
            }
        }
        reached.sort((x, y) -> Integer.compare(x.order(), y.order()));
        Deque<Body> work = new ArrayDeque<>();
        Set<Body> queued = new HashSet<>();
        for (Body b : reached) {
            LinkedHashMap<String, Witness> d = direct(b);
            summaries.put(b, d);
            if (!d.isEmpty()) {
                work.add(b);
                queued.add(b);
            }
        }
        while (!work.isEmpty()) {
            Body callee = work.poll();
            queued.remove(callee);
            LinkedHashMap<String, Witness> effects = summaries.get(callee);
            for (CallSite c : callers.getOrDefault(callee, List.of())) {
                Body caller = c.body();
                LockOp op = c.op();
                LinkedHashMap<String, Witness> mine = summaries.get(caller);
                boolean grew = false;
                boolean dispatched = calls.dispatched(caller, op, callee);
                for (Map.Entry<String, Witness> e : new ArrayList<>(effects.entrySet())) {
                    Witness w = e.getValue();
                    if (w.depth >= MAX_DEPTH || e.getKey().equals("B") && w.depth >= MAX_BLOCKING_DEPTH - 1
                            || !dispatchAllowed(w, dispatched) || mine.containsKey(e.getKey())) {
                        continue;
                    }
                    mine.put(e.getKey(), new Witness(caller, op, w, dispatched));
                    grew = true;
                }
                if (grew && queued.add(caller)) {
                    work.add(caller);
                }
            }
        }
    }

    /** Whether a call may extend chain {@code w} when it reaches the chain's body through dispatch or not. */
    private static boolean dispatchAllowed(Witness w, boolean dispatched) {
        int dispatches = w.dispatches + (dispatched ? 1 : 0);
        return dispatches == 0 || dispatches <= MAX_DISPATCHES && w.depth + 1 <= MAX_DISPATCH_DEPTH;
    }

    /** What a call's callees may do, with the chain from this call: empty when none is known. */
    private Map<String, Witness> effectsOfCall(Body b, LockOp op) {
        Map<String, Witness> out = new LinkedHashMap<>();
        for (Body t : targets(b, op)) {
            LinkedHashMap<String, Witness> s = summaries.get(t);
            if (s == null) {
                continue;
            }
            boolean dispatched = calls.dispatched(b, op, t);
            for (Map.Entry<String, Witness> e : s.entrySet()) {
                if (dispatchAllowed(e.getValue(), dispatched)) {
                    out.putIfAbsent(e.getKey(), new Witness(b, op, e.getValue(), dispatched));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ edges

    private void buildEdges() {
        Map<String, Map<String, Set<String>>> gates = new HashMap<>();
        for (Body b : calls.bodies()) {
            for (LockOp op : runs.ops(b)) {
                if (op.held().isEmpty()) {
                    continue;
                }
                List<String> held = new ArrayList<>();
                for (LockRef h : op.held()) {
                    held.add(identity(h, b));
                }
                switch (op.kind()) {
                    case ACQUIRE -> {
                        Node to = op.lock().trying() || fresh(b, op.lock()) ? null : node(op.lock(), b);
                        if (to != null) {
                            addEdges(b, op, held, to, new Witness(b, op, null), gates);
                            selfCycle(b, op, to, null);
                        }
                    }
                    case WAIT -> pendingWaits.add(new PendingWait(b, op, new Witness(b, op, null), held,
                            identity(op.lock(), b)));
                    case NOTIFY -> wakers.computeIfAbsent(identity(op.lock(), b), k -> new ArrayList<>())
                            .add(new Waker(b, op, new Witness(b, op, null), held));
                    case CALL -> {
                        String direct = blocking(b, op);
                        if (direct != null) {
                            blockingCalls.add(new Blocked(b, op, new Witness(b, op, null), names(op, b), direct));
                        } else if ((direct = conditionWait(b, op)) != null) {
                            if (new HashSet<>(held).size() >= 2) {
                                waits.add(new Blocked(b, op, new Witness(b, op, null), names(op, b), direct));
                            }
                        }
                        Map<String, Witness> effects = effectsOfCall(b, op);
                        for (Map.Entry<String, Witness> e : effects.entrySet()) {
                            String k = e.getKey();
                            Witness w = e.getValue();
                            if (k.startsWith("A")) {
                                if (!feasibleOnOneObject(b, w) || freshThroughThis(b, w)) {
                                    continue;
                                }
                                Node to = locks.byKey(k.substring(1));
                                addEdges(b, op, held, to, w, gates);
                                if (op.lock() != null) {
                                    selfCycle(b, op, to, w);
                                }
                            } else if (k.startsWith("W")) {
                                pendingWaits.add(new PendingWait(b, op, w, held, k.substring(1)));
                            } else if (k.startsWith("N")) {
                                wakers.computeIfAbsent(k.substring(1), x -> new ArrayList<>())
                                        .add(new Waker(b, op, w, held));
                            } else if (direct == null) {
                                Witness last = w.last();
                                blockingCalls.add(new Blocked(b, op, w, names(op, b), blocking(last.body, last.op)));
                            }
                        }
                    }
                }
            }
        }
        for (PendingWait p : pendingWaits) {
            wait(p);
        }
        for (Map.Entry<String, Map<String, Edge>> from : edges.entrySet()) {
            for (Map.Entry<String, Edge> to : from.getValue().entrySet()) {
                Edge e = to.getValue();
                Set<String> gate = gates.get(from.getKey()).get(to.getKey());
                to.setValue(new Edge(e.from(), e.to(), e.body(), e.outer(), e.path(), Set.copyOf(gate)));
            }
        }
    }

    private List<String> names(LockOp op, Body b) {
        return names(op, b, null);
    }

    /** The locks held at a step, as readers name them, each once; leaving out the one whose identity is {@code except}. */
    private List<String> names(LockOp op, Body b, String except) {
        List<String> out = new ArrayList<>();
        for (LockRef h : op.held()) {
            if (except != null && identity(h, b).equals(except)) {
                continue;
            }
            Node n = node(h, b);
            String label = n != null ? n.label() : h.name();
            if (!out.contains(label)) {
                out.add(label);
            }
        }
        return out;
    }

    private void addEdges(Body b, LockOp op, List<String> held, Node to, Witness path,
                          Map<String, Map<String, Set<String>>> gates) {
        if (entry.keys(b).contains(to.key())) {
            return; // every caller already holds it: taking it again is reentrant
        }
        List<LockRef> refs = op.held();
        for (int i = 0; i < refs.size(); i++) {
            String fromKey = held.get(i);
            if (fresh(b, refs.get(i))) {
                continue; // the constructor's own object: no other thread can hold or wait for its monitor yet
            }
            if (fromKey.equals(to.key()) || fromKey.startsWith("?") || held.contains(to.key())) {
                continue; // reentrant: the lock is already held
            }
            Node from = locks.byKey(fromKey);
            Map<String, Edge> out = edges.computeIfAbsent(fromKey, k -> new TreeMap<>());
            out.putIfAbsent(to.key(), new Edge(from, to, b, refs.get(i), path, Set.of()));
            Map<String, Set<String>> g = gates.computeIfAbsent(fromKey, k -> new HashMap<>());
            Set<String> gate = g.get(to.key());
            // The locks held here: those taken in this body, and those every caller holds on entry. Code
            // confined to one thread (the UI thread) holds that thread as it would a lock: code confined to
            // it runs one piece at a time, and cannot deadlock with itself.
            Set<String> here = new HashSet<>(held);
            here.addAll(entry.keys(b));
            String thread = confinedTo(b);
            if (thread != null) {
                here.add("T:" + thread);
            }
            if (gate == null) {
                g.put(to.key(), here);
            } else {
                gate.retainAll(here);
            }
        }
    }

    /**
     * Whether a lock is the monitor of the object a constructor is building ({@code synchronized (this)}, or a
     * synchronized method of it called on {@code this}): the object is not shared yet, so no other thread
     * holds or waits for that monitor, and its acquisition closes no cycle with another thread. All the
     * objects of the class share one node, so the edge would otherwise stand for the shared ones.
     */
    private static boolean fresh(Body b, LockRef r) {
        return r.kind() == LockRef.Kind.THIS && "<init>".equals(b.body().method())
                && b.body().type().equals(r.owner());
    }

    /**
     * Whether a chain reaches, through calls on {@code this} only, the monitor of an object a constructor on
     * the chain is building (the body itself, or a {@code new} on the way).
     */
    private boolean freshThroughThis(Body b, Witness path) {
        String building = "<init>".equals(b.body().method()) ? b.body().type() : null;
        Witness w = path;
        for (; w.next != null; w = w.next) {
            Body next = w.next.body;
            if ("<init>".equals(next.body().method())) {
                building = next.body().type();
            } else if (building != null && !(onThis(w.op) && related(building, next.body().type()))) {
                building = null;
            }
        }
        return building != null && w.op.kind() == LockOp.Kind.ACQUIRE && w.op.lock().kind() == LockRef.Kind.THIS
                && related(building, w.op.lock().owner());
    }

    private static boolean onThis(LockOp op) {
        ValueRef target = op.call() == null ? null : op.call().target();
        return target == null || target instanceof ValueRef.This t && t.qualifier() == null
                || target instanceof ValueRef.Super;
    }

    /**
     * Whether a chain of calls can run on the objects it names: along calls on {@code this}, one object runs
     * every step, so a call reached only through dynamic dispatch (an override of the method the call names)
     * must land in a class that object can be, a subclass or superclass of every class seen on the way.
     * {@code checkClosed()} of a common base calling {@code close()}, overridden by two sibling classes, does
     * not take a {@code JDBCStatement}'s monitor from a {@code JDBCPreparedStatement}. A call on another
     * object starts afresh; interfaces are left alone (a class may implement both).
     */
    private boolean feasibleOnOneObject(Body b, Witness path) {
        String self = b.body().type();
        for (Witness w = path; w.next != null; w = w.next) {
            String callee = w.next.body.body().type();
            if (!onThis(w.op)) {
                self = callee;
                continue;
            }
            if (!calls.dispatched(w.body, w.op, w.next.body)) {
                if (!subtype(self, callee)) {
                    self = callee; // an unqualified call of an enclosing class's method: another object
                }
                continue;
            }
            if (subtype(callee, self)) {
                self = callee;
            } else if (!subtype(self, callee) && isClass(self) && isClass(callee)) {
                return false;
            }
        }
        return true;
    }

    private boolean related(String a, String b) {
        return a.equals(b) || subtype(a, b) || subtype(b, a);
    }

    /** Whether source type {@code a} is {@code b} or extends it; false when either is unknown. */
    private boolean subtype(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.equals(b)) {
            return true;
        }
        Optional<ProgramIndex.SourceType> t = index.sourceType(a);
        return t.isPresent() && index.isSubtype(t.get(), b) == ProgramIndex.Tri.YES;
    }

    private boolean isClass(String name) {
        Optional<ProgramIndex.SourceType> t = index.sourceType(name);
        return t.isPresent() && (t.get().facts().kind() == TypeFacts.Kind.CLASS
                || t.get().facts().kind() == TypeFacts.Kind.ENUM || t.get().facts().kind() == TypeFacts.Kind.RECORD
                || t.get().facts().kind() == TypeFacts.Kind.ANONYMOUS);
    }

    /**
     * The one thread that runs a body: that of an annotation on it or a class around it, or the main thread
     * when the thread roles ({@link ThreadRoles}) find that only code confined to it reaches the body (a
     * private helper of {@code @UiThread} methods); null when other threads may run it.
     */
    private String confinedTo(Body b) {
        if (b.body().thread() != null) {
            return b.body().thread();
        }
        return roles.roles(b) == ThreadRoles.MAIN ? "main" : null;
    }

    /**
     * Two instances of one lock's class, the second reached through a parameter or local: directly, or by
     * calling a synchronized method on it.
     */
    private void selfCycle(Body b, LockOp op, Node to, Witness through) {
        LockRef second = op.lock();
        if (second == null || second.origin() != LockRef.Origin.PARAMETER || second.ordered()) {
            return;
        }
        if (through != null) {
            // Only a method of the receiver that takes its own monitor at once: synchronized, or synchronized (this).
            Witness callee = through.next;
            if (callee == null || callee.next != null || callee.op.lock().kind() != LockRef.Kind.THIS) {
                return;
            }
        }
        for (LockRef first : op.held()) {
            if (first.ordered() || first.name().equals(second.name())
                    || first.kind() != LockRef.Kind.THIS && first.origin() != LockRef.Origin.PARAMETER) {
                continue;
            }
            Node n = node(first, b);
            if (n != null && n.key().equals(to.key())) {
                selfCycles.add(new SelfCycle(to, b, first, second, through));
                return;
            }
        }
    }

    /**
     * A wait on a monitor keeps the other locks held: a nested monitor lockout when the code that wakes the
     * waiter must first take one of them. Reported only with that evidence, a waker of the same monitor that
     * holds one of the kept locks.
     */
    private void wait(PendingWait p) {
        Set<String> kept = new HashSet<>(p.held());
        kept.remove(p.waited());
        if (kept.isEmpty() || p.path().last().op.lock().kind() == LockRef.Kind.VALUE) {
            // A monitor reached through a parameter or local is named by its class alone: the code that
            // wakes some object of that class need not wake this one.
            return;
        }
        for (Waker w : wakers.getOrDefault(p.waited(), List.of())) {
            for (String h : w.held()) {
                if (kept.contains(h)) {
                    Node needed = locks.byKey(h);
                    waits.add(new Blocked(p.body(), p.op(), p.path(), names(p.op(), p.body(), p.waited()), "wait", w,
                            needed != null ? needed.label() : h));
                    return;
                }
            }
        }
    }

    // ------------------------------------------------------------------ blocking calls

    /** What a call blocks on, in words, or null when it does not block. */
    String blocking(Body b, LockOp op) {
        return blockingModel.blocking(b, op);
    }

    private String conditionWait(Body b, LockOp op) {
        return blockingModel.conditionWait(b, op);
    }

    // ------------------------------------------------------------------ cycles

    /** Elementary cycles, shortest first, each once, in the order of their nodes. */
    private void findCycles() {
        for (List<Edge> c : new CycleFinder<>(edges, MAX_CYCLE_LENGTH, MAX_CYCLES_PER_COMPONENT,
                x -> !gated(x))
                .cycles(e -> e.to().key())) {
            cycles.add(new Cycle(c));
        }
        cycles.sort((x, y) -> {
            for (int i = 0; i < Math.min(x.edges().size(), y.edges().size()); i++) {
                int c = x.edges().get(i).from().compareTo(y.edges().get(i).from());
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.edges().size(), y.edges().size());
        });
    }

    /** Whether one lock outside the cycle is held wherever each of its edges is taken: the cycle cannot close. */
    private static boolean gated(List<Edge> cycle) {
        Set<String> common = null;
        for (Edge e : cycle) {
            if (common == null) {
                common = new HashSet<>(e.gate());
            } else {
                common.retainAll(e.gate());
            }
        }
        for (Edge e : cycle) {
            common.remove(e.from().key());
            common.remove(e.to().key());
        }
        return !common.isEmpty();
    }

    // ------------------------------------------------------------------ traces

    /** The places that show an edge: where its first lock is taken, each call on the way, where the second is taken. */
    public List<TraceStep> trace(Edge e, int thread) {
        List<TraceStep> out = new ArrayList<>();
        out.add(new TraceStep(e.body().file().path(), e.outer().pos(),
                call(e.body().member()) + " takes " + written(e.outer(), e.from()), thread));
        out.addAll(steps(e.path(), thread, e.to()));
        return out;
    }

    /** The steps of a chain: each call, then the acquisition, wait or blocking call at its end. */
    public List<TraceStep> steps(Witness w, int thread, Node lock) {
        List<TraceStep> out = new ArrayList<>();
        for (; w != null; w = w.next) {
            String path = w.body.file().path();
            if (w.next != null) {
                out.add(new TraceStep(path, w.op.pos(), "calls " + call(w.next.body.member()), thread));
            } else if (w.op.kind() == LockOp.Kind.ACQUIRE) {
                out.add(new TraceStep(path, w.op.lock().pos(), call(w.body.member()) + " takes "
                        + written(w.op.lock(), lock), thread));
            } else if (w.op.kind() == LockOp.Kind.WAIT) {
                out.add(new TraceStep(path, w.op.pos(), call(w.body.member()) + " waits on "
                        + written(w.op.lock(), node(w.op.lock(), w.body)), thread));
            } else if (w.op.kind() == LockOp.Kind.NOTIFY) {
                out.add(new TraceStep(path, w.op.pos(), call(w.body.member()) + " wakes the waiters of "
                        + written(w.op.lock(), node(w.op.lock(), w.body)), thread));
            } else {
                out.add(new TraceStep(path, w.op.pos(), call(w.body.member()) + " calls " + blocking(w.body, w.op), thread));
            }
        }
        return out;
    }

    /** A lock as written at the place, with the node's name when that says more. */
    public static String written(LockRef r, Node n) {
        String as = "`" + r.name() + (r.read() ? ".readLock()" : "") + "`";
        if (n == null || n.label().equals(r.name())) {
            return as;
        }
        return as + " (" + n.label() + ")";
    }

    public static String call(String member) {
        return "`" + member + "()`";
    }

    /** Where a step is, for reports. */
    public static Pos at(Witness w) {
        return w.op.kind() == LockOp.Kind.ACQUIRE ? w.op.lock().pos() : w.op.pos();
    }
}
