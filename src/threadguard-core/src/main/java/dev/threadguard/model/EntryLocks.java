package dev.threadguard.model;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.GuardUseFacts;
import dev.threadguard.facts.LockBody;
import dev.threadguard.facts.LockRef;
import dev.threadguard.facts.MethodFacts;
import dev.threadguard.facts.Pos;
import dev.threadguard.facts.TypeFacts;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.SourceType;
import dev.threadguard.model.CallGraph.CallSite;
import dev.threadguard.model.LockGraph.Node;

import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The locks held on entry to a method: the intersection, over every call the program makes to it (through
 * the call graph, from any class), of the locks held at the call and on entry to the caller, computed to a
 * greatest fixpoint so that chains of helpers and recursion work. The one computation the guard and the
 * lock-order families share.
 *
 * <p>Only for methods that code outside the analysed program cannot call: those that are not public (
 * {@code protected} included: a subclass outside the program calling a concurrency helper unguarded is a
 * miss accepted rather than report every helper that only synchronized methods call), or public on a type
 * that is not public, unless they override a method of a library type or of a method that is itself
 * callable from outside. Calls made on {@code this} while the object is being built (constructors,
 * initializers, {@code readObject}) do not count: nobody else can see the object then.
 *
 * <p>A method annotated {@code @VisibleForTesting} (any package) is public only for tests: its callers in the
 * program count, as for a package-private one. A method that asserts at the top level of its body that a lock
 * is held ({@code assert Thread.holdsLock(lock)}, {@code if (!lock.isHeldByCurrentThread()) throw ...}) holds
 * it on entry, whoever calls it: the assertion is its contract, checked at run time.
 *
 * <p>Bound: when more than {@link #MAX_METHODS} methods stand between a method and the code that may call it
 * from outside, its entry locks are taken to be none.
 */
public final class EntryLocks {

    /** The most methods whose entry locks are solved together. */
    static final int MAX_METHODS = 2_000;

    /** A lock held on entry: its node key (null when the lock has no node) and its name for every family. */
    public record Held(String key, String name) {
    }

    private final ProgramIndex index;
    private final CallGraph calls;
    private final LockNodes nodes;
    private final Map<String, Set<Held>> entry = new HashMap<>();
    private final Map<String, List<CallSite>> callers = new HashMap<>();
    private final Map<String, Boolean> candidates = new HashMap<>();
    private final Map<List<LockRef>, Set<Held>> heldAt = new IdentityHashMap<>();
    private final Map<Body, Set<String>> keys = new HashMap<>();
    /** Per method key, what the method says about its callers: public only for tests, locks asserted held. */
    private final Map<String, GuardUseFacts.MethodNote> notes = new HashMap<>();
    private final Map<String, FileFacts> noteFiles = new HashMap<>();
    private final Map<String, Set<Held>> asserted = new HashMap<>();

    private EntryLocks(ProgramIndex index) {
        this.index = index;
        this.calls = CallGraph.of(index);
        this.nodes = LockNodes.of(index);
        for (FileFacts f : index.files()) {
            if (f.guardUses() == null) {
                continue;
            }
            for (GuardUseFacts.MethodNote n : f.guardUses().methods()) {
                String key = LockBody.key(n.type(), n.method(), n.pos());
                notes.put(key, n);
                noteFiles.put(key, f);
            }
        }
    }

    /** The locks the method with this key asserts are held when it runs. */
    private Set<Held> asserted(String key) {
        GuardUseFacts.MethodNote n = notes.get(key);
        if (n == null || n.assertsHeld().isEmpty()) {
            return Set.of();
        }
        return asserted.computeIfAbsent(key, k -> {
            Set<Held> out = new LinkedHashSet<>();
            FileFacts file = noteFiles.get(k);
            for (LockRef r : n.assertsHeld()) {
                Node node = nodes.node(r, file, n.type());
                out.add(new Held(node == null ? null : node.key(), nodes.name(r, file, n.type())));
            }
            return Collections.unmodifiableSet(out);
        });
    }

    /** The entry locks of the index's program, shared. */
    public static EntryLocks of(ProgramIndex index) {
        return index.derived(EntryLocks.class, EntryLocks::new);
    }

    /** The node keys of the locks every caller holds when it enters a body; empty for bodies no call reaches. */
    public Set<String> keys(Body b) {
        Set<String> cached = keys.get(b);
        if (cached == null) {
            Set<String> out = new HashSet<>();
            if (b.key() != null) {
                for (Held h : of(b.key())) {
                    if (h.key() != null) {
                        out.add(h.key());
                    }
                }
            }
            cached = out.isEmpty() ? Set.of() : Set.copyOf(out);
            keys.put(b, cached);
        }
        return cached;
    }

    /** The names of the locks held on entry to the method {@code method} of {@code type} whose declaration contains {@code at}. */
    public Set<String> names(String type, String method, Pos at) {
        Optional<SourceType> t = index.sourceType(type);
        if (t.isEmpty()) {
            return Set.of();
        }
        for (MethodFacts m : t.get().facts().methods()) {
            if (m.name().equals(method) && m.pos().contains(at)) {
                Set<String> out = new LinkedHashSet<>();
                for (Held h : of(LockBody.key(type, method, m.pos()))) {
                    out.add(h.name());
                }
                return out;
            }
        }
        return Set.of();
    }

    /** The locks held on entry to the method with this {@link LockBody#key}. */
    public Set<Held> of(String key) {
        Set<Held> known = entry.get(key);
        if (known != null) {
            return known;
        }
        if (!candidate(key)) {
            entry.put(key, asserted(key));
            return entry.get(key);
        }
        // The methods whose entry locks this one depends on: its callers that are candidates too, and theirs.
        List<String> closure = new ArrayList<>();
        Set<String> in = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(key));
        while (!pending.isEmpty()) {
            String k = pending.poll();
            if (entry.containsKey(k) || !in.add(k)) {
                continue;
            }
            closure.add(k);
            if (closure.size() > MAX_METHODS) {
                entry.put(key, asserted(key));
                return entry.get(key);
            }
            for (CallSite s : callersOf(k)) {
                String ck = s.body().key();
                if (ck != null && !entry.containsKey(ck) && candidate(ck)) {
                    pending.add(ck);
                }
            }
        }
        // Greatest fixpoint: start from "every lock" (absent) and narrow until nothing changes. A method that
        // nothing in the program calls (reflection, a method reference handed elsewhere, dead code) holds
        // nothing on entry; so does one left at "every lock" because it is only called from such a cycle.
        Map<String, Set<Held>> current = new HashMap<>();
        for (String k : closure) {
            if (callersOf(k).stream().allMatch(EntryLocks::construction)) {
                current.put(k, Set.of());
            }
        }
        while (true) {
            boolean changed = true;
            while (changed) {
                changed = false;
                for (String k : closure) {
                    Set<Held> meet = meet(k, in, current);
                    if (meet != null && !meet.equals(current.get(k))) {
                        current.put(k, meet);
                        changed = true;
                    }
                }
            }
            boolean open = false;
            for (String k : closure) {
                if (!current.containsKey(k)) {
                    current.put(k, Set.of());
                    open = true;
                }
            }
            if (!open) {
                break;
            }
        }
        for (String k : closure) {
            Set<Held> v = current.get(k);
            Set<Held> own = asserted(k);
            if (!own.isEmpty()) {
                v = new LinkedHashSet<>(v == null ? Set.of() : v);
                v.addAll(own);
            }
            entry.put(k, v == null || v.isEmpty() ? Set.of() : Collections.unmodifiableSet(v));
        }
        return entry.get(key);
    }

    /**
     * The locks every counted call to {@code k} holds, those of its caller's entry included; null while no
     * caller constrains it yet (all are still at "every lock").
     */
    private Set<Held> meet(String k, Set<String> in, Map<String, Set<Held>> current) {
        Set<Held> meet = null;
        for (CallSite s : callersOf(k)) {
            if (construction(s)) {
                continue;
            }
            String ck = s.body().key();
            Set<Held> callerEntry;
            if (ck != null && in.contains(ck)) {
                callerEntry = current.get(ck);
                if (callerEntry == null) {
                    continue; // the caller is not narrowed yet: it does not constrain this round
                }
            } else {
                callerEntry = ck == null ? Set.of() : entry.getOrDefault(ck, Set.of());
            }
            Set<Held> here = new LinkedHashSet<>(heldAt(s));
            here.addAll(callerEntry);
            if (ck != null) {
                here.addAll(asserted(ck));
            }
            if (meet == null) {
                meet = here;
            } else {
                meet.retainAll(here);
            }
        }
        return meet;
    }

    /** Whether a call is made on the object being built, from its constructor, an initializer or {@code readObject}. */
    private static boolean construction(CallSite s) {
        String method = s.body().body().method();
        boolean building = method.startsWith("<") || method.equals("readObject") || method.equals("readObjectNoData");
        ValueRef target = s.op().call().target();
        return building && (target == null || target instanceof ValueRef.This t && t.qualifier() == null);
    }

    private Set<Held> heldAt(CallSite s) {
        List<LockRef> held = s.op().held();
        Set<Held> cached = heldAt.get(held);
        if (cached == null) {
            cached = new LinkedHashSet<>();
            for (LockRef r : held) {
                Node n = nodes.node(r, s.body().file(), s.body().body().scopeType());
                cached.add(new Held(n == null ? null : n.key(), nodes.name(r, s.body().file(), s.body().body().scopeType())));
            }
            heldAt.put(held, cached);
        }
        return cached;
    }

    /** The call steps of the program that can reach the method with this key. */
    private List<CallSite> callersOf(String key) {
        List<CallSite> cached = callers.get(key);
        if (cached != null) {
            return cached;
        }
        String type = key.substring(0, key.indexOf('#'));
        String name = key.substring(key.indexOf('#') + 1, key.lastIndexOf('@'));
        MethodFacts method = method(key);
        SourceType declaring = index.sourceType(type).orElse(null);
        List<CallSite> out = new ArrayList<>();
        for (CallSite s : calls.callsNamed(name)) {
            // Only code that can see the method calls it: a private one from its own file, one of package
            // access from its own package. The call graph is asked only about those calls.
            if (method == null || !method.accepts(s.op().call().arguments())
                    || Modifier.isPrivate(method.modifiers()) && s.body().file() != declaring.file()
                    || packageAccess(method) && !s.body().file().packageName().equals(declaring.file().packageName())) {
                continue;
            }
            if (calls.targetKeys(s.body(), s.op()).contains(key)) {
                out.add(s);
            }
        }
        callers.put(key, out);
        return out;
    }

    private static boolean packageAccess(MethodFacts m) {
        return (m.modifiers() & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.PRIVATE)) == 0;
    }

    /** The declaration of the method with this key, if it is in the sources. */
    private MethodFacts method(String key) {
        Optional<SourceType> t = index.sourceType(key.substring(0, key.indexOf('#')));
        if (t.isPresent()) {
            for (MethodFacts m : t.get().facts().methods()) {
                if (!m.isConstructor() && LockBody.key(t.get().name(), m.name(), m.pos()).equals(key)) {
                    return m;
                }
            }
        }
        return null;
    }

    /**
     * Whether code outside the analysed program can call the method with this key: it is declared in the
     * sources and is public on a public type, or overrides a library method or one such code can call.
     */
    public boolean calledFromOutside(String key) {
        return method(key) != null && !candidate(key);
    }

    /** Whether a method is declared in the sources and code outside the program cannot call it. */
    private boolean candidate(String key) {
        Boolean known = candidates.get(key);
        if (known == null) {
            MethodFacts m = method(key);
            GuardUseFacts.MethodNote note = notes.get(key);
            known = m != null && (note != null && note.visibleForTesting()
                    || !exported(index.sourceType(key.substring(0, key.indexOf('#'))).orElseThrow(), m, 0));
            candidates.put(key, known);
        }
        return known;
    }

    private boolean exported(SourceType t, MethodFacts m, int depth) {
        if (Modifier.isPrivate(m.modifiers()) || Modifier.isStatic(m.modifiers())) {
            return Modifier.isPublic(m.modifiers()) && exported(t);
        }
        if (Modifier.isPublic(m.modifiers()) && exported(t) || depth > 8) {
            return true;
        }
        // An override of a library method, or of one outside code can call, is called by that code.
        Set<String> seen = new HashSet<>();
        Deque<JavaType> pending = new ArrayDeque<>(index.supertypes(t));
        while (!pending.isEmpty()) {
            JavaType s = pending.poll();
            if (!seen.add(s.name()) || seen.size() > 64) {
                continue;
            }
            if (s instanceof SourceType st) {
                for (MethodFacts o : st.facts().methods()) {
                    if (o.name().equals(m.name()) && o.parameterTypes().size() == m.parameterTypes().size()
                            && !Modifier.isPrivate(o.modifiers()) && !o.isConstructor() && exported(st, o, depth + 1)) {
                        return true;
                    }
                }
            } else if (!index.methods(s, m.name(), m.parameterTypes().size()).isEmpty()) {
                return true;
            }
            pending.addAll(index.supertypes(s));
        }
        return false;
    }

    /** Whether code outside the program can name the type: public, and so are the types around it. */
    private boolean exported(SourceType t) {
        TypeFacts f = t.facts();
        if (f.kind() == TypeFacts.Kind.ANONYMOUS) {
            return false;
        }
        if (f.outerName() == null) {
            return Modifier.isPublic(f.modifiers());
        }
        Optional<SourceType> outer = index.sourceType(f.outerName());
        if (outer.isEmpty()) {
            return Modifier.isPublic(f.modifiers());
        }
        boolean inInterface = outer.get().facts().kind() == TypeFacts.Kind.INTERFACE
                || outer.get().facts().kind() == TypeFacts.Kind.ANNOTATION;
        return (inInterface || Modifier.isPublic(f.modifiers())) && exported(outer.get());
    }
}
