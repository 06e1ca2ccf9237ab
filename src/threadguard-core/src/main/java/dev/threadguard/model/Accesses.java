package dev.threadguard.model;

import dev.threadguard.facts.Access;
import dev.threadguard.facts.AccessFacts;
import dev.threadguard.facts.AccessFacts.AccessBody;
import dev.threadguard.facts.FieldFacts;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockBody;
import dev.threadguard.facts.LockOp;
import dev.threadguard.facts.LockRef;
import dev.threadguard.facts.Pos;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.SourceType;
import dev.threadguard.model.LockGraph.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What each method touches, composed through calls: the accesses of its own body ({@link Access}, those of
 * objects it owns already left out by the extractor) and those of every method it can call (through the
 * {@link CallGraph}), each with the locks held (lock identities from {@link LockNodes}: the locks around the
 * access, those held at each call on the way, and for a method no outside code calls those every caller holds,
 * {@link EntryLocks}) and the call chain that leads to it. A call on an object the caller created and has not
 * let escape adds nothing: that object is owned.
 *
 * <p>Bounds: a summary keeps at most {@link #MAX_ACCESSES} accesses and call chains of at most
 * {@link #MAX_DEPTH} calls; a call back into a method whose summary is being built adds nothing (its accesses
 * are in the summary at the outer level). What is cut is an access not reported, never an invented one.
 */
public final class Accesses {

    static final int MAX_ACCESSES = 400;
    static final int MAX_DEPTH = 8;

    /** A call on the way from a body to an access. */
    public record Call(String path, Pos pos, String member, String callee) {
    }

    /**
     * An access as seen from a body: the location it touches ({@code owner#field}, and the field's declaration),
     * the lock identities held, and the calls that lead to it, outermost first. Millions of these live at once
     * in a large program, so one is small: what the access is (shared by every body that reaches it), the
     * locks, and the first call with a pointer to the callee's own located access, which holds the rest of the
     * chain.
     */
    public static final class Located {
        private final Origin origin;
        private final Set<String> locks;
        private final Call step;
        private final Located next;

        private Located(Origin origin, Set<String> locks, Call step, Located next) {
            this.origin = origin;
            this.locks = locks;
            this.step = step;
            this.next = next;
        }

        public Access access() {
            return origin.access();
        }

        /** The file the access is written in. */
        public FileFacts file() {
            return origin.file();
        }

        /** The member whose body makes the access. */
        public String member() {
            return origin.member();
        }

        /** The type that declares the field. */
        public String owner() {
            return origin.owner();
        }

        public FieldFacts field() {
            return origin.field();
        }

        public Set<String> locks() {
            return locks;
        }

        /** The calls that lead to the access, outermost first; empty for the body's own access. */
        public List<Call> chain() {
            List<Call> out = new ArrayList<>();
            for (Located l = this; l.step != null; l = l.next) {
                out.add(l.step);
            }
            return out;
        }

        private int chainSize() {
            int n = 0;
            for (Located l = this; l.step != null; l = l.next) {
                n++;
            }
            return n;
        }

        /** The memory location: the field, its elements, or the collection it holds. */
        public String location() {
            return owner() + "#" + field().name() + switch (access().target()) {
                case FIELD -> "";
                case ELEMENT -> "[]";
                case CONTAINER -> "{}";
            };
        }
    }

    /** An access in the body that makes it, with the field it touches. */
    private record Origin(Access access, FileFacts file, String member, String owner, FieldFacts field) {
    }

    /**
     * A body of code some thread role runs on its own: a public entry point, a task, a confined method.
     *
     * @param type    the type whose code it is (an anonymous class or lambda: the type it is written in)
     * @param handoff for a task, how it is handed to its thread, or null
     * @param path    the file the body is written in
     * @param own     the roles it has on its own ({@link ThreadRoles#ownRoles(Body)}), not through its callers
     */
    public record Root(String member, String type, int roles, List<Located> accesses, AccessFacts.Handoff handoff,
                       String path, int own) {
    }

    private final ProgramIndex index;
    private final CallGraph calls;
    private final LockSteps steps;
    private final LockNodes nodes;
    private final EntryLocks entry;
    private final ThreadRoles roles;
    private final RunsAtOnce runs;
    private final Map<String, Own> byKey = new HashMap<>();
    private final Map<Body, Own> byBody = new HashMap<>();
    private final List<Own> lambdasWithoutCalls = new ArrayList<>();
    private final Map<Access, Optional<Target>> targets = new IdentityHashMap<>();
    private final Map<List<LockRef>, Set<String>> lockKeys = new IdentityHashMap<>();

    /** The accesses a body makes itself, with its file. */
    private record Own(FileFacts file, AccessBody body) {
    }

    private record Target(String owner, FieldFacts field) {
    }

    private Accesses(ProgramIndex index) {
        this.index = index;
        this.calls = CallGraph.of(index);
        this.steps = LockSteps.of(index);
        this.nodes = LockNodes.of(index);
        this.entry = EntryLocks.of(index);
        this.roles = ThreadRoles.of(index);
        this.runs = RunsAtOnce.of(index);
        int base = 0;
        List<Body> bodies = calls.bodies();
        for (FileFacts f : index.files()) {
            for (AccessBody a : f.accesses().bodies()) {
                Own own = new Own(f, a);
                if (a.lockBody() >= 0) {
                    byBody.put(bodies.get(base + a.lockBody()), own);
                }
                if (a.declared() != null) {
                    byKey.putIfAbsent(LockBody.key(a.type(), a.method(), a.declared()), own);
                } else if (a.lockBody() < 0 && a.deferred()) {
                    lambdasWithoutCalls.add(own);
                }
            }
            base += f.lockBodies().size();
        }
    }

    /** The access summaries of the index's program, shared. */
    public static Accesses of(ProgramIndex index) {
        return index.derived(Accesses.class, Accesses::new);
    }

    /**
     * Every body that a thread role runs on its own, with its composed accesses, in program order: public
     * entry points, tasks (lambdas and {@code run()} methods), methods confined to one thread. Constructors and
     * initializers are not among them: what they touch of their own object, nobody else sees yet.
     */
    public List<Root> roots() {
        List<Root> out = new ArrayList<>();
        forEachRoot(out::add);
        return out;
    }

    /**
     * What one walk over the roots kept: the summaries it composed and their located accesses, and the most
     * summaries and located accesses it held at once.
     */
    public record Footprint(int summaries, long located, int peakSummaries, long peakLocated) {
    }

    /**
     * Hands each root of {@link #roots()} to {@code action}, in the same order and with the same accesses, while
     * holding only the summaries some later step still asks for: a first walk over the same calls, composing
     * nothing, counts how often each method's summary is asked for, and the second walk, which composes, drops
     * a summary as soon as its last request is served. A summary's content depends on the order in which the
     * walk meets the methods (a call back into a method being composed adds nothing), so the two walks make
     * the same requests in the same order and the summaries are those a walk keeping them all would give.
     * What {@code action} keeps of a root is its own affair.
     */
    public Footprint forEachRoot(Consumer<Root> action) {
        return forEachRoot(action, false);
    }

    /** {@link #forEachRoot}, or with {@code keepAll} a walk that keeps every summary to the end (to compare). */
    Footprint forEachRoot(Consumer<Root> action, boolean keepAll) {
        Walk counting = new Walk(null);
        counting.run(r -> { });
        if (keepAll) {
            counting.requests.values().forEach(n -> n[0] = Integer.MAX_VALUE);
        }
        Walk walk = new Walk(counting.requests);
        walk.run(action);
        return new Footprint(walk.composed, walk.composedLocated, walk.peakSummaries, walk.peakLocated);
    }

    /**
     * One walk over the roots. Counting ({@code expected == null}), it composes nothing and counts the
     * requests for each summary; composing, it keeps a summary until the last of its counted requests.
     */
    private final class Walk {
        final Map<String, int[]> requests = new HashMap<>();
        final Map<String, int[]> expected;
        final Map<String, List<Located>> summaries = new HashMap<>();
        final Set<String> building = new HashSet<>();
        int composed;
        long composedLocated;
        int peakSummaries;
        long located;
        long peakLocated;

        Walk(Map<String, int[]> expected) {
            this.expected = expected;
        }

        boolean counting() {
            return expected == null;
        }

        void run(Consumer<Root> action) {
            Set<String> seen = new HashSet<>();
            for (Body b : calls.bodies()) {
                int r = roles.roles(b);
                if (r == 0) {
                    continue;
                }
                Own lambda = byBody.get(b);
                if (b.key() == null || lambda != null && lambda.body().declared() == null) {
                    // A lambda run later: its accesses are its own, whether or not calls also reach it.
                    if (b.key() != null) {
                        seen.add(b.key());
                    }
                    action.accept(new Root(b.member(), b.body().scopeType(), r, compose(b, lambda),
                            lambda == null ? null : lambda.body().handoff(), b.file().path(), roles.ownRoles(b)));
                } else if (seen.add(b.key()) && entryPoint(b.key())) {
                    Own own = byKey.get(b.key());
                    action.accept(new Root(b.member(), b.body().scopeType(), r, summary(b.key()),
                            own == null ? null : own.body().handoff(), b.file().path(), roles.ownRoles(b)));
                }
            }
            for (FileFacts f : index.files()) {
                for (AccessBody a : f.accesses().bodies()) {
                    if (a.declared() == null) {
                        continue;
                    }
                    String key = LockBody.key(a.type(), a.method(), a.declared());
                    if (calls.body(key) == null && seen.add(key) && roles.roles(key) != 0 && entryPoint(key)) {
                        action.accept(new Root(a.member(), a.scopeType(), roles.roles(key), summary(key), a.handoff(),
                                f.path(), roles.ownRoles(key)));
                    }
                }
            }
            for (Own own : lambdasWithoutCalls) {
                action.accept(new Root(own.body().member(), own.body().scopeType(), ThreadRoles.taskRoles(own.body()),
                        compose(null, own), own.body().handoff(), own.file().path(),
                        ThreadRoles.taskRoles(own.body())));
            }
        }

        /** The composed accesses of the method with this key, locks relative to its entry. */
        List<Located> summary(String key) {
            if (counting()) {
                int[] n = requests.get(key);
                if (n != null) {
                    n[0]++;
                    return List.of();
                }
            } else {
                List<Located> known = summaries.get(key);
                if (known != null) {
                    served(key, known);
                    return known;
                }
            }
            if (!building.add(key)) {
                return List.of();
            }
            List<Located> out = compose(calls.body(key), byKey.get(key));
            building.remove(key);
            if (counting()) {
                requests.put(key, new int[] {1});
            } else {
                composed++;
                composedLocated += out.size();
                summaries.put(key, out);
                located += out.size();
                peakSummaries = Math.max(peakSummaries, summaries.size());
                peakLocated = Math.max(peakLocated, located);
                served(key, out);
            }
            return out;
        }

        /** One counted request served: the last one drops the summary. */
        private void served(String key, List<Located> summary) {
            if (--expected.get(key)[0] == 0) {
                summaries.remove(key);
                located -= summary.size();
            }
        }

        List<Located> compose(Body b, Own own) {
            return Accesses.this.compose(b, own, this);
        }
    }

    /** Whether a method is run by a role directly, not only through its callers. */
    private boolean entryPoint(String key) {
        return roles.runsOnItsOwn(key) || !calledInProgram(key);
    }

    private final Map<String, Boolean> called = new HashMap<>();

    private boolean calledInProgram(String key) {
        return called.computeIfAbsent(key, k -> {
            String name = k.substring(k.indexOf('#') + 1, k.lastIndexOf('@'));
            for (CallGraph.CallSite s : calls.callsNamed(name)) {
                if (calls.targetKeys(s.body(), s.op()).contains(k)) {
                    return true;
                }
            }
            return false;
        });
    }

    private List<Located> compose(Body b, Own own, Walk walk) {
        List<Located> out = new ArrayList<>();
        Set<String> entryLocks = b == null || walk.counting() ? Set.of() : entry.keys(b);
        Set<Object> seen = new HashSet<>();
        // Counting, the walk makes the same requests and composes nothing: every summary it returns is empty.
        if (own != null && !walk.counting()) {
            for (Access a : own.body().accesses()) {
                Optional<Target> t = target(own.file(), own.body().scopeType(), a);
                if (t.isEmpty()) {
                    continue;
                }
                Set<String> locks = union(union(locks(a.held(), own.file(), own.body().scopeType()), entryLocks),
                        runLocks(own.file(), a.pos()));
                Located l = new Located(new Origin(a, own.file(), own.body().member(), t.get().owner(), t.get().field()),
                        locks, null, null);
                if (seen.add(List.of(a, locks))) {
                    out.add(l);
                }
            }
        }
        if (b == null) {
            return List.copyOf(out);
        }
        Set<Pos> owned = own == null ? Set.of() : new HashSet<>(own.body().ownedCalls());
        for (LockOp op : b.body().ops()) {
            if (op.kind() != LockOp.Kind.CALL || ownedAt(owned, op)) {
                continue;
            }
            Set<String> held = null;
            Set<Integer> ownedArgs = ownedArguments(own, op);
            for (String target : calls.targetKeys(b, op)) {
                if (target.equals(b.key())) {
                    continue;
                }
                List<Located> callee = walk.summary(target);
                if (callee.isEmpty()) {
                    continue;
                }
                if (held == null) {
                    held = union(locks(op.held(), b.file(), b.body().scopeType()), entryLocks);
                }
                Call step = new Call(b.file().path(), op.pos(), b.member(), op.call().name());
                for (Located x : callee) {
                    if (out.size() >= MAX_ACCESSES) {
                        break;
                    }
                    if (x.chainSize() + 1 > MAX_DEPTH) {
                        continue;
                    }
                    if (x.step == null && x.access().parameter() >= 0 && ownedArgs.contains(x.access().parameter())) {
                        continue; // the callee's access of an object this caller made and passes in: owned
                    }
                    Set<String> locks = union(x.locks(), held);
                    if (!seen.add(List.of(x.access(), locks))) {
                        continue;
                    }
                    out.add(new Located(x.origin, locks, step, x));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The numbers of the arguments the body owns at a call. */
    private static Set<Integer> ownedArguments(Own own, LockOp op) {
        if (own == null || own.body().ownedArguments().isEmpty()) {
            return Set.of();
        }
        Set<Integer> out = new HashSet<>();
        for (AccessFacts.OwnedArgument a : own.body().ownedArguments()) {
            if (a.call().line() == op.line() && a.call().column() == op.column()) {
                out.add(a.index());
            }
        }
        return out;
    }

    private static boolean ownedAt(Set<Pos> owned, LockOp op) {
        for (Pos p : owned) {
            if (p.line() == op.line() && p.column() == op.column()) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }

    /** The identities of the locks held: the node key, or the lock as written when it has no node. */
    /** The locks a project method holds where it runs the lambdas around {@code at} ({@link RunsAtOnce}). */
    private Set<String> runLocks(FileFacts file, Pos at) {
        List<RunsAtOnce.Held> held = runs.at(file, at);
        if (held.isEmpty()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (RunsAtOnce.Held h : held) {
            Node n = nodes.node(h.ref(), h.file(), h.scopeType());
            out.add((n != null ? n.key() : "~" + nodes.name(h.ref(), h.file(), h.scopeType()).replace(" (read)", "")).intern());
        }
        return out;
    }

    private Set<String> locks(List<LockRef> held, FileFacts file, String scopeType) {
        if (held.isEmpty()) {
            return Set.of();
        }
        Set<String> known = lockKeys.get(held);
        if (known == null) {
            Set<String> out = new LinkedHashSet<>();
            for (LockRef r : steps.locks(held, file, scopeType)) {
                Node n = nodes.node(r, file, scopeType);
                // One copy of each identity: there is a held list per access, millions in a large program.
                out.add((n != null ? n.key() : "~" + nodes.name(r, file, scopeType).replace(" (read)", "")).intern());
            }
            known = Set.copyOf(out);
            lockKeys.put(held, known);
        }
        return known;
    }

    /** The declared field an access touches, when its owner is a source type. */
    private Optional<Target> target(FileFacts file, String scopeType, Access a) {
        Optional<Target> known = targets.get(a);
        if (known != null) {
            return known;
        }
        String owner = a.owner();
        if (owner == null && a.on() != null) {
            Optional<JavaType> t = index.typeOf(a.on(), file, scopeType);
            owner = t.flatMap(x -> index.fieldDeclarer(x, a.field())).map(JavaType::name).orElse(null);
        }
        Optional<Target> out = Optional.empty();
        if (owner != null) {
            Optional<SourceType> s = index.sourceType(owner);
            if (s.isPresent()) {
                for (FieldFacts f : s.get().facts().fields()) {
                    if (f.name().equals(a.field())) {
                        out = Optional.of(new Target(owner, f));
                        break;
                    }
                }
            }
        }
        targets.put(a, out);
        return out;
    }
}
