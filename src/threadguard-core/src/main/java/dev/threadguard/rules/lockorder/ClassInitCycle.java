package dev.threadguard.rules.lockorder;

import dev.threadguard.facts.ClassInitFacts.InitRef;
import dev.threadguard.facts.ClassInitFacts.Kind;
import dev.threadguard.facts.ClassInitFacts.StaticInit;
import dev.threadguard.facts.FieldFacts;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.MethodFacts;
import dev.threadguard.facts.Pos;
import dev.threadguard.facts.TypeFacts;
import dev.threadguard.facts.TypeName;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.SourceType;
import dev.threadguard.model.CycleFinder;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Static initializations that wait for each other: a class whose static initializer reaches a subclass of
 * itself (the subclass's initialization needs the superclass's first), or types whose initializers reach each
 * other. The JVM holds a lock per class while it initializes it, so two threads that first touch two classes of
 * the cycle at the same time each hold one and wait for the other, for ever.
 */
@RuleDescriptor(
        id = "class-init-cycle",
        family = Family.LOCK_ORDER,
        severity = Severity.WARNING,
        enabledByDefault = false,
        summary = "Static initializers reach each other, or a subclass: two threads that first use two classes of"
                + " the cycle at once deadlock in class initialization.")
public final class ClassInitCycle implements Rule {

    private static final int MAX_CYCLE_LENGTH = 6;
    private static final int MAX_CYCLES_PER_COMPONENT = 2;

    /**
     * One wait of an initialization for another: {@code ref} of {@code from}'s initializer, or, when {@code ref}
     * is null, {@code from} extending {@code to}.
     */
    private record Edge(String from, String to, InitRef ref, String path, Pos pos) {
    }

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        Map<String, Map<String, Edge>> edges = new TreeMap<>();
        boolean any = false;
        for (FileFacts file : index.files()) {
            for (StaticInit init : file.classInits().inits()) {
                for (InitRef ref : init.refs()) {
                    Optional<SourceType> to = initialized(index, file, init.type(), ref);
                    if (to.isPresent() && !to.get().name().equals(init.type())) {
                        edges.computeIfAbsent(init.type(), k -> new TreeMap<>())
                                .putIfAbsent(to.get().name(), new Edge(init.type(), to.get().name(), ref, file.path(),
                                        ref.pos()));
                        any = true;
                    }
                }
            }
        }
        if (!any) {
            return;
        }
        for (FileFacts file : index.files()) {
            for (TypeFacts type : file.types()) {
                superclass(index, type).ifPresent(s -> edges.computeIfAbsent(type.qualifiedName(), k -> new TreeMap<>())
                        .putIfAbsent(s.name(), new Edge(type.qualifiedName(), s.name(), null, file.path(), type.pos())));
                for (SourceType i : defaultInterfaces(index, type)) {
                    edges.computeIfAbsent(type.qualifiedName(), k -> new TreeMap<>())
                            .putIfAbsent(i.name(), new Edge(type.qualifiedName(), i.name(), null, file.path(), type.pos()));
                }
            }
        }
        List<List<Edge>> cycles = new CycleFinder<>(edges, MAX_CYCLE_LENGTH, MAX_CYCLES_PER_COMPONENT,
                c -> c.stream().anyMatch(e -> e.ref() != null) && c.stream().noneMatch(e -> hidden(index, e.to())))
                .cycles(Edge::to);
        Reach reach = null;
        for (List<Edge> cycle : cycles) {
            Confidence cap = Confidence.HIGH;
            if (cycle.stream().filter(e -> e.ref() != null).count() == 1) {
                if (reach == null) {
                    reach = new Reach(index);
                }
                cap = reach.subclassCap(cycle);
                if (cap == null) {
                    continue;
                }
            }
            report(index, cycle, cap, out);
        }
    }

    private void report(ProgramIndex index, List<Edge> cycle, Confidence cap, FindingSink out) {
        Edge first = cycle.stream().filter(e -> e.ref() != null).findFirst().orElseThrow();
        String from = display(index, first.from());
        List<TraceStep> steps = new ArrayList<>();
        boolean through = false;
        // Through an interface initialized with its class: certain by the JLS, but not judged on real code yet.
        boolean viaInterface = cycle.stream().anyMatch(e -> e.ref() == null && isInterface(index, e.to()));
        for (Edge e : cycle) {
            String a = display(index, e.from());
            String b = display(index, e.to());
            if (e.ref() == null && isInterface(index, e.to())) {
                steps.add(new TraceStep(e.path(), e.pos(), "`" + a + "` implements `" + b + "`, which declares a"
                        + " default method: initializing `" + a + "` initializes `" + b + "` first"));
            } else if (e.ref() == null) {
                steps.add(new TraceStep(e.path(), e.pos(), "`" + a + "` extends `" + b + "`: initializing `" + a
                        + "` initializes `" + b + "` first"));
            } else {
                through |= e.ref().via() != null;
                steps.add(new TraceStep(e.path(), e.pos(), "the static initialization of `" + a + "`"
                        + (e.ref().via() == null ? "" : " (through `" + a + "." + e.ref().via() + "`)") + " "
                        + does(e.ref(), b) + ": it waits for `" + b + "` to be initialized"));
            }
        }
        // One reference down, and superclass steps back up: the initializer reaches a subclass, maybe indirect.
        boolean subclass = cycle.stream().filter(e -> e.ref() != null).count() == 1;
        String message;
        if (subclass) {
            Edge down = first;
            String sub = display(index, down.to());
            message = "the static initialization of `" + from + "` " + does(down.ref(), sub) + ", "
                    + (isInterface(index, first.from()) ? "an implementation" : "a subclass") + " of `"
                    + from + "`: a thread that initializes `" + sub + "` first holds its initialization lock and"
                    + " waits for `" + from + "`'s, while one initializing `" + from + "` waits for `" + sub
                    + "`'s, and they deadlock; create the instance lazily (in a holder class or a method) so that `"
                    + from + "`'s initialization does not need `" + sub + "`";
        } else {
            List<String> names = new ArrayList<>();
            for (Edge e : cycle) {
                names.add("`" + display(index, e.from()) + "`");
            }
            message = "the static initializations of " + String.join(", ", names.subList(0, names.size() - 1))
                    + " and " + names.get(names.size() - 1) + " wait for each other (here `" + from + "` "
                    + does(first.ref(), display(index, first.to())) + "): two threads that first use two of them at"
                    + " the same time each hold one class's initialization lock and wait for the other's, and"
                    + " deadlock; break the cycle, for instance by moving the value one of them needs into a class of"
                    + " its own or computing it lazily";
        }
        out.report(finding(first.path(), first.pos(), from)
                .message(message)
                .confidence(cycle.stream().anyMatch(e -> e.ref() != null && packageOnly(index, e.to())) ? Confidence.LOW
                        : through || cap == Confidence.MEDIUM || viaInterface ? Confidence.MEDIUM : Confidence.HIGH)
                .trace(steps.toArray(TraceStep[]::new)));
    }

    private static String does(InitRef ref, String target) {
        return switch (ref.kind()) {
            case NEW -> "creates a `" + target + "`";
            case STATIC_CALL -> "calls `" + target + "." + ref.member() + "(...)`";
            case STATIC_FIELD -> "uses `" + target + "." + ref.member() + "`";
        };
    }

    /**
     * The source type a reference makes the JVM initialize: the created or called type, or the type declaring a
     * static field that is not a constant; empty when it does not resolve to the sources or initializes nothing.
     */
    private static Optional<SourceType> initialized(ProgramIndex index, FileFacts file, String scopeType,
                                                    InitRef ref) {
        Optional<JavaType> t = index.resolve(ref.target(), file, scopeType);
        if (t.isEmpty() || !(t.get() instanceof SourceType s)) {
            return Optional.empty();
        }
        if (ref.kind() != Kind.STATIC_FIELD) {
            return s.facts().kind() == TypeFacts.Kind.INTERFACE && ref.kind() == Kind.NEW
                    ? Optional.empty() : Optional.of(s); // an anonymous class does not initialize its interface
        }
        Optional<JavaType> declarer = index.fieldDeclarer(s, ref.member());
        if (declarer.isEmpty() || !(declarer.get() instanceof SourceType d)) {
            return Optional.empty(); // a nested type, not a field
        }
        for (FieldFacts f : d.facts().fields()) {
            if (f.name().equals(ref.member())) {
                return constant(d.facts(), f) ? Optional.empty() : Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether reading the field initializes nothing: a {@code static final} primitive or {@code String}, which
     * the compiler copies into the reader when its initializer is a constant (assumed so; the facts keep no
     * initializer), and an enum's or interface's constants are no exception for other types.
     */
    private static boolean constant(TypeFacts owner, FieldFacts f) {
        boolean fin = Modifier.isFinal(f.modifiers()) || owner.kind() == TypeFacts.Kind.INTERFACE;
        return fin && f.type() != null && f.type().dimensions() == 0
                && (f.type().isPrimitive() || f.type().name().equals("String")
                || f.type().name().equals("java.lang.String"));
    }

    /**
     * The interfaces of the sources that a class implements itself, directly or through their superinterfaces, and
     * that declare a default method: the JVM initializes those with the class (JLS 12.4.2), the others not. Those of
     * its superclass are initialized with the superclass, not with it.
     */
    private static List<SourceType> defaultInterfaces(ProgramIndex index, TypeFacts type) {
        if (type.kind() == TypeFacts.Kind.INTERFACE || type.kind() == TypeFacts.Kind.ANNOTATION) {
            return List.of();
        }
        Optional<SourceType> self = index.sourceType(type.qualifiedName());
        if (self.isEmpty()) {
            return List.of();
        }
        List<SourceType> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        java.util.ArrayDeque<JavaType> pending = new java.util.ArrayDeque<>(index.supertypes(self.get()));
        while (!pending.isEmpty()) {
            if (!(pending.poll() instanceof SourceType s) || s.facts().kind() != TypeFacts.Kind.INTERFACE
                    || !seen.add(s.name())) {
                continue; // a superclass: its interfaces come with its own initialization
            }
            if (s.facts().kind() == TypeFacts.Kind.INTERFACE && s.facts().methods().stream().anyMatch(m ->
                    !Modifier.isAbstract(m.modifiers()) && !Modifier.isStatic(m.modifiers())
                            && !Modifier.isPrivate(m.modifiers()))) {
                out.add(s);
            }
            pending.addAll(index.supertypes(s));
        }
        return out;
    }

    private static boolean isInterface(ProgramIndex index, String type) {
        return index.sourceType(type).map(s -> s.facts().kind() == TypeFacts.Kind.INTERFACE).orElse(false);
    }

    /** The superclass of a class when it is in the sources; interfaces are not initialized with their classes. */
    private static Optional<SourceType> superclass(ProgramIndex index, TypeFacts type) {
        if (type.kind() != TypeFacts.Kind.CLASS && type.kind() != TypeFacts.Kind.ANONYMOUS) {
            return Optional.empty();
        }
        Optional<SourceType> self = index.sourceType(type.qualifiedName());
        if (self.isEmpty()) {
            return Optional.empty();
        }
        for (JavaType t : index.supertypes(self.get())) {
            if (t instanceof SourceType s && s.facts().kind() == TypeFacts.Kind.CLASS) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a type is private to its enclosing class: only code that has already initialized the class can
     * reach it, so no second thread can start its initialization first.
     */
    private static boolean hidden(ProgramIndex index, String type) {
        Optional<SourceType> s = index.sourceType(type);
        return s.isPresent() && (Modifier.isPrivate(s.get().facts().modifiers())
                || s.get().facts().kind() == TypeFacts.Kind.ANONYMOUS);
    }

    /**
     * Whether a type is neither public nor protected (nor a member of an interface, which makes it public): only
     * code of its own package can start its initialization, and most such classes are created by their base
     * class alone, which no second thread can reach first. Reviewers judged every such finding false on projects
     * nobody had read (round unseen3 and unseen4 of bench/precision), so they are low confidence: the default
     * report leaves them out, {@code --confidence low} shows them.
     */
    private static boolean packageOnly(ProgramIndex index, String type) {
        Optional<SourceType> s = index.sourceType(type);
        if (s.isEmpty()) {
            return false;
        }
        int m = s.get().facts().modifiers();
        if (Modifier.isPublic(m) || Modifier.isProtected(m)) {
            return false;
        }
        Optional<SourceType> outer = Optional.ofNullable(s.get().facts().outerName()).flatMap(index::sourceType);
        return outer.isEmpty() || outer.get().facts().kind() != TypeFacts.Kind.INTERFACE;
    }

    private static String display(ProgramIndex index, String type) {
        return index.sourceType(type).map(s -> s.facts().displayName()).orElse(type);
    }

    /**
     * Who can start the initialization of the subclasses in a cycle where a base class's initializer reaches a
     * subclass. Another thread can only deadlock with the base's initialization if it starts a subclass's first:
     * by creating it, by calling a static method or using a static field of it, or by initializing a class that
     * extends it. A subclass with no static members that only the types of the cycle create and extend
     * (themselves, or anonymous, private or inner classes in them: code that runs only once the base is being
     * initialized), or by such subclasses themselves confined, is started by the base alone, and the cycle cannot
     * deadlock. Built from the facts already kept: {@code TypeFacts.instantiated} and the supertypes of every type,
     * indexed by simple name in one pass and resolved only for the names asked about.
     */
    private static final class Reach {
        private final ProgramIndex index;
        /** A type name written in a type's code: created with {@code new}, or named as a supertype. */
        private record Mention(FileFacts file, TypeFacts type, TypeName name, boolean supertype) {
        }

        /** Simple name to where it is written; resolved only for the names asked about. */
        private final Map<String, List<Mention>> mentions = new HashMap<>();
        /** Marks a user that extends the type rather than creating it. */
        private static final String EXTENDS = "^";
        /**
         * Type, by qualified name, to the types that create it or ({@link #EXTENDS}-prefixed) extend it, for the
         * simple names resolved.
         */
        private final Map<String, Set<String>> users = new HashMap<>();
        private final Set<String> resolvedNames = new HashSet<>();

        Reach(ProgramIndex index) {
            this.index = index;
            for (FileFacts file : index.files()) {
                for (TypeFacts type : file.types()) {
                    for (TypeName created : type.instantiated()) {
                        mentions.computeIfAbsent(simpleName(created.name()), k -> new ArrayList<>())
                                .add(new Mention(file, type, created, false));
                    }
                    for (TypeName sup : type.supertypes()) {
                        mentions.computeIfAbsent(simpleName(sup.name()), k -> new ArrayList<>())
                                .add(new Mention(file, type, sup, true));
                    }
                }
            }
        }

        /** The types that create or extend {@code type}, resolving the mentions of its simple name once. */
        private Set<String> users(String type) {
            String simple = simpleName(type);
            if (resolvedNames.add(simple)) {
                for (Mention m : mentions.getOrDefault(simple, List.of())) {
                    String scope = m.supertype() && m.type().outerName() != null ? m.type().outerName()
                            : m.type().qualifiedName();
                    index.resolve(m.name(), m.file(), scope).ifPresent(t -> users
                            .computeIfAbsent(t.name(), k -> new HashSet<>())
                            .add((m.supertype() ? EXTENDS : "") + m.type().qualifiedName()));
                }
            }
            return users.getOrDefault(type, Set.of());
        }

        /**
         * The highest confidence a subclass cycle can have: null when only the base can start its subclasses'
         * initialization, medium when the analysed code does not but a library's users could (a public subclass
         * with a constructor they can call), high otherwise.
         */
        Confidence subclassCap(List<Edge> cycle) {
            Set<String> members = new java.util.LinkedHashSet<>(); // cycle order: the walk below is capped
            String base = null;
            for (Edge e : cycle) {
                members.add(e.from());
                if (e.ref() != null) {
                    base = e.from();
                }
            }
            boolean[] open = {false};
            Set<String> visiting = new HashSet<>(members);
            for (String t : members) {
                if (!t.equals(base) && !confined(t, members, visiting, open)) {
                    return Confidence.HIGH;
                }
            }
            return open[0] ? Confidence.MEDIUM : null;
        }

        /**
         * Whether only the cycle's code can start a type's initialization: it has no static members, and every type
         * that creates or extends it is one of the cycle's or nested in one (anonymous, private, inner), or extends
         * it and is itself confined the same way (a sibling subclass that only the base creates). {@code open} is set when a
         * library's users could create one of them.
         */
        private boolean confined(String t, Set<String> members, Set<String> visiting, boolean[] open) {
            Optional<SourceType> s = index.sourceType(t);
            if (s.isEmpty() || hasStatics(s.get().facts())) {
                return false;
            }
            for (String use : new java.util.TreeSet<>(users(t))) {
                String user = use.startsWith(EXTENDS) ? use.substring(EXTENDS.length()) : use;
                if (inside(user, members) || visiting.contains(user)) {
                    continue;
                }
                if (!use.startsWith(EXTENDS)) {
                    return false; // code of another type creates it, on whatever thread runs that code
                }
                if (visiting.size() > 64) {
                    return false;
                }
                visiting.add(user);
                if (!confined(user, members, visiting, open)) {
                    return false;
                }
            }
            open[0] |= creatableOutside(s.get().facts());
            return true;
        }

        /** Whether a type is one of the cycle's, or an anonymous, private or inner class nested in one. */
        private boolean inside(String type, Set<String> members) {
            String t = type;
            while (t != null && !members.contains(t)) {
                Optional<SourceType> s = index.sourceType(t);
                if (s.isEmpty()) {
                    return false;
                }
                TypeFacts f = s.get().facts();
                boolean confined = f.kind() == TypeFacts.Kind.ANONYMOUS || Modifier.isPrivate(f.modifiers())
                        || f.kind() == TypeFacts.Kind.CLASS && !Modifier.isStatic(f.modifiers())
                        && f.outerName() != null;
                if (!confined) {
                    return false;
                }
                t = f.outerName();
            }
            return t != null;
        }

        /** Static methods, or static fields that are not constants: each lets any code initialize the type. */
        private static boolean hasStatics(TypeFacts type) {
            for (MethodFacts m : type.methods()) {
                if (Modifier.isStatic(m.modifiers())) {
                    return true;
                }
            }
            for (FieldFacts f : type.fields()) {
                if (Modifier.isStatic(f.modifiers()) && !constant(type, f)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether code outside the sources could create or extend the type: public, with a constructor it can call. */
        private boolean creatableOutside(TypeFacts type) {
            for (TypeFacts t = type; t != null; ) {
                if (!Modifier.isPublic(t.modifiers()) && !(t.outerName() != null && index.sourceType(t.outerName())
                        .map(o -> o.facts().kind() == TypeFacts.Kind.INTERFACE).orElse(false))) {
                    return false;
                }
                t = t.outerName() == null ? null : index.sourceType(t.outerName()).map(SourceType::facts).orElse(null);
            }
            boolean declared = false;
            for (MethodFacts m : type.methods()) {
                if (m.isConstructor()) {
                    declared = true;
                    if (Modifier.isPublic(m.modifiers()) || Modifier.isProtected(m.modifiers())) {
                        return true;
                    }
                }
            }
            return !declared;
        }

        private static String simpleName(String name) {
            int cut = Math.max(name.lastIndexOf('.'), name.lastIndexOf('$'));
            return name.substring(cut + 1);
        }
    }
}
