package dev.threadguard.rules.lifecycle;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.InterruptCatch;
import dev.threadguard.facts.MethodFacts;
import dev.threadguard.facts.Pos;
import dev.threadguard.facts.PooledTask;
import dev.threadguard.facts.ThreadMethodRef;
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
import java.util.List;
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
 * subclasses), never to an executor; a lambda or anonymous class written as such a thread's task; the method a
 * method reference given as such a thread's task names ({@code new Thread(this::loop)}); a periodic
 * task ({@code scheduleAtFixedRate}, {@code scheduleWithFixedDelay}) of a private scheduler field that the
 * file never hands out ({@link dev.threadguard.facts.LifecycleFacts#returnedFields}) and never stops by an
 * interrupt (no {@code shutdownNow()} of it, no {@code cancel(true)} in the file); and
 * {@code static main(String[])}. A method is owned when it is a root, or when the sources call it, and every
 * call of it that the call graph knows is made by owned code, at most {@link #MAX_DEPTH} calls up. The
 * sources are taken as the whole program, as a reader of a finding does: a public method that only a
 * dedicated thread calls is that thread's code. A method with no known caller, a lambda that is no root, a
 * method named by a method reference that is no root (its calls are not made by name), or one that library code may call
 * (it overrides a method of a supertype of the class path, or its class's supertypes do not all resolve) is
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
    /** {@code type#method} of the methods named by method references handed to dedicated threads, with the receiver's supertypes. */
    private Set<String> threadMethods;
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
                || referenced.contains(body.body().method()) || calledByLibrary(body)) {
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
        if (threadMethods.contains(body.body().type() + "#" + method)) {
            MethodFacts m = facts(body);
            if (m != null && m.parameterTypes().isEmpty()) {
                return Optional.of(Owner.THREAD); // new Thread(this::loop): loop() is the thread's own code
            }
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

    /**
     * Whether library code may call the method too: an instance method that overrides one of a supertype of
     * the class path ({@code close()} of a {@code Closeable}, a listener's callback), or of a class whose
     * supertypes do not all resolve.
     */
    private boolean calledByLibrary(Body body) {
        MethodFacts m = facts(body);
        if (m == null) {
            return true;
        }
        if (Modifier.isPrivate(m.modifiers()) || Modifier.isStatic(m.modifiers())) {
            return false;
        }
        SourceType type = index.sourceType(body.body().type()).get();
        if (!index.hierarchyComplete(type)) {
            return true;
        }
        java.util.Deque<JavaType> pending = new java.util.ArrayDeque<>(index.supertypes(type));
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            JavaType t = pending.poll();
            if (!seen.add(t.name())) {
                continue;
            }
            if (t instanceof ProgramIndex.BinaryType && !t.name().equals("java.lang.Object")
                    && !index.methods(t, m.name(), m.parameterTypes().size()).isEmpty()) {
                return true;
            }
            pending.addAll(index.supertypes(t));
        }
        return false;
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
        threadMethods = new HashSet<>();
        Set<String> interrupted = new HashSet<>();
        for (FileFacts f : index.files()) {
            interrupted.addAll(f.lifecycle().interrupters());
        }
        boolean calledInterrupted = interrupted.stream().anyMatch(n -> n.endsWith("()"));
        for (FileFacts f : index.files()) {
            for (ThreadTask task : f.lifecycle().threadTasks()) {
                if (task.unit() != null) {
                    rootUnits.computeIfAbsent(f, x -> new HashSet<>()).add(task.unit());
                } else {
                    // A class's own type: a value typed by an interface says nothing of the class behind it.
                    index.typeOf(task.value(), f, task.site().scopeType())
                            .filter(t -> t instanceof SourceType s && s.facts().kind() != TypeFacts.Kind.INTERFACE)
                            .ifPresent(t -> handed.add(t.name()));
                }
            }
            for (PooledTask task : f.lifecycle().pooledTasks()) {
                if (task.kind() == PooledTask.Kind.INSTANCE) {
                    typeName(task.target(), f, task.site().scopeType()).ifPresent(pooled::add);
                } else if (task.kind() == PooledTask.Kind.BODY && task.unit() != null
                        && PERIODIC.contains(task.submission().name())
                        && !f.lifecycle().interrupters().contains("cancel(true)")) {
                    String field = privateField(task.submission().target(), task.site().scopeType());
                    if (field != null && !interrupted.contains(field)
                            && !(f.lifecycle().returnedFields().contains(field) && calledInterrupted)) {
                        rootUnits.computeIfAbsent(f, x -> new HashSet<>()).add(task.unit());
                    }
                }
            }
            referenced.addAll(f.lifecycle().methodReferences());
            for (ThreadMethodRef ref : f.lifecycle().threadMethodRefs()) {
                // The method may be declared by a supertype of the receiver's class: each of them may hold it.
                index.typeOf(ref.receiver(), f, ref.site().scopeType()).ifPresent(t -> {
                    java.util.Deque<JavaType> pending = new java.util.ArrayDeque<>(List.of(t));
                    Set<String> seen = new HashSet<>();
                    while (!pending.isEmpty()) {
                        JavaType type = pending.poll();
                        if (type instanceof SourceType && seen.add(type.name())) {
                            threadMethods.add(type.name() + "#" + ref.method());
                            pending.addAll(index.supertypes(type));
                        }
                    }
                });
            }
            for (TypeFacts t : f.types()) {
                Optional<SourceType> s = index.sourceType(t.qualifiedName());
                if (s.isPresent() && s.get().file() == f && isThread(s.get())) {
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

    /**
     * A subclass of {@code Thread}; or, when its supertypes do not all resolve, of a class named like one
     * ({@code extends ServiceThread} of a library the class path lacks), directly or through classes of the
     * sources.
     */
    boolean isThread(SourceType type) {
        Tri answer = index.isSubtype(type, "java.lang.Thread");
        if (answer == Tri.UNKNOWN) {
            return namedThread(type, new HashSet<>());
        }
        return answer == Tri.YES;
    }

    /** Whether a supertype the class path lacks, at any depth of the sources' hierarchy, is named like a thread. */
    private boolean namedThread(SourceType type, Set<String> seen) {
        List<JavaType> resolved = index.supertypes(type);
        for (dev.threadguard.facts.TypeName written : type.facts().supertypes()) {
            if (written.simpleName().endsWith("Thread")
                    && resolved.stream().noneMatch(r -> r.name().endsWith("." + written.simpleName())
                    || r.name().endsWith("$" + written.simpleName()) || r.name().equals(written.name()))) {
                return true;
            }
        }
        for (JavaType r : resolved) {
            if (r instanceof SourceType s && seen.add(s.name()) && namedThread(s, seen)) {
                return true;
            }
        }
        return false;
    }

    private static final Set<String> PERIODIC = Set.of("scheduleAtFixedRate", "scheduleWithFixedDelay");

    /** The name of the private field of the class (or a class around it) that a receiver reads; else null. */
    private String privateField(dev.threadguard.facts.ValueRef receiver, String scopeType) {
        String name = receiver instanceof dev.threadguard.facts.ValueRef.Name n ? n.name()
                : receiver instanceof dev.threadguard.facts.ValueRef.Field f
                && f.target() instanceof dev.threadguard.facts.ValueRef.This ? f.name() : null;
        if (name == null) {
            return null;
        }
        for (String scope = scopeType; scope != null; ) {
            Optional<SourceType> t = index.sourceType(scope);
            if (t.isEmpty()) {
                return null;
            }
            for (dev.threadguard.facts.FieldFacts field : t.get().facts().fields()) {
                if (field.name().equals(name)) {
                    return Modifier.isPrivate(field.modifiers()) ? name : null;
                }
            }
            scope = t.get().facts().outerName();
        }
        return null;
    }

    private Optional<String> typeName(dev.threadguard.facts.ValueRef value, FileFacts file, String scopeType) {
        return value == null ? Optional.empty()
                : index.typeOf(value, file, scopeType).filter(t -> t instanceof SourceType).map(JavaType::name);
    }
}
