package dev.threadguard.model;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockBody;
import dev.threadguard.facts.LockOp;
import dev.threadguard.facts.MethodFacts;
import dev.threadguard.facts.TypeFacts;
import dev.threadguard.facts.TypeName;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.MethodMatch;
import dev.threadguard.index.ProgramIndex.SourceType;

import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * The program's bodies of code and which of them each call can reach, with dynamic dispatch: a call
 * through an interface or a superclass reaches the method the static type declares (in the sources or on
 * the class path) and every override of it declared in the analysed sources by a subtype of the receiver's
 * static type (class hierarchy analysis), narrowed to the classes whose instances the program may hold.
 *
 * <p>Narrowing: an override is followed only if its class, or a source subtype that inherits from it, may be
 * instantiated: a class the sources instantiate ({@code new T(...)}, {@code T::new}), an anonymous class, an
 * enum, or a class code outside the sources could instantiate: a concrete class or record reachable from
 * outside (public, or protected or an interface member, within such types all the way out) with a public or
 * protected constructor, or none declared. An override in a private or package-private class that no code
 * of the sources instantiates is never the one that runs, short of reflection or deserialization, which
 * are not followed. The declared method a call names is always followed, instantiated or not.
 *
 * <p>Bound, a backstop past the narrowing: a call with more than {@link #MAX_OVERRIDES} overrides in the
 * sources' instantiable classes (a {@code Runnable.run()} in a large tree) is taken to reach none of them, only the declared method: such a call says nothing
 * about which one runs, and following them all would blame every lock of every implementation on each
 * caller. Calls typed as {@code java.lang.Object}'s methods are not dispatched for the same reason.
 * What is lost past the bound is an edge, never an invented one.
 */
public final class CallGraph {

    /** The most overrides a call is taken to reach. */
    static final int MAX_OVERRIDES = 8;

    /** A call step of a body. */
    public record CallSite(Body body, LockOp op) {
    }

    private final ProgramIndex index;
    private final LockSteps steps;
    private final List<Body> bodies = new ArrayList<>();
    private final Map<String, Body> callable = new HashMap<>();
    private final Map<LockOp, List<String>> targets = new IdentityHashMap<>();
    /** Per call step, the targets reached only through dynamic dispatch (absent when none). */
    private final Map<LockOp, Set<String>> dispatchedTargets = new IdentityHashMap<>();
    private Map<String, List<SourceType>> subtypes;
    private final Map<String, List<String>> overrides = new HashMap<>();
    private Map<String, List<CallSite>> callsByName;

    private CallGraph(ProgramIndex index) {
        this.index = index;
        this.steps = LockSteps.of(index);
        for (FileFacts f : index.files()) {
            for (LockBody b : f.lockBodies()) {
                Body body = new Body(f, steps.checked(b, f), bodies.size());
                bodies.add(body);
                if (b.declared() != null) {
                    callable.putIfAbsent(b.key(), body);
                }
            }
        }
    }

    /** The call graph of the index's program, shared. */
    public static CallGraph of(ProgramIndex index) {
        return index.derived(CallGraph.class, CallGraph::new);
    }

    /** Every body of the program, in file order. */
    public List<Body> bodies() {
        return bodies;
    }

    /** The body of the method with this key, if it does anything the model records. */
    public Body body(String key) {
        return callable.get(key);
    }

    /** The bodies a call step can reach. */
    public List<Body> targets(Body b, LockOp op) {
        List<Body> out = new ArrayList<>();
        for (String key : targetKeys(b, op)) {
            Body callee = callable.get(key);
            if (callee != null && !out.contains(callee)) {
                out.add(callee);
            }
        }
        return out;
    }

    /** Whether a call step reaches {@code callee} only through dynamic dispatch, as an override of the method it names. */
    public boolean dispatched(Body caller, LockOp op, Body callee) {
        targetKeys(caller, op);
        Set<String> d = dispatchedTargets.get(op);
        return d != null && d.contains(callee.key());
    }

    /** The methods of the sources a call step can reach, by {@link LockBody#key}, bodies or not. */
    public List<String> targetKeys(Body b, LockOp op) {
        List<String> cached = targets.get(op);
        if (cached != null) {
            return cached;
        }
        ValueRef.Call call = op.call();
        Set<String> out = new LinkedHashSet<>();
        // The receiver's type is resolved once, for the declared method and for the overrides.
        Optional<JavaType> receiver = call.target() == null ? Optional.empty()
                : index.typeOf(call.target(), b.file(), b.body().scopeType());
        List<MethodMatch> found = call.target() == null ? index.callTargets(call, b.file(), b.body().scopeType())
                : receiver.map(r -> index.methods(r, call.name(), call.arguments())).orElse(List.of());
        for (MethodMatch m : found) {
            if (m.source() != null) {
                out.add(LockBody.key(m.declaringType().name(), m.source().name(), m.source().pos()));
            }
        }
        if (!found.isEmpty() && !(call.target() instanceof ValueRef.Super)) {
            Set<String> declared = Set.copyOf(out);
            (call.target() == null ? enclosingReceiver(call, b) : receiver)
                    .ifPresent(r -> out.addAll(overrides(r, found.get(0), call)));
            if (out.size() > declared.size()) {
                Set<String> dispatched = new HashSet<>(out);
                dispatched.removeAll(declared);
                dispatchedTargets.put(op, dispatched);
            }
        }
        List<String> result = out.isEmpty() ? List.of() : List.copyOf(out);
        targets.put(op, result);
        return result;
    }

    /** The static type an unqualified call dispatches from: the innermost enclosing class that has the method. */
    private Optional<JavaType> enclosingReceiver(ValueRef.Call call, Body b) {
        for (String scope = b.body().scopeType(); scope != null && !scope.isEmpty(); ) {
            Optional<SourceType> t = index.sourceType(scope);
            if (t.isEmpty()) {
                break;
            }
            if (!index.methods(t.get(), call.name(), call.arguments()).isEmpty()) {
                return Optional.of(t.get());
            }
            scope = t.get().facts().outerName();
        }
        return Optional.empty();
    }

    /** The overrides, in source subtypes of {@code receiver}, of the method a call resolved to. */
    private List<String> overrides(JavaType receiver, MethodMatch declared, ValueRef.Call call) {
        if (receiver.name().equals("java.lang.Object") || declared.declaringType().name().equals("java.lang.Object")
                || declared.source() != null && (Modifier.isStatic(declared.source().modifiers())
                || Modifier.isPrivate(declared.source().modifiers()))) {
            return List.of();
        }
        int parameters = declared.parameterTypes().size();
        String key = receiver.name() + '#' + call.name() + '/' + call.arguments() + '/' + parameters;
        List<String> cached = overrides.get(key);
        if (cached == null) {
            cached = findOverrides(receiver, call, parameters);
            overrides.put(key, cached);
        }
        return cached;
    }

    private List<String> findOverrides(JavaType receiver, ValueRef.Call call, int parameters) {
        List<Declaration> named = declarations().getOrDefault(call.name(), List.of());
        if (named.isEmpty()) {
            return List.of();
        }
        Set<String> below = subtypeNames(receiver.name());
        Set<String> live = instantiable();
        List<String> out = new ArrayList<>();
        for (Declaration d : named) {
            MethodFacts m = d.method();
            if (below.contains(d.type().name()) && live.contains(d.type().name()) && m.parameterTypes().size() == parameters && m.accepts(call.arguments())) {
                out.add(LockBody.key(d.type().name(), m.name(), m.pos()));
                if (out.size() > MAX_OVERRIDES) {
                    return List.of();
                }
            }
        }
        return out;
    }

    /** A method with a body declared in the sources, with its type. */
    private record Declaration(SourceType type, MethodFacts method) {
    }

    private Map<String, List<Declaration>> declarations;
    private final Map<String, Set<String>> subtypeNames = new HashMap<>();

    /** The instance methods with a body that the sources declare, by name, in file order. */
    private Map<String, List<Declaration>> declarations() {
        if (declarations == null) {
            declarations = new HashMap<>();
            for (FileFacts f : index.files()) {
                for (TypeFacts t : f.types()) {
                    Optional<SourceType> s = index.sourceType(t.qualifiedName());
                    if (s.isEmpty() || s.get().file() != f) {
                        continue;
                    }
                    for (MethodFacts m : t.methods()) {
                        if (!m.isConstructor() && !Modifier.isStatic(m.modifiers()) && !Modifier.isAbstract(m.modifiers())) {
                            declarations.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(new Declaration(s.get(), m));
                        }
                    }
                }
            }
        }
        return declarations;
    }

    private Set<String> instantiable;

    /**
     * The source types whose methods an instance the program may hold can run: each class that may be
     * instantiated (see the class comment) and every type it inherits from.
     */
    Set<String> instantiable() {
        if (instantiable == null) {
            Set<SourceType> made = new LinkedHashSet<>();
            for (FileFacts f : index.files()) {
                for (TypeFacts t : f.types()) {
                    Optional<SourceType> s = index.sourceType(t.qualifiedName());
                    if (s.isEmpty() || s.get().file() != f) {
                        continue;
                    }
                    if (t.kind() == TypeFacts.Kind.ANONYMOUS || t.kind() == TypeFacts.Kind.ENUM || openToOutside(t)) {
                        made.add(s.get());
                    }
                    for (TypeName n : t.instantiated()) {
                        if (index.resolve(n, f, t.qualifiedName()).orElse(null) instanceof SourceType created) {
                            made.add(created);
                        }
                    }
                }
            }
            Set<String> live = new HashSet<>();
            for (SourceType s : made) {
                if (live.add(s.name())) {
                    live.addAll(ancestors(s));
                }
            }
            instantiable = live;
        }
        return instantiable;
    }

    /** Whether code outside the sources could instantiate this class: see the class comment. */
    private boolean openToOutside(TypeFacts t) {
        if (t.kind() != TypeFacts.Kind.CLASS && t.kind() != TypeFacts.Kind.RECORD
                || Modifier.isAbstract(t.modifiers()) || !reachableFromOutside(t, 0)) {
            return false;
        }
        boolean declared = false;
        for (MethodFacts m : t.methods()) {
            if (m.isConstructor()) {
                declared = true;
                if ((m.modifiers() & (Modifier.PUBLIC | Modifier.PROTECTED)) != 0) {
                    return true;
                }
            }
        }
        return !declared;
    }

    private boolean reachableFromOutside(TypeFacts t, int depth) {
        if (t.outerName() == null) {
            return Modifier.isPublic(t.modifiers());
        }
        Optional<SourceType> outer = index.sourceType(t.outerName());
        if (outer.isEmpty() || depth > 16) {
            return false;
        }
        TypeFacts o = outer.get().facts();
        boolean member = (t.modifiers() & (Modifier.PUBLIC | Modifier.PROTECTED)) != 0
                || o.kind() == TypeFacts.Kind.INTERFACE || o.kind() == TypeFacts.Kind.ANNOTATION;
        return member && o.kind() != TypeFacts.Kind.ANONYMOUS && reachableFromOutside(o, depth + 1);
    }

    private Set<String> subtypeNames(String type) {
        return subtypeNames.computeIfAbsent(type, k -> {
            Set<String> names = new HashSet<>();
            for (SourceType s : subtypes(k)) {
                names.add(s.name());
            }
            return names;
        });
    }

    /** The source types that extend or implement {@code type}, directly or not, in file order. */
    public List<SourceType> subtypes(String type) {
        if (subtypes == null) {
            subtypes = new HashMap<>();
            for (FileFacts f : index.files()) {
                for (TypeFacts t : f.types()) {
                    Optional<SourceType> s = index.sourceType(t.qualifiedName());
                    if (s.isEmpty() || s.get().file() != f) {
                        continue;
                    }
                    for (String ancestor : ancestors(s.get())) {
                        subtypes.computeIfAbsent(ancestor, k -> new ArrayList<>()).add(s.get());
                    }
                }
            }
        }
        return subtypes.getOrDefault(type, List.of());
    }

    private Set<String> ancestors(JavaType t) {
        Set<String> seen = new HashSet<>();
        Deque<JavaType> pending = new ArrayDeque<>(index.supertypes(t));
        while (!pending.isEmpty() && seen.size() < 64) {
            JavaType x = pending.poll();
            if (seen.add(x.name())) {
                pending.addAll(index.supertypes(x));
            }
        }
        return seen;
    }

    /** Every call step of the program to a method of this name, in file order. */
    public List<CallSite> callsNamed(String name) {
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
        return callsByName.getOrDefault(name, List.of());
    }
}
