package dev.threadguard.rules.lifecycle;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.InterruptCatch;
import dev.threadguard.facts.MethodFacts;
import dev.threadguard.facts.Pos;
import dev.threadguard.facts.PooledTask;
import dev.threadguard.facts.ThreadTask;
import dev.threadguard.facts.TypeFacts;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.SourceType;
import dev.threadguard.index.ProgramIndex.Tri;
import dev.threadguard.model.Body;
import dev.threadguard.model.CallGraph;

import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whose thread runs a piece of code, when the program alone decides it: code that runs only on a thread
 * the program made for it, or only on the process's main thread. Such a thread is interrupted by nobody
 * but the program, which stops it by its own means; the interrupt status lost there is nobody else's.
 *
 * <p>The roots: the {@code run()} of a class whose instances the program hands to threads of their own
 * ({@code new Thread(this)}, {@code factory.newThread(worker)}, a subclass of {@code Thread}; with its
 * subclasses), never to an executor; a lambda or anonymous class written as such a thread's task; a periodic
 * task ({@code scheduleAtFixedRate}, {@code scheduleWithFixedDelay}) of a private scheduler field that the
 * file never hands out ({@link dev.threadguard.facts.LifecycleFacts#returnedFields}) and never stops by an
 * interrupt (no {@code shutdownNow()} of it, no {@code cancel(true)} in the file); and
 * {@code static main(String[])}. A method is owned when it is a root, or when it cannot be called from
 * outside the sources (not public or protected in a type reachable from outside) and every call of it that
 * the call graph knows is made by owned code, at most {@link #MAX_DEPTH} calls up. A method with no known
 * caller, a lambda that is no root, or a method named by a method reference (its calls are not seen) is
 * nobody's.
 */
final class InterruptOwners {

    /** How many callers up a chain is followed. */
    static final int MAX_DEPTH = 6;
    /** How many bodies one question visits at most before it gives up (nobody's). */
    static final int MAX_VISITS = 200;

    /** Who owns the thread. */
    enum Owner {
        /** A thread the program made for this code, or a private periodic scheduler: the program stops it by its own means. */
        THREAD,
        /** The process's main thread, of a command-line tool: nobody interrupts it. */
        MAIN
    }

    private final ProgramIndex index;
    private final CallGraph graph;
    private Set<String> dedicated;
    private Map<FileFacts, Set<Pos>> rootUnits;
    private Set<String> referenced;
    private Map<FileFacts, Map<Pos, Body>> bodiesByPlace;
    private final Map<Body, Optional<Owner>> known = new HashMap<>();
    private int visits;

    InterruptOwners(ProgramIndex index) {
        this.index = index;
        this.graph = CallGraph.of(index);
    }

    /** Who owns the thread that runs a catch's code, if the program alone decides it. */
    Optional<Owner> owner(FileFacts file, InterruptCatch c) {
        if (c.unit() == null) {
            return Optional.empty();
        }
        if (bodiesByPlace == null) {
            prepare();
        }
        Body body = bodiesByPlace.getOrDefault(file, Map.of()).get(c.unit());
        if (body == null || !body.body().method().equals(c.unitName())) {
            return Optional.empty();
        }
        visits = 0;
        return owner(body, 0, new HashSet<>());
    }

    private Optional<Owner> owner(Body body, int depth, Set<Body> visiting) {
        Optional<Owner> cached = known.get(body);
        if (cached != null) {
            return cached;
        }
        Optional<Owner> root = root(body);
        if (root.isPresent()) {
            known.put(body, root);
            return root;
        }
        if (depth >= MAX_DEPTH || ++visits > MAX_VISITS || body.key() == null || body.body().method().equals("lambda")
                || openToOutside(body) || referenced.contains(body.body().method())) {
            return Optional.empty(); // not cached: a shallower look may follow it further
        }
        visiting.add(body);
        Owner result = null;
        boolean called = false;
        for (CallGraph.CallSite site : graph.callsNamed(body.body().method())) {
            if (!graph.targetKeys(site.body(), site.op()).contains(body.key())) {
                continue;
            }
            if (visiting.contains(site.body())) {
                continue; // recursion adds no other way in
            }
            called = true;
            Optional<Owner> caller = owner(site.body(), depth + 1, visiting);
            if (caller.isEmpty()) {
                visiting.remove(body);
                return Optional.empty();
            }
            result = result == Owner.MAIN || caller.get() == Owner.MAIN ? Owner.MAIN : Owner.THREAD;
        }
        visiting.remove(body);
        Optional<Owner> found = called ? Optional.of(result) : Optional.empty();
        if (depth == 0) {
            known.put(body, found);
        }
        return found;
    }

    private Optional<Owner> root(Body body) {
        String method = body.body().method();
        if (body.body().declared() != null
                && rootUnits.getOrDefault(body.file(), Set.of()).contains(body.body().declared())) {
            return Optional.of(Owner.THREAD);
        }
        if (method.equals("run") && dedicated.contains(body.body().type())) {
            MethodFacts m = facts(body);
            if (m != null && m.parameterTypes().isEmpty()) {
                return Optional.of(Owner.THREAD);
            }
        }
        if (method.equals("main")) {
            MethodFacts m = facts(body);
            if (m != null && Modifier.isStatic(m.modifiers()) && m.parameterTypes().size() == 1) {
                return Optional.of(Owner.MAIN);
            }
        }
        return Optional.empty();
    }

    private MethodFacts facts(Body body) {
        Optional<SourceType> type = index.sourceType(body.body().type());
        if (type.isEmpty() || body.body().declared() == null) {
            return null;
        }
        for (MethodFacts m : type.get().facts().methods()) {
            if (m.name().equals(body.body().method()) && m.pos().equals(body.body().declared())) {
                return m;
            }
        }
        return null;
    }

    /** Whether code outside the sources can call the method: public or protected, in a type it can reach. */
    private boolean openToOutside(Body body) {
        MethodFacts m = facts(body);
        if (m == null) {
            return true;
        }
        TypeFacts t = index.sourceType(body.body().type()).get().facts();
        boolean member = (m.modifiers() & (Modifier.PUBLIC | Modifier.PROTECTED)) != 0
                || t.kind() == TypeFacts.Kind.INTERFACE && (m.modifiers() & Modifier.PRIVATE) == 0;
        return member && reachableFromOutside(t, 0);
    }

    private boolean reachableFromOutside(TypeFacts t, int depth) {
        if (t.kind() == TypeFacts.Kind.ANONYMOUS) {
            return false;
        }
        if (t.outerName() == null) {
            return Modifier.isPublic(t.modifiers());
        }
        Optional<SourceType> outer = index.sourceType(t.outerName());
        if (outer.isEmpty() || depth > 16) {
            return true;
        }
        TypeFacts o = outer.get().facts();
        boolean member = (t.modifiers() & (Modifier.PUBLIC | Modifier.PROTECTED)) != 0
                || o.kind() == TypeFacts.Kind.INTERFACE || o.kind() == TypeFacts.Kind.ANNOTATION;
        return member && reachableFromOutside(o, depth + 1);
    }

    private void prepare() {
        bodiesByPlace = new IdentityHashMap<>();
        for (Body b : graph.bodies()) {
            if (b.body().declared() != null) {
                bodiesByPlace.computeIfAbsent(b.file(), f -> new HashMap<>()).putIfAbsent(b.body().declared(), b);
            }
        }
        Set<String> handed = new HashSet<>();
        Set<String> pooled = new HashSet<>();
        rootUnits = new IdentityHashMap<>();
        referenced = new HashSet<>();
        for (FileFacts f : index.files()) {
            for (ThreadTask task : f.lifecycle().threadTasks()) {
                if (task.unit() != null) {
                    rootUnits.computeIfAbsent(f, x -> new HashSet<>()).add(task.unit());
                } else {
                    typeName(task.value(), f, task.site().scopeType()).ifPresent(handed::add);
                }
            }
            for (PooledTask task : f.lifecycle().pooledTasks()) {
                if (task.kind() == PooledTask.Kind.INSTANCE) {
                    typeName(task.target(), f, task.site().scopeType()).ifPresent(pooled::add);
                }
            }
            referenced.addAll(f.lifecycle().methodReferences());
            for (TypeFacts t : f.types()) {
                Optional<SourceType> s = index.sourceType(t.qualifiedName());
                if (s.isPresent() && s.get().file() == f && index.isSubtype(s.get(), "java.lang.Thread") == Tri.YES) {
                    handed.add(t.qualifiedName());
                }
            }
        }
        dedicated = new HashSet<>();
        for (String type : handed) {
            if (!pooled.contains(type)) {
                dedicated.add(type);
            }
            for (SourceType sub : graph.subtypes(type)) {
                if (!pooled.contains(sub.name())) {
                    dedicated.add(sub.name());
                }
            }
        }
    }

    private Optional<String> typeName(dev.threadguard.facts.ValueRef value, FileFacts file, String scopeType) {
        return value == null ? Optional.empty()
                : index.typeOf(value, file, scopeType).filter(t -> t instanceof SourceType).map(JavaType::name);
    }
}
