package dev.threadguard.index;

import dev.threadguard.facts.FieldFacts;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.MethodFacts;
import dev.threadguard.facts.TypeFacts;
import dev.threadguard.facts.TypeName;
import dev.threadguard.facts.ValueRef;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The whole program as the rules see it: the facts of every file joined, and a small resolver that
 * answers the questions rules ask of types ("is this receiver an {@code ExecutorService}?", "what does this
 * method return?") from the source declarations and, lazily, from JDK and class-path class files.
 *
 * <p>Every answer is memoized. When a name cannot be resolved the answer is empty, never a guess; the
 * rules then fall back on names and lower their confidence.
 */
public final class ProgramIndex implements AutoCloseable {

    /** A resolved type: declared in the analysed sources, or read from a class file. */
    public sealed interface JavaType permits SourceType, BinaryType {
        /** The qualified name with dots, nested types included: {@code java.util.Map.Entry}. */
        String name();
    }

    /** A type declared in the analysed sources. */
    public record SourceType(TypeFacts facts, FileFacts file) implements JavaType {
        @Override
        public String name() {
            return facts.qualifiedName();
        }

        // The same declaration is the same type: a record's own equals and hashCode would walk the whole
        // file's facts each time a type is a key of a memo, which the index and the model do all the time.
        @Override
        public boolean equals(Object o) {
            return o instanceof SourceType t && t.facts == facts && t.file == file;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(facts) * 31 + System.identityHashCode(file);
        }
    }

    /** A type read from the JDK or the class path. */
    public record BinaryType(ClassFileSummary summary) implements JavaType {
        @Override
        public String name() {
            return summary.name().replace('$', '.');
        }
    }

    /** Three-valued answers: the hierarchy may be only partly known. */
    public enum Tri { YES, NO, UNKNOWN }

    /**
     * A method a call can reach.
     *
     * @param returnType  the erased return type, when it resolves
     * @param returnText  the return type as declared, for messages
     * @param returnVariable the name of the type variable the method returns ({@code V} of {@code Map.get}),
     *                    or null
     * @param parameterTypes the simple names of the declared parameter types
     * @param source      the declaration when it is in the analysed sources
     */
    public record MethodMatch(JavaType declaringType, Optional<JavaType> returnType, String returnText,
                              String returnVariable, List<String> parameterTypes, MethodFacts source) {
    }

    /** A type with its type arguments, one level deep, as far as they resolve: {@code Map<String, ExecutorService>}. */
    public record Typed(JavaType type, List<Optional<JavaType>> arguments) {
        static Typed raw(JavaType type) {
            return new Typed(type, List.of());
        }
    }

    private final List<FileFacts> files;
    private final Map<String, SourceType> sourceTypes = new HashMap<>();
    private final BinaryTypes binaries;
    private final Map<String, Optional<JavaType>> byName = new ConcurrentHashMap<>();
    private final Map<String, Optional<JavaType>> resolved = new ConcurrentHashMap<>();
    private final Map<String, Tri> subtypes = new ConcurrentHashMap<>();
    private final Map<String, List<MethodMatch>> methods = new ConcurrentHashMap<>();
    private final Map<Class<?>, Object> derivedValues = new HashMap<>();

    public ProgramIndex(List<FileFacts> files, List<Path> classPath) {
        this.files = List.copyOf(files);
        for (FileFacts f : files) {
            for (TypeFacts t : f.types()) {
                sourceTypes.putIfAbsent(t.qualifiedName(), new SourceType(t, f));
            }
        }
        this.binaries = new BinaryTypes(classPath);
    }

    /** The facts of every analysed file, in the order of their paths. */
    public List<FileFacts> files() {
        return files;
    }

    /** A source type by qualified name, anonymous classes included ({@code pkg.Outer$1}). */
    public Optional<SourceType> sourceType(String qualifiedName) {
        return Optional.ofNullable(sourceTypes.get(qualifiedName));
    }

    // ------------------------------------------------------------------ types by name

    /** The type with this qualified name, nested types written with dots or {@code $}. */
    public Optional<JavaType> type(String qualifiedName) {
        Optional<JavaType> cached = byName.get(qualifiedName);
        if (cached != null) {
            return cached;
        }
        Optional<JavaType> found = lookup(qualifiedName);
        byName.put(qualifiedName, found);
        return found;
    }

    private Optional<JavaType> lookup(String name) {
        SourceType source = sourceTypes.get(name);
        if (source != null) {
            return Optional.of(source);
        }
        String binary = name;
        while (true) {
            Optional<ClassFileSummary> summary = binaries.find(binary);
            if (summary.isPresent()) {
                return Optional.of(new BinaryType(summary.get()));
            }
            int dot = binary.lastIndexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            String outer = binary.substring(0, dot);
            // Only try a nested-class reading while the outer part still looks like a class name.
            int outerDot = outer.lastIndexOf('.');
            String outerSimple = outer.substring(outerDot + 1);
            if (outerSimple.isEmpty() || !Character.isUpperCase(outerSimple.charAt(0)) && !outerSimple.contains("$")) {
                return Optional.empty();
            }
            binary = outer + "$" + binary.substring(dot + 1);
        }
    }

    // ------------------------------------------------------------------ types as written

    /** The type a name written in {@code file}, inside {@code scopeType}, refers to. */
    public Optional<JavaType> resolve(TypeName name, FileFacts file, String scopeType) {
        if (name == null || name.typeVariable() || name.isPrimitive() || name.dimensions() > 0) {
            return Optional.empty();
        }
        return resolveName(name.name(), file, scopeType);
    }

    private Optional<JavaType> resolveName(String name, FileFacts file, String scopeType) {
        String key = file.path() + '|' + scopeType + '|' + name;
        Optional<JavaType> cached = resolved.get(key);
        if (cached != null) {
            return cached;
        }
        Optional<JavaType> found;
        int dot = name.indexOf('.');
        if (dot < 0) {
            found = resolveSimple(name, file, scopeType);
        } else {
            Optional<JavaType> head = resolveSimple(name.substring(0, dot), file, scopeType);
            if (head.isPresent()) {
                found = type(head.get().name() + name.substring(dot));
            } else {
                found = type(name);
            }
        }
        resolved.put(key, found);
        return found;
    }

    private Optional<JavaType> resolveSimple(String simple, FileFacts file, String scopeType) {
        for (String scope = scopeType; scope != null && !scope.isEmpty(); ) {
            SourceType t = sourceTypes.get(scope);
            if (t == null) {
                break;
            }
            if (simpleNameOf(t.facts()).equals(simple)) {
                return Optional.of(t);
            }
            Optional<JavaType> member = memberType(t, simple);
            if (member.isPresent()) {
                return member;
            }
            scope = t.facts().outerName();
        }
        for (String i : file.imports()) {
            if (i.endsWith("." + simple) && !i.endsWith(".*")) {
                Optional<JavaType> t = type(i);
                if (t.isPresent()) {
                    return t;
                }
            }
        }
        String pkg = file.packageName();
        Optional<JavaType> same = type(pkg.isEmpty() ? simple : pkg + "." + simple);
        if (same.isPresent()) {
            return same;
        }
        for (String i : file.imports()) {
            if (i.endsWith(".*")) {
                Optional<JavaType> t = type(i.substring(0, i.length() - 1) + simple);
                if (t.isPresent()) {
                    return t;
                }
            }
        }
        return type("java.lang." + simple);
    }

    private static String simpleNameOf(TypeFacts t) {
        String name = t.qualifiedName();
        return name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$')) + 1);
    }

    /** A member type named {@code simple} of {@code owner} or of one of its supertypes. */
    private Optional<JavaType> memberType(JavaType owner, String simple) {
        Deque<JavaType> pending = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        pending.add(owner);
        while (!pending.isEmpty()) {
            JavaType t = pending.poll();
            if (!seen.add(t.name()) || seen.size() > 64) {
                continue;
            }
            Optional<JavaType> member = t instanceof SourceType
                    ? Optional.ofNullable(sourceTypes.get(t.name() + "." + simple))
                    : binaries.find(((BinaryType) t).summary().name() + "$" + simple).map(BinaryType::new);
            if (member.isPresent()) {
                return member;
            }
            pending.addAll(supertypes(t));
        }
        return Optional.empty();
    }

    /** The direct supertypes of a type that resolve; {@code java.lang.Object} is implied, not listed. */
    public List<JavaType> supertypes(JavaType t) {
        List<JavaType> out = new ArrayList<>();
        if (t instanceof SourceType s) {
            String scope = s.facts().outerName();
            for (TypeName n : s.facts().supertypes()) {
                resolveSuper(n, s.file(), scope == null ? "" : scope).ifPresent(out::add);
            }
        } else {
            ClassFileSummary c = ((BinaryType) t).summary();
            if (c.superName() != null) {
                type(c.superName()).ifPresent(out::add);
            }
            for (String i : c.interfaces()) {
                type(i).ifPresent(out::add);
            }
        }
        return out;
    }

    private Optional<JavaType> resolveSuper(TypeName n, FileFacts file, String scope) {
        if (n.typeVariable()) {
            return Optional.empty();
        }
        return resolveName(n.name(), file, scope);
    }

    /** How many supertypes of {@code t} are written but do not resolve. */
    private int unresolvedSupertypes(JavaType t) {
        if (t instanceof SourceType s) {
            int written = s.facts().supertypes().size();
            return written - supertypes(t).size();
        }
        ClassFileSummary c = ((BinaryType) t).summary();
        int written = c.interfaces().size() + (c.superName() == null ? 0 : 1);
        return written - supertypes(t).size();
    }

    /** Whether {@code t} is {@code target} or extends or implements it, as far as the hierarchy resolves. */
    public Tri isSubtype(JavaType t, String target) {
        String key = t.name() + '<' + target;
        Tri cached = subtypes.get(key);
        if (cached != null) {
            return cached;
        }
        Tri answer = Tri.NO;
        Deque<JavaType> pending = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        pending.add(t);
        while (!pending.isEmpty()) {
            JavaType x = pending.poll();
            if (!seen.add(x.name())) {
                continue;
            }
            if (x.name().equals(target)) {
                answer = Tri.YES;
                break;
            }
            if (unresolvedSupertypes(x) > 0) {
                answer = Tri.UNKNOWN;
            }
            pending.addAll(supertypes(x));
        }
        subtypes.put(key, answer);
        return answer;
    }

    /** Whether every supertype of {@code t}, transitively, resolves. */
    public boolean hierarchyComplete(JavaType t) {
        return isSubtype(t, "") != Tri.UNKNOWN;
    }

    // ------------------------------------------------------------------ members

    /**
     * The methods named {@code name} that a call with {@code arguments} arguments on {@code t} can reach:
     * those of the most derived type that declares any, overloads included. Empty when none is found.
     */
    public List<MethodMatch> methods(JavaType t, String name, int arguments) {
        String key = t.name() + '#' + name + '/' + arguments;
        List<MethodMatch> cached = methods.get(key);
        if (cached != null) {
            return cached;
        }
        List<MethodMatch> found = List.of();
        Deque<JavaType> pending = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        pending.add(t);
        boolean objectSeen = false;
        while (!pending.isEmpty() && found.isEmpty()) {
            JavaType x = pending.poll();
            if (!seen.add(x.name())) {
                continue;
            }
            objectSeen |= x.name().equals("java.lang.Object");
            found = declaredMethods(x, name, arguments);
            pending.addAll(supertypes(x));
            if (pending.isEmpty() && found.isEmpty() && !objectSeen) {
                type("java.lang.Object").ifPresent(pending::add);
                objectSeen = true;
            }
        }
        methods.put(key, found);
        return found;
    }

    private List<MethodMatch> declaredMethods(JavaType t, String name, int arguments) {
        List<MethodMatch> out = new ArrayList<>();
        if (t instanceof SourceType s) {
            for (MethodFacts m : s.facts().methods()) {
                if (m.name().equals(name) && m.accepts(arguments) && m.returnType() != null) {
                    List<String> params = new ArrayList<>();
                    for (TypeName p : m.parameterTypes()) {
                        params.add(p.simpleName());
                    }
                    out.add(new MethodMatch(t, resolve(m.returnType(), s.file(), s.name()), m.returnType().toString(),
                            m.returnType().typeVariable() ? m.returnType().name() : null, List.copyOf(params), m));
                }
            }
        } else {
            for (ClassFileSummary.Member m : ((BinaryType) t).summary().methods()) {
                if (m.name().equals(name) && !m.isSynthetic()
                        && (m.parameterCount() == arguments || m.isVarargs() && arguments >= m.parameterCount() - 1)) {
                    String typeName = m.typeName();
                    Optional<JavaType> returns = typeName == null || m.typeIsVariable() ? Optional.empty() : type(typeName);
                    String text = m.typeIsVariable() ? "a type variable"
                            : typeName == null ? "a primitive" : typeName.substring(typeName.lastIndexOf('.') + 1);
                    out.add(new MethodMatch(t, returns, text, m.typeVariable(), m.parameterTypeNames(), null));
                }
            }
        }
        return out;
    }

    /** A field found in a hierarchy: its declared type, when that resolves. */
    private record FieldHit(JavaType declarer, Optional<Typed> typed) {
        Optional<JavaType> type() {
            return typed.map(Typed::type);
        }
    }

    /** The declared type of a field named {@code name} of {@code t} or its supertypes. */
    public Optional<JavaType> fieldType(JavaType t, String name) {
        return findField(t, name).flatMap(FieldHit::type);
    }

    /** The type that declares the field named {@code name} of {@code t}: {@code t} or a supertype. */
    public Optional<JavaType> fieldDeclarer(JavaType t, String name) {
        return findField(t, name).map(FieldHit::declarer);
    }

    /**
     * A value computed once from the whole index and kept with it, such as the lock-order graph that several
     * rules read. {@code compute} runs at most once per key.
     */
    @SuppressWarnings("unchecked")
    public <T> T derived(Class<T> key, java.util.function.Function<ProgramIndex, T> compute) {
        synchronized (derivedValues) {
            Object v = derivedValues.get(key);
            if (v == null) {
                v = compute.apply(this);
                derivedValues.put(key, v);
            }
            return (T) v;
        }
    }

    /** The field named {@code name} of {@code t} or its nearest supertype that declares one. */
    private Optional<FieldHit> findField(JavaType t, String name) {
        Deque<JavaType> pending = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        pending.add(t);
        while (!pending.isEmpty()) {
            JavaType x = pending.poll();
            if (!seen.add(x.name())) {
                continue;
            }
            if (x instanceof SourceType s) {
                for (FieldFacts f : s.facts().fields()) {
                    if (f.name().equals(name)) {
                        return Optional.of(new FieldHit(x, typed(f.type(), s.file(), s.name())));
                    }
                }
            } else {
                for (ClassFileSummary.Member f : ((BinaryType) x).summary().fields()) {
                    if (f.name().equals(name)) {
                        return Optional.of(new FieldHit(x, f.typeName() == null || f.typeIsVariable()
                                ? Optional.empty() : type(f.typeName()).map(Typed::raw)));
                    }
                }
            }
            pending.addAll(supertypes(x));
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ expressions

    /** The static type of an expression recorded in {@code file} inside {@code scopeType}, if it resolves. */
    public Optional<JavaType> typeOf(ValueRef ref, FileFacts file, String scopeType) {
        return typedOf(ref, file, scopeType).map(Typed::type);
    }

    /** The static type of an expression with its type arguments, one level deep, as far as they resolve. */
    public Optional<Typed> typedOf(ValueRef ref, FileFacts file, String scopeType) {
        if (ref instanceof ValueRef.Declared d) {
            return typed(d.type(), file, scopeType);
        }
        if (ref instanceof ValueRef.Name n) {
            for (String scope = scopeType; scope != null && !scope.isEmpty(); ) {
                SourceType t = sourceTypes.get(scope);
                if (t == null) {
                    break;
                }
                Optional<FieldHit> field = findField(t, n.name());
                if (field.isPresent()) {
                    return field.get().typed();
                }
                scope = t.facts().outerName();
            }
            for (JavaType owner : staticImportOwners(file, n.name())) {
                Optional<FieldHit> field = findField(owner, n.name());
                if (field.isPresent()) {
                    return field.get().typed();
                }
            }
            return resolveName(n.name(), file, scopeType).map(Typed::raw);
        }
        if (ref instanceof ValueRef.Field f) {
            Optional<JavaType> target = typeOf(f.target(), file, scopeType);
            if (target.isPresent()) {
                Optional<FieldHit> field = findField(target.get(), f.name());
                if (field.isPresent()) {
                    return field.get().typed();
                }
                return type(target.get().name() + "." + f.name()).map(Typed::raw);
            }
            String dotted = dotted(f);
            return dotted == null ? Optional.empty() : type(dotted).map(Typed::raw);
        }
        if (ref instanceof ValueRef.Call c) {
            return callTyped(c, file, scopeType);
        }
        if (ref instanceof ValueRef.Element e) {
            Optional<Typed> target = typedOf(e.target(), file, scopeType);
            if (target.isEmpty() || e.index() < 0 || e.index() >= target.get().arguments().size()) {
                return Optional.empty();
            }
            return target.get().arguments().get(e.index()).map(Typed::raw);
        }
        if (ref instanceof ValueRef.This t) {
            if (t.qualifier() == null) {
                return Optional.ofNullable(sourceTypes.get(scopeType)).map(Typed::raw);
            }
            return resolveName(t.qualifier(), file, scopeType).map(Typed::raw);
        }
        if (ref instanceof ValueRef.Super) {
            SourceType self = sourceTypes.get(scopeType);
            if (self != null) {
                List<JavaType> supers = supertypes(self);
                if (!supers.isEmpty()) {
                    return Optional.of(Typed.raw(supers.get(0)));
                }
            }
        }
        return Optional.empty();
    }

    /** A written type with its arguments resolved where it was written. */
    private Optional<Typed> typed(TypeName name, FileFacts file, String scopeType) {
        Optional<JavaType> type = resolve(name, file, scopeType);
        if (type.isEmpty() || name.arguments().isEmpty()) {
            return type.map(Typed::raw);
        }
        List<Optional<JavaType>> arguments = new ArrayList<>(name.arguments().size());
        for (TypeName a : name.arguments()) {
            String n = a.name();
            // "? extends X" stands for X as far as calls on an element go; "?" and "? super X" for nothing known.
            if (n.startsWith("? extends ")) {
                arguments.add(resolveName(n.substring("? extends ".length()).replaceAll("<.*", "").trim(), file, scopeType));
            } else if (n.startsWith("?")) {
                arguments.add(Optional.empty());
            } else {
                arguments.add(resolve(a, file, scopeType));
            }
        }
        return Optional.of(new Typed(type.get(), List.copyOf(arguments)));
    }

    /**
     * The type a call returns. A returned type variable is replaced by the receiver's type argument for it
     * ({@code Map<String, ExecutorService>.get} returns an {@code ExecutorService}) when the receiver's type
     * declares a type parameter of that name.
     */
    private Optional<Typed> callTyped(ValueRef.Call c, FileFacts file, String scopeType) {
        Optional<Typed> receiver = c.target() == null ? Optional.empty() : typedOf(c.target(), file, scopeType);
        List<MethodMatch> found = c.target() == null ? callTargets(c, file, scopeType)
                : receiver.map(r -> methods(r.type(), c.name(), c.arguments())).orElse(List.of());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MethodMatch m = found.get(0);
        if (m.returnVariable() != null) {
            if (receiver.isEmpty()) {
                return Optional.empty();
            }
            int index = typeParameters(receiver.get().type()).indexOf(m.returnVariable());
            List<Optional<JavaType>> arguments = receiver.get().arguments();
            return index >= 0 && index < arguments.size() ? arguments.get(index).map(Typed::raw) : Optional.empty();
        }
        if (m.source() != null && m.declaringType() instanceof SourceType s) {
            return typed(m.source().returnType(), s.file(), s.name());
        }
        return m.returnType().map(Typed::raw);
    }

    private static List<String> typeParameters(JavaType t) {
        return t instanceof SourceType s ? s.facts().typeParameters() : ((BinaryType) t).summary().typeParameters();
    }

    /**
     * The methods a call can reach. An unqualified call is looked up in the enclosing types from the inside
     * out. Empty when the receiver or the method does not resolve.
     */
    public List<MethodMatch> callTargets(ValueRef.Call call, FileFacts file, String scopeType) {
        if (call.target() == null) {
            for (String scope = scopeType; scope != null && !scope.isEmpty(); ) {
                SourceType t = sourceTypes.get(scope);
                if (t == null) {
                    break;
                }
                List<MethodMatch> found = methods(t, call.name(), call.arguments());
                if (!found.isEmpty()) {
                    return found;
                }
                scope = t.facts().outerName();
            }
            for (JavaType owner : staticImportOwners(file, call.name())) {
                List<MethodMatch> found = methods(owner, call.name(), call.arguments());
                if (!found.isEmpty()) {
                    return found;
                }
            }
            return List.of();
        }
        Optional<JavaType> receiver = typeOf(call.target(), file, scopeType);
        return receiver.isEmpty() ? List.of() : methods(receiver.get(), call.name(), call.arguments());
    }

    /** The types whose static member {@code name} a file imports, by name or with {@code .*}. */
    private List<JavaType> staticImportOwners(FileFacts file, String name) {
        List<JavaType> owners = new ArrayList<>();
        for (String i : file.staticImports()) {
            int dot = i.lastIndexOf('.');
            String member = i.substring(dot + 1);
            if (dot > 0 && (member.equals(name) || member.equals("*"))) {
                type(i.substring(0, dot)).ifPresent(owners::add);
            }
        }
        return owners;
    }

    private static String dotted(ValueRef ref) {
        if (ref instanceof ValueRef.Name n) {
            return n.name();
        }
        if (ref instanceof ValueRef.Field f) {
            String head = dotted(f.target());
            return head == null ? null : head + "." + f.name();
        }
        return null;
    }

    @Override
    public void close() {
        binaries.close();
    }
}
