package dev.threadguard.model;

import dev.threadguard.facts.Access;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
     * the lock identities held, and the calls that lead to it, outermost first.
     */
    public record Located(Access access, FileFacts file, String member, String owner, FieldFacts field,
                          Set<String> locks, List<Call> chain) {

        /** The memory location: the field, its elements, or the collection it holds. */
        public String location() {
            return owner + "#" + field.name() + switch (access.target()) {
                case FIELD -> "";
                case ELEMENT -> "[]";
                case CONTAINER -> "{}";
            };
        }
    }

    /**
     * A body of code some thread role runs on its own: a public entry point, a task, a confined method.
     *
     * @param type the type whose code it is (an anonymous class or lambda: the type it is written in)
     */
    public record Root(String member, String type, int roles, List<Located> accesses) {
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
    private final Map<String, List<Located>> summaries = new HashMap<>();
    private final Set<String> building = new HashSet<>();
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
                out.add(new Root(b.member(), b.body().scopeType(), r, compose(b, lambda, 0)));
            } else if (seen.add(b.key()) && entryPoint(b.key())) {
                out.add(new Root(b.member(), b.body().scopeType(), r, summary(b.key())));
            }
        }
        for (FileFacts f : index.files()) {
            for (AccessBody a : f.accesses().bodies()) {
                if (a.declared() == null) {
                    continue;
                }
                String key = LockBody.key(a.type(), a.method(), a.declared());
                if (calls.body(key) == null && seen.add(key) && roles.roles(key) != 0 && entryPoint(key)) {
                    out.add(new Root(a.member(), a.scopeType(), roles.roles(key), summary(key)));
                }
            }
        }
        for (Own own : lambdasWithoutCalls) {
            out.add(new Root(own.body().member(), own.body().scopeType(), ThreadRoles.taskRoles(own.body()),
                    compose(null, own, 0)));
        }
        return out;
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

    /** The composed accesses of the method with this key, locks relative to its entry. */
    public List<Located> summary(String key) {
        List<Located> known = summaries.get(key);
        if (known != null) {
            return known;
        }
        if (!building.add(key)) {
            return List.of();
        }
        Body b = calls.body(key);
        List<Located> out = compose(b, byKey.get(key), 0);
        building.remove(key);
        summaries.put(key, out);
        return out;
    }

    private List<Located> compose(Body b, Own own, int depth) {
        List<Located> out = new ArrayList<>();
        Set<String> entryLocks = b == null ? Set.of() : entry.keys(b);
        Set<Object> seen = new HashSet<>();
        if (own != null) {
            for (Access a : own.body().accesses()) {
                Optional<Target> t = target(own.file(), own.body().scopeType(), a);
                if (t.isEmpty()) {
                    continue;
                }
                Set<String> locks = union(union(locks(a.held(), own.file(), own.body().scopeType()), entryLocks),
                        runLocks(own.file(), a.pos()));
                Located l = new Located(a, own.file(), own.body().member(), t.get().owner(), t.get().field(), locks, List.of());
                if (seen.add(List.of(a, locks))) {
                    out.add(l);
                }
            }
        }
        if (b == null || depth >= MAX_DEPTH) {
            return out.isEmpty() ? List.of() : Collections.unmodifiableList(out);
        }
        Set<Pos> owned = own == null ? Set.of() : new HashSet<>(own.body().ownedCalls());
        for (LockOp op : b.body().ops()) {
            if (op.kind() != LockOp.Kind.CALL || ownedAt(owned, op)) {
                continue;
            }
            Set<String> held = null;
            for (String target : calls.targetKeys(b, op)) {
                if (target.equals(b.key())) {
                    continue;
                }
                List<Located> callee = summary(target);
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
                    if (x.chain().size() + 1 > MAX_DEPTH) {
                        continue;
                    }
                    Set<String> locks = union(x.locks(), held);
                    if (!seen.add(List.of(x.access(), locks))) {
                        continue;
                    }
                    out.add(new Located(x.access(), x.file(), x.member(), x.owner(), x.field(), locks,
                            new Chain(step, x.chain())));
                }
            }
        }
        return out.isEmpty() ? List.of() : Collections.unmodifiableList(out);
    }

    /**
     * A call chain one call longer than the callee's, sharing the callee's list instead of copying it: the
     * summaries of a large program hold millions of chains, most of them one step on from another.
     */
    private static final class Chain extends java.util.AbstractList<Call> implements java.util.RandomAccess {
        private final Call head;
        private final List<Call> tail;
        private final int size;

        Chain(Call head, List<Call> tail) {
            this.head = head;
            this.tail = tail;
            this.size = tail.size() + 1;
        }

        @Override
        public Call get(int index) {
            if (index == 0) {
                return head;
            }
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException(index);
            }
            return tail.get(index - 1);
        }

        @Override
        public int size() {
            return size;
        }
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
