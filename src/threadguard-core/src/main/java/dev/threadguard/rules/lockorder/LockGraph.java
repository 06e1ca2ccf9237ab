package dev.threadguard.rules.lockorder;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockBody;
import dev.threadguard.facts.LockOp;
import dev.threadguard.facts.LockRef;
import dev.threadguard.facts.Pos;
import dev.threadguard.facts.TypeFacts;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.SourceType;
import dev.threadguard.rules.TraceStep;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
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
 *   <li>Each lock a body takes, waits on or calls through becomes a node: the monitor of a class of the
 *   analysed tree ({@code Order.this}, whichever instance), a lock kept in a field ({@code Pool.mainLock},
 *   whichever instance holds it), a class literal. Locks the analysis cannot name across methods (a
 *   {@code ReentrantLock} handed in as a parameter) stay out of the graph.</li>
 *   <li>Summaries: per method, the locks it may take, the monitors it may wait on and whether it may block,
 *   directly or through the methods it calls, computed to a fixpoint over the resolved call graph (mutual
 *   recursion included), each with the first call chain that shows it.</li>
 *   <li>An edge A &rarr; B for each place B is taken, directly or through calls, while A is held. Taking
 *   a lock already held is no edge; a lock taken with {@code tryLock} gives up rather than waits and
 *   closes no deadlock.</li>
 *   <li>Elementary cycles, each once, bounded so that a huge graph cannot blow up the run.</li>
 * </ol>
 */
public final class LockGraph {

    /** Call chains longer than this are not followed. */
    static final int MAX_DEPTH = 12;
    /** Blocking found more than this many calls down is not blamed on the caller: too far to be useful. */
    static final int MAX_BLOCKING_DEPTH = 4;
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

    /** A body of code with the file it is in. */
    public record Body(FileFacts file, LockBody body, int order) {
        public String member() {
            return body.member();
        }

        // A body is its place in the program's list: hashing the facts it holds would walk them all.
        @Override
        public boolean equals(Object o) {
            return o instanceof Body b && b.order == order;
        }

        @Override
        public int hashCode() {
            return order;
        }
    }

    /**
     * How a body reaches an effect: the step in the body, then, for a call, how the callee reaches it.
     * Chains are immutable and share their tails.
     */
    public static final class Witness {
        final Body body;
        final LockOp op;
        final Witness next;
        final int depth;

        Witness(Body body, LockOp op, Witness next) {
            this.body = body;
            this.op = op;
            this.next = next;
            this.depth = next == null ? 0 : next.depth + 1;
        }

        /** The step at the end of the chain: the acquisition, wait or blocking call itself. */
        Witness last() {
            Witness w = this;
            while (w.next != null) {
                w = w.next;
            }
            return w;
        }
    }

    /**
     * A lock B taken while A is held: in {@code body}, A was taken at {@code outer}, then {@code path} leads to
     * where B is taken. {@code gate} is the set of locks held at every place the edge was seen: a lock all
     * the edges of a cycle hold lets only one of them run at a time.
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

    /** A call step of a body. */
    private record CallSite(Body body, LockOp op) {
    }

    /** A node of the strongly-connected-components search, with the successors still to visit. */
    private record Frame(String node, java.util.Iterator<String> next) {
    }

    /** A wait found while building the graph, judged once every waker is known. */
    private record PendingWait(Body body, LockOp op, Witness path, List<String> held, String waited) {
    }

    private final ProgramIndex index;
    private final List<Body> bodies = new ArrayList<>();
    private final Map<String, Body> callable = new HashMap<>();
    private final Map<LockOp, List<Body>> targets = new IdentityHashMap<>();
    private final Map<LockOp, String> blocking = new IdentityHashMap<>();
    private final Map<Body, LinkedHashMap<String, Witness>> summaries = new HashMap<>();
    private final Map<String, Node> nodesByKey = new TreeMap<>();
    /** The types whose own code locks or waits on {@code this}: only their monitors are locks by type. */
    private final Set<String> monitorTypes = new HashSet<>();
    private final Map<String, String> monitorRoots = new HashMap<>();
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
        for (FileFacts f : index.files()) {
            for (LockBody b : f.lockBodies()) {
                Body body = new Body(f, b, bodies.size());
                bodies.add(body);
                for (LockOp op : b.ops()) {
                    if (op.kind() == LockOp.Kind.ACQUIRE && op.lock().kind() == LockRef.Kind.THIS
                            && !op.lock().owner().equals("java.lang.Object")) {
                        monitorTypes.add(op.lock().owner());
                    }
                }
                if (b.declared() != null) {
                    callable.putIfAbsent(b.key(), body);
                }
            }
        }
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
        FileFacts file = b.file();
        String scope = b.body().scopeType();
        switch (r.kind()) {
            case THIS -> {
                return monitor(r.owner(), r.name());
            }
            case CLASS -> {
                String type = r.owner();
                if (type == null && r.value() instanceof ValueRef.Declared d) {
                    type = index.resolve(d.type(), file, scope).map(JavaType::name).orElse(null);
                }
                if (type == null) {
                    return node("C:" + r.name(), r.name());
                }
                return node("C:" + type, display(type) + ".class");
            }
            case FIELD -> {
                Optional<JavaType> owner = index.type(r.owner());
                return owner.isEmpty() ? node("F:" + r.owner() + "#" + r.name(), r.name()) : field(owner.get(), r.name());
            }
            default -> {
                if (r.value() instanceof ValueRef.Field f) {
                    Optional<JavaType> target = index.typeOf(f.target(), file, scope);
                    if (target.isPresent()) {
                        return field(target.get(), f.name());
                    }
                }
                Optional<JavaType> t = r.value() == null ? Optional.empty() : index.typeOf(r.value(), file, scope);
                // Parameters and locals are abstracted by their class; a lock as general as an Object or an
                // interface names nothing in particular.
                if (t.isPresent() && (monitorTypes.contains(t.get().name()) || t.get() instanceof SourceType s
                        && (s.facts().kind() == TypeFacts.Kind.CLASS || s.facts().kind() == TypeFacts.Kind.RECORD)
                        && !s.name().equals("java.lang.Object"))) {
                    return monitor(t.get().name(), null);
                }
                return null;
            }
        }
    }

    /** The lock kept in a field: the field's declaring type and name, or the monitor of the object it holds. */
    private Node field(JavaType owner, String name) {
        JavaType declarer = index.fieldDeclarer(owner, name).orElse(owner);
        Optional<JavaType> type = index.fieldType(declarer, name);
        if (type.isPresent() && monitorTypes.contains(type.get().name())) {
            return monitor(type.get().name(), null);
        }
        return node("F:" + declarer.name() + "#" + name, display(declarer.name()) + "." + name);
    }

    private Node monitor(String declared, String written) {
        String type = monitorRoot(declared);
        if (!type.equals(declared)) {
            written = null;
        }
        Optional<SourceType> s = index.sourceType(type);
        String label = s.map(x -> x.facts().displayName() + ".this").orElse(written != null ? written : display(type) + ".this");
        return node("M:" + type, label);
    }

    /**
     * The class whose monitor node stands for objects of {@code type}: an object has one monitor, whichever
     * of its classes' synchronized methods takes it, so a class and its superclasses that lock {@code this}
     * share the node of the topmost of them.
     */
    private String monitorRoot(String type) {
        return monitorRoots.computeIfAbsent(type, this::findMonitorRoot);
    }

    private String findMonitorRoot(String type) {
        String root = type;
        Set<String> seen = new HashSet<>();
        for (String t = type; t != null && seen.add(t); ) {
            Optional<JavaType> jt = index.type(t);
            String next = null;
            if (jt.isPresent()) {
                for (JavaType s : index.supertypes(jt.get())) {
                    if (s instanceof SourceType st && st.facts().kind() == TypeFacts.Kind.CLASS) {
                        next = st.name();
                        if (monitorTypes.contains(next)) {
                            root = next;
                        }
                        break;
                    }
                }
            }
            t = next;
        }
        return root;
    }

    private String display(String qualified) {
        Optional<SourceType> s = index.sourceType(qualified);
        if (s.isPresent()) {
            return s.get().facts().displayName();
        }
        int dot = qualified.lastIndexOf('.');
        return qualified.substring(dot + 1).replace('$', '.');
    }

    private Node node(String key, String label) {
        return nodesByKey.computeIfAbsent(key, k -> new Node(k, label));
    }

    /** A name for a lock that also tells apart the locks the graph cannot name, within one body. */
    String identity(LockRef r, Body b) {
        Node n = node(r, b);
        return n != null ? n.key() : "?" + b.order() + ":" + r.name();
    }

    // ------------------------------------------------------------------ summaries

    private List<Body> targets(Body b, LockOp op) {
        List<Body> cached = targets.get(op);
        if (cached != null) {
            return cached;
        }
        List<Body> out = new ArrayList<>();
        for (ProgramIndex.MethodMatch m : index.callTargets(op.call(), b.file(), b.body().scopeType())) {
            if (m.source() != null) {
                Body callee = callable.get(LockBody.key(m.declaringType().name(), m.source().name(), m.source().pos()));
                if (callee != null && !out.contains(callee)) {
                    out.add(callee);
                }
            }
        }
        List<Body> result = out.isEmpty() ? List.of() : List.copyOf(out);
        targets.put(op, result);
        return result;
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
        for (Body b : bodies) {
            for (LockOp op : b.body().ops()) {
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
                for (Map.Entry<String, Witness> e : new ArrayList<>(effects.entrySet())) {
                    Witness w = e.getValue();
                    if (w.depth >= MAX_DEPTH || e.getKey().equals("B") && w.depth >= MAX_BLOCKING_DEPTH - 1
                            || mine.containsKey(e.getKey())) {
                        continue;
                    }
                    mine.put(e.getKey(), new Witness(caller, op, w));
                    grew = true;
                }
                if (grew && queued.add(caller)) {
                    work.add(caller);
                }
            }
        }
    }

    /** What a call's callees may do, with the chain from this call: empty when none is known. */
    private Map<String, Witness> effectsOfCall(Body b, LockOp op) {
        Map<String, Witness> out = new LinkedHashMap<>();
        for (Body t : targets(b, op)) {
            LinkedHashMap<String, Witness> s = summaries.get(t);
            if (s == null) {
                continue;
            }
            for (Map.Entry<String, Witness> e : s.entrySet()) {
                out.putIfAbsent(e.getKey(), new Witness(b, op, e.getValue()));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ edges

    private void buildEdges() {
        Map<String, Map<String, Set<String>>> gates = new HashMap<>();
        for (Body b : bodies) {
            for (LockOp op : b.body().ops()) {
                if (op.held().isEmpty()) {
                    continue;
                }
                List<String> held = new ArrayList<>();
                for (LockRef h : op.held()) {
                    held.add(identity(h, b));
                }
                switch (op.kind()) {
                    case ACQUIRE -> {
                        Node to = op.lock().trying() ? null : node(op.lock(), b);
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
                                Node to = nodesByKey.get(k.substring(1));
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
        if (entryHeld(b, 0).contains(to.key())) {
            return; // every caller already holds it: taking it again is reentrant
        }
        List<LockRef> refs = op.held();
        for (int i = 0; i < refs.size(); i++) {
            String fromKey = held.get(i);
            if (fromKey.equals(to.key()) || fromKey.startsWith("?") || held.contains(to.key())) {
                continue; // reentrant: the lock is already held
            }
            Node from = nodesByKey.get(fromKey);
            Map<String, Edge> out = edges.computeIfAbsent(fromKey, k -> new TreeMap<>());
            out.putIfAbsent(to.key(), new Edge(from, to, b, refs.get(i), path, Set.of()));
            Map<String, Set<String>> g = gates.computeIfAbsent(fromKey, k -> new HashMap<>());
            Set<String> gate = g.get(to.key());
            // The locks held here: those taken in this body, and those every caller holds on entry.
            Set<String> here = new HashSet<>(held);
            here.addAll(entryHeld(b, 0));
            if (gate == null) {
                g.put(to.key(), here);
            } else {
                gate.retainAll(here);
            }
        }
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
                    Node needed = nodesByKey.get(h);
                    waits.add(new Blocked(p.body(), p.op(), p.path(), names(p.op(), p.body(), p.waited()), "wait", w,
                            needed != null ? needed.label() : h));
                    return;
                }
            }
        }
    }

    // ------------------------------------------------------------------ locks held on entry

    /** How many callers up the entry locks are followed. */
    private static final int MAX_ENTRY_DEPTH = 4;
    private Map<String, List<CallSite>> callsByName;
    private final Map<Body, Set<String>> entry = new HashMap<>();

    /**
     * The locks every caller holds when it calls this method: for a method no code outside the analysed tree
     * can call (private or package-private) whose every call in the tree is known; empty otherwise.
     */
    private Set<String> entryHeld(Body b, int depth) {
        Set<String> cached = entry.get(b);
        if (cached != null) {
            return cached;
        }
        if (depth > MAX_ENTRY_DEPTH || b.body().declared() == null || exported(b)) {
            return Set.of();
        }
        entry.put(b, Set.of()); // while in progress: recursion assumes nothing
        if (callsByName == null) {
            callsByName = new HashMap<>();
            for (Body c : bodies) {
                for (LockOp op : c.body().ops()) {
                    if (op.kind() == LockOp.Kind.CALL) {
                        callsByName.computeIfAbsent(op.call().name(), k -> new ArrayList<>()).add(new CallSite(c, op));
                    }
                }
            }
        }
        Set<String> common = null;
        for (CallSite site : callsByName.getOrDefault(b.body().method(), List.of())) {
            Body caller = site.body();
            LockOp op = site.op();
            if (!targets(caller, op).contains(b)) {
                continue;
            }
            Set<String> held = new HashSet<>(entryHeld(caller, depth + 1));
            for (LockRef h : op.held()) {
                held.add(identity(h, caller));
            }
            if (common == null) {
                common = held;
            } else {
                common.retainAll(held);
            }
            if (common.isEmpty()) {
                break;
            }
        }
        Set<String> result = common == null ? Set.of() : Set.copyOf(common);
        entry.put(b, result);
        return result;
    }

    /** Whether code outside the analysed tree may call the method: public or protected. */
    private boolean exported(Body b) {
        Optional<SourceType> t = index.sourceType(b.body().type());
        if (t.isEmpty()) {
            return true;
        }
        for (dev.threadguard.facts.MethodFacts m : t.get().facts().methods()) {
            if (m.name().equals(b.body().method()) && m.pos().equals(b.body().declared())) {
                int mods = m.modifiers();
                return java.lang.reflect.Modifier.isPublic(mods) || java.lang.reflect.Modifier.isProtected(mods);
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ blocking calls

    private static final Set<String> BLOCKING_NAMES = Set.of("sleep", "get", "join", "take", "put", "await", "acquire",
            "acquireUninterruptibly");
    private static final Set<String> CONDITION_WAITS = Set.of("await", "awaitUninterruptibly", "awaitNanos", "awaitUntil");

    /** What a call blocks on, in words, or null when it does not block. */
    String blocking(Body b, LockOp op) {
        ValueRef.Call call = op.call();
        if (call == null || !BLOCKING_NAMES.contains(call.name())) {
            return null;
        }
        if (blocking.containsKey(op)) {
            return blocking.get(op);
        }
        String what = null;
        int args = call.arguments();
        String name = call.name();
        if (name.equals("sleep") && (args == 1 || args == 2)) {
            for (ProgramIndex.MethodMatch m : index.callTargets(call, b.file(), b.body().scopeType())) {
                if (m.declaringType().name().equals("java.lang.Thread")) {
                    what = "`Thread.sleep`";
                }
            }
        } else if (call.target() != null) {
            Optional<JavaType> receiver = index.typeOf(call.target(), b.file(), b.body().scopeType());
            if (receiver.isPresent()) {
                JavaType t = receiver.get();
                if (name.equals("get") && args == 0 && is(t, "java.util.concurrent.Future")) {
                    what = "`Future.get()` without a timeout";
                } else if (name.equals("join") && args == 0 && is(t, "java.util.concurrent.CompletableFuture")) {
                    what = "`CompletableFuture.join()`";
                } else if (name.equals("join") && args == 0 && is(t, "java.lang.Thread")) {
                    what = "`Thread.join()` without a timeout";
                } else if (name.equals("take") && args == 0 && is(t, "java.util.concurrent.BlockingQueue")) {
                    what = "`BlockingQueue.take()`";
                } else if (name.equals("put") && args == 1 && is(t, "java.util.concurrent.BlockingQueue")) {
                    what = "`BlockingQueue.put()`";
                } else if (name.equals("await") && args == 0 && is(t, "java.util.concurrent.CountDownLatch")) {
                    what = "`CountDownLatch.await()` without a timeout";
                } else if (name.equals("await") && args == 0 && is(t, "java.util.concurrent.CyclicBarrier")) {
                    what = "`CyclicBarrier.await()` without a timeout";
                } else if (name.startsWith("acquire") && is(t, "java.util.concurrent.Semaphore")) {
                    what = "`Semaphore." + name + "()`";
                }
            }
        }
        blocking.put(op, what);
        return what;
    }

    /** {@code Condition.await()}: releases one lock only. Null when the call is something else. */
    private String conditionWait(Body b, LockOp op) {
        ValueRef.Call call = op.call();
        if (call == null || call.target() == null || !CONDITION_WAITS.contains(call.name())) {
            return null;
        }
        Optional<JavaType> receiver = index.typeOf(call.target(), b.file(), b.body().scopeType());
        return receiver.isPresent() && is(receiver.get(), "java.util.concurrent.locks.Condition")
                ? "`Condition." + call.name() + "()`" : null;
    }

    private boolean is(JavaType t, String type) {
        return index.isSubtype(t, type) == ProgramIndex.Tri.YES;
    }

    // ------------------------------------------------------------------ cycles

    private void findCycles() {
        List<String> keys = new ArrayList<>(edges.keySet());
        for (List<String> component : components(keys)) {
            if (component.size() < 2) {
                continue;
            }
            Set<String> members = new HashSet<>(component);
            Collections.sort(component);
            // Shortest first: a longer cycle through the nodes of a shorter one repeats what that one says.
            List<Set<String>> accepted = new ArrayList<>();
            CycleSearch search = new CycleSearch(members, accepted);
            for (int length = 2; length <= MAX_CYCLE_LENGTH && !search.exhausted(); length++) {
                for (String start : component) {
                    search.from(start, length);
                }
            }
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

    /** Elementary cycles of one strongly connected component, each found once from its smallest node. */
    private final class CycleSearch {
        /** Edge visits allowed per component: a dense component cannot stall the run. */
        private static final int BUDGET = 200_000;

        private final Set<String> members;
        private final List<Set<String>> accepted;
        private final Deque<Edge> path = new ArrayDeque<>();
        private final Set<String> onPath = new HashSet<>();
        private int visits;
        private int found;

        CycleSearch(Set<String> members, List<Set<String>> accepted) {
            this.members = members;
            this.accepted = accepted;
        }

        boolean exhausted() {
            return visits >= BUDGET || found >= MAX_CYCLES_PER_COMPONENT;
        }

        void from(String start, int length) {
            onPath.add(start);
            walk(start, start, length);
            onPath.remove(start);
        }

        private void walk(String start, String at, int length) {
            for (Edge e : edges.getOrDefault(at, Map.of()).values()) {
                if (exhausted()) {
                    return;
                }
                visits++;
                String next = e.to().key();
                if (next.equals(start) && path.size() + 1 == length) {
                    path.addLast(e);
                    record(new ArrayList<>(path));
                    path.removeLast();
                } else if (members.contains(next) && next.compareTo(start) > 0 && !onPath.contains(next)
                        && path.size() + 1 < length) {
                    path.addLast(e);
                    onPath.add(next);
                    walk(start, next, length);
                    onPath.remove(next);
                    path.removeLast();
                }
            }
        }

        private void record(List<Edge> cycle) {
            Set<String> nodes = new HashSet<>();
            for (Edge e : cycle) {
                nodes.add(e.from().key());
            }
            for (Set<String> shorter : accepted) {
                if (nodes.containsAll(shorter)) {
                    return;
                }
            }
            if (!gated(cycle)) {
                accepted.add(nodes);
                cycles.add(new Cycle(cycle));
                found++;
            }
        }
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

    /** Strongly connected components (Tarjan, iterative), over the nodes with outgoing edges. */
    private List<List<String>> components(List<String> keys) {
        Map<String, Integer> indexOf = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String root : keys) {
            if (indexOf.containsKey(root)) {
                continue;
            }
            Deque<Frame> frames = new ArrayDeque<>();
            frames.push(new Frame(root, new ArrayList<>(edges.getOrDefault(root, Map.of()).keySet()).iterator()));
            indexOf.put(root, counter[0]);
            low.put(root, counter[0]++);
            stack.push(root);
            onStack.add(root);
            while (!frames.isEmpty()) {
                Frame f = frames.peek();
                String v = f.node();
                java.util.Iterator<String> it = f.next();
                if (it.hasNext()) {
                    String w = it.next();
                    if (!indexOf.containsKey(w)) {
                        indexOf.put(w, counter[0]);
                        low.put(w, counter[0]++);
                        stack.push(w);
                        onStack.add(w);
                        frames.push(new Frame(w, new ArrayList<>(edges.getOrDefault(w, Map.of()).keySet()).iterator()));
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), indexOf.get(w)));
                    }
                } else {
                    frames.pop();
                    if (!frames.isEmpty()) {
                        String parent = frames.peek().node();
                        low.put(parent, Math.min(low.get(parent), low.get(v)));
                    }
                    if (low.get(v).equals(indexOf.get(v))) {
                        List<String> component = new ArrayList<>();
                        String w;
                        do {
                            w = stack.pop();
                            onStack.remove(w);
                            component.add(w);
                        } while (!w.equals(v));
                        out.add(component);
                    }
                }
            }
        }
        return out;
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
    static String written(LockRef r, Node n) {
        String as = "`" + r.name() + (r.read() ? ".readLock()" : "") + "`";
        if (n == null || n.label().equals(r.name())) {
            return as;
        }
        return as + " (" + n.label() + ")";
    }

    static String call(String member) {
        return "`" + member + "()`";
    }

    /** Where a step is, for reports. */
    public static Pos at(Witness w) {
        return w.op.kind() == LockOp.Kind.ACQUIRE ? w.op.lock().pos() : w.op.pos();
    }
}
