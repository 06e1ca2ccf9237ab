package dev.threadguard.model;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockBody;
import dev.threadguard.facts.LockOp;
import dev.threadguard.facts.MethodFacts;
import dev.threadguard.facts.ObjectFlow;
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
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
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
 *
 * <p>Lambdas and method references: a call of a functional interface's one abstract method
 * ({@code task.run()}, {@code callback.accept(x)}) also reaches the lambdas and method references the program
 * keeps as that interface or a subtype of it, typed by where they are kept (a variable, field, cast or return
 * type, the element type of a collection they are added to, a constructor's parameter: the extractor's
 * {@code ObjectFlow} functions); a lambda only when its parameter count is the call's argument count. These
 * count with the overrides against {@link #MAX_OVERRIDES}: past it, none of them is followed. A lambda handed
 * to an executor or a thread, or run on the spot, is no such target: the program does not call it through
 * its interface, or its steps are already those of the code around it. Calls of a default method
 * ({@code andThen}) reach no lambda.
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
            if (receiver.isPresent()) {
                List<String> f = functions(receiver.get(), call);
                if (out.size() - declared.size() + f.size() <= MAX_OVERRIDES) {
                    out.addAll(f);
                }
            }
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

    /** A lambda or method reference the program keeps, with the file it is in. */
    private record FunctionObject(FileFacts file, ObjectFlow.Function fact) {
    }

    private Map<String, List<FunctionObject>> functionsByInterface;
    private final Map<String, List<String>> functionTargets = new HashMap<>();
    private final Map<String, Optional<String>> functionalMethods = new HashMap<>();

    /**
     * The lambdas and method references a call of a functional interface's method can run: those the program
     * keeps as that interface or a subtype of it (see the class comment); none when the method called is
     * not the interface's one abstract method.
     */
    private List<String> functions(JavaType receiver, ValueRef.Call call) {
        String key = receiver.name() + '#' + call.name() + '/' + call.arguments();
        List<String> cached = functionTargets.get(key);
        if (cached != null) {
            return cached;
        }
        List<String> out = new ArrayList<>();
        if (functionalMethod(receiver).filter(call.name()::equals).isPresent()) {
            for (Map.Entry<String, List<FunctionObject>> e : functionsByInterface().entrySet()) {
                Optional<JavaType> iface = index.type(e.getKey());
                if (iface.isEmpty() || !e.getKey().equals(receiver.name())
                        && index.isSubtype(iface.get(), receiver.name()) != ProgramIndex.Tri.YES) {
                    continue;
                }
                for (FunctionObject f : e.getValue()) {
                    String target = target(f, call.arguments());
                    if (target != null && !out.contains(target)) {
                        out.add(target);
                    }
                }
            }
            if (out.size() > MAX_OVERRIDES) {
                out.clear();
            }
        }
        List<String> result = out.isEmpty() ? List.of() : List.copyOf(out);
        functionTargets.put(key, result);
        return result;
    }

    /** The body a kept function object runs when its interface's method is called with {@code arguments} arguments. */
    private String target(FunctionObject f, int arguments) {
        ObjectFlow.Function fact = f.fact();
        if (fact.body() != null) {
            return fact.parameters() == arguments ? fact.body() : null;
        }
        ValueRef.Call ref = fact.reference();
        Optional<JavaType> owner = index.typeOf(ref.target(), f.file(), fact.scopeType());
        if (owner.isEmpty()) {
            return null;
        }
        for (MethodMatch m : index.methods(owner.get(), ref.name(), arguments)) {
            if (m.source() != null) {
                return LockBody.key(m.declaringType().name(), m.source().name(), m.source().pos());
            }
        }
        return null;
    }

    /** The kept function objects of the program, by the qualified name of their interface, in file order. */
    private Map<String, List<FunctionObject>> functionsByInterface() {
        if (functionsByInterface == null) {
            functionsByInterface = new LinkedHashMap<>();
            for (FileFacts f : index.files()) {
                for (ObjectFlow.Function fact : f.objectFlow().functions()) {
                    interfaceOf(f, fact).ifPresent(t -> functionsByInterface.computeIfAbsent(t.name(),
                            k -> new ArrayList<>()).add(new FunctionObject(f, fact)));
                }
            }
        }
        return functionsByInterface;
    }

    /** The functional interface a kept lambda or method reference is typed as, when it resolves. */
    private Optional<JavaType> interfaceOf(FileFacts f, ObjectFlow.Function fact) {
        if (fact.type() != null) {
            return index.typeOf(fact.type(), f, fact.scopeType()).filter(t -> functionalMethod(t).isPresent());
        }
        Optional<SourceType> created = index.resolve(fact.created(), f, fact.scopeType())
                .flatMap(t -> t instanceof SourceType s ? Optional.of(s) : Optional.empty());
        if (created.isEmpty()) {
            return Optional.empty();
        }
        MethodFacts constructor = null;
        for (MethodFacts m : created.get().facts().methods()) {
            if (m.isConstructor() && m.accepts(fact.arguments())) {
                if (constructor != null) {
                    return Optional.empty(); // overloads: which one is not known here
                }
                constructor = m;
            }
        }
        if (constructor == null || fact.argument() >= constructor.parameterTypes().size()) {
            return Optional.empty();
        }
        return index.resolve(constructor.parameterTypes().get(fact.argument()), created.get().file(), created.get().name())
                .filter(t -> functionalMethod(t).isPresent());
    }

    /**
     * The name of a functional interface's one abstract method ({@code run}, {@code accept}), counting those it
     * inherits and leaving out {@code Object}'s; empty for a class or an interface with none or several.
     */
    Optional<String> functionalMethod(JavaType t) {
        return functionalMethods.computeIfAbsent(t.name(), k -> findFunctionalMethod(t));
    }

    private Optional<String> findFunctionalMethod(JavaType t) {
        Set<String> names = new HashSet<>();
        Set<String> seen = new HashSet<>();
        Deque<JavaType> pending = new ArrayDeque<>(List.of(t));
        while (!pending.isEmpty() && seen.size() < 32) {
            JavaType x = pending.poll();
            if (!seen.add(x.name()) || x.name().equals("java.lang.Object")) {
                continue;
            }
            if (x instanceof SourceType s) {
                if (s.facts().kind() != TypeFacts.Kind.INTERFACE) {
                    return Optional.empty();
                }
                for (MethodFacts m : s.facts().methods()) {
                    if (Modifier.isAbstract(m.modifiers()) && !OBJECT_METHODS.contains(m.name())) {
                        names.add(m.name());
                    }
                }
            } else if (x instanceof ProgramIndex.BinaryType b) {
                // A class file's own kind is not kept: a lambda can only be typed as an interface anyway.
                for (dev.threadguard.index.ClassFileSummary.Member m : b.summary().methods()) {
                    if ((m.access() & 0x0400) != 0 && (m.access() & 0x0008) == 0 && !OBJECT_METHODS.contains(m.name())) {
                        names.add(m.name());
                    }
                }
            }
            pending.addAll(index.supertypes(x));
        }
        return names.size() == 1 ? Optional.of(names.iterator().next()) : Optional.empty();
    }

    private static final Set<String> OBJECT_METHODS = Set.of("equals", "hashCode", "toString");

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
        if (below.isEmpty()) {
            return List.of();
        }
        Set<String> live = instantiable();
        if (below.size() < named.size()) {
            // Few subtypes and a common name (run, get, close): look in the subtypes only, then put what they
            // declare back in file order, so that the answer is the one the long walk gives.
            List<Declaration> mine = new ArrayList<>();
            for (String type : below) {
                mine.addAll(declarationsOf(type).getOrDefault(call.name(), List.of()));
            }
            mine.sort(Comparator.comparingInt(Declaration::order));
            named = mine;
        }
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

    /** A method with a body declared in the sources, with its type and its place in file order. */
    private record Declaration(SourceType type, MethodFacts method, int order) {
    }

    private Map<String, List<Declaration>> declarations;
    private Map<String, Map<String, List<Declaration>>> declarationsByType;
    private final Map<String, Set<String>> subtypeNames = new HashMap<>();

    /** The instance methods with a body that the sources declare, by name, in file order. */
    private Map<String, List<Declaration>> declarations() {
        if (declarations == null) {
            declarations = new HashMap<>();
            declarationsByType = new HashMap<>();
            int order = 0;
            for (FileFacts f : index.files()) {
                for (TypeFacts t : f.types()) {
                    Optional<SourceType> s = index.sourceType(t.qualifiedName());
                    if (s.isEmpty() || s.get().file() != f) {
                        continue;
                    }
                    for (MethodFacts m : t.methods()) {
                        if (!m.isConstructor() && !Modifier.isStatic(m.modifiers()) && !Modifier.isAbstract(m.modifiers())) {
                            Declaration d = new Declaration(s.get(), m, order++);
                            declarations.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(d);
                            declarationsByType.computeIfAbsent(s.get().name(), k -> new HashMap<>())
                                    .computeIfAbsent(m.name(), k -> new ArrayList<>()).add(d);
                        }
                    }
                }
            }
        }
        return declarations;
    }

    /** What {@link #declarations()} holds of one type, by name. */
    private Map<String, List<Declaration>> declarationsOf(String type) {
        declarations();
        return declarationsByType.getOrDefault(type, Map.of());
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

    /** The most bodies {@link #reachable} visits from one root. */
    static final int MAX_REACHED = 256;

    /**
     * The bodies a body reaches through its calls, with dynamic dispatch, at most {@code depth} calls away,
     * breadth first (so each with its shortest chain): per body reached, the call steps that lead to it from
     * {@code root}, first call first. The root itself is not included. At most {@link #MAX_REACHED} bodies.
     */
    public Map<Body, List<CallSite>> reachable(Body root, int depth) {
        Map<Body, List<CallSite>> out = new LinkedHashMap<>();
        Deque<Body> frontier = new ArrayDeque<>(List.of(root));
        Set<Body> seen = new HashSet<>(List.of(root));
        for (int level = 0; level < depth && !frontier.isEmpty(); level++) {
            Deque<Body> next = new ArrayDeque<>();
            for (Body b : frontier) {
                List<CallSite> chain = b.equals(root) ? List.of() : out.get(b);
                for (LockOp op : b.body().ops()) {
                    if (op.kind() != LockOp.Kind.CALL) {
                        continue;
                    }
                    for (Body t : targets(b, op)) {
                        if (seen.add(t)) {
                            List<CallSite> longer = new ArrayList<>(chain);
                            longer.add(new CallSite(b, op));
                            out.put(t, List.copyOf(longer));
                            next.add(t);
                            if (out.size() >= MAX_REACHED) {
                                return out;
                            }
                        }
                    }
                }
            }
            frontier = next;
        }
        return out;
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
