package dev.threadguard.rules.guard;

import dev.threadguard.facts.Access;
import dev.threadguard.facts.AccessFacts;
import dev.threadguard.facts.Pos;
import dev.threadguard.facts.FieldFacts;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockOp;
import dev.threadguard.facts.MethodFacts;
import dev.threadguard.facts.Site;
import dev.threadguard.facts.model.Containers;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.SourceType;
import dev.threadguard.index.ProgramIndex.Tri;
import dev.threadguard.model.Accesses;
import dev.threadguard.model.Accesses.Located;
import dev.threadguard.model.Accesses.Root;
import dev.threadguard.model.Body;
import dev.threadguard.model.CallGraph;
import dev.threadguard.model.ThreadRoles;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Two accesses to one memory location that can run on two threads at once, at least one a write, with no
 * lock in common: an unprotected write concurrent with any access, or an unprotected read concurrent with a
 * write made under a lock. Built on the program model: the composed access summaries of every entry point
 * ({@link Accesses}), which thread roles run them ({@link ThreadRoles}), and one lock identity.
 */
@RuleDescriptor(
        id = "data-race",
        family = Family.GUARD,
        severity = Severity.WARNING,
        summary = "Two threads can access the same field, array or collection at once, one of them writing, with no lock in common.",
        enabledByDefault = false)
public final class DataRace implements Rule {

    /** The most accesses of one location compared pairwise. */
    private static final int MAX_PER_LOCATION = 200;

    /**
     * An access seen from one entry point, with the roles that run it; {@code from} numbers the entry point
     * (the root itself is not kept: its accesses are dropped once their first few of each location are seen),
     * {@code rootRoles} are the entry point's own roles, {@code handoff} and {@code path} how it is started and
     * where it is written, {@code serial} the single-thread executor that runs it, or null.
     */
    private record Seen(Located at, int roles, String root, int from, int rootRoles, AccessFacts.Handoff handoff,
                        String path, String serial, String type, boolean dedicated) {
    }

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        Accesses accesses = Accesses.of(index);
        Shared shared = new Shared(index);
        Map<String, List<Seen>> byLocation = new LinkedHashMap<>();
        int[] number = {0};
        accesses.forEachRoot(root -> {
            int from = number[0]++;
            String serial = shared.serial(root);
            for (Located l : root.accesses()) {
                if (relevant(index, shared, l)) {
                    List<Seen> list = byLocation.computeIfAbsent(l.location(), k -> new ArrayList<>());
                    if (list.size() < MAX_PER_LOCATION) {
                        int r = roles(root, l);
                        list.add(new Seen(l, serial == null ? r : r & ~ThreadRoles.POOLED, root.member(), from,
                                root.roles(), root.handoff(), root.path(), serial, root.type(),
                                (root.own() & ThreadRoles.TASK) != 0 && shared.dedicated(root.type())));
                    }
                }
            }
        });
        // Each unprotected access is reported once, at its own line, with one access it races with (another
        // access if there is one, else another run of the same code).
        Set<String> reported = new HashSet<>();
        for (List<Seen> list : byLocation.values()) {
            boolean isShared = shared.is(list.get(0).at().owner()) && evidence(shared, list);
            for (int i = 0; i < list.size(); i++) {
                Seen a = list.get(i);
                String site = a.at().file().path() + ":" + a.at().access().pos();
                if (reported.contains(site)) {
                    continue;
                }
                if (!a.at().locks().isEmpty()) {
                    // Under a lock: a race only with a write made under other locks, all of them known ones.
                    for (int j = 0; j < list.size(); j++) {
                        Seen b = list.get(j);
                        if (j != i && b.at().access().writes() && !b.at().locks().isEmpty() && known(a) && known(b)
                                && conflict(a, b, isShared)) {
                            reported.add(site);
                            report(index, a, b, out);
                            break;
                        }
                    }
                    continue;
                }
                boolean volatileField = a.at().access().target() == Access.Target.FIELD
                        && Modifier.isVolatile(a.at().field().modifiers());
                if (volatileField && a.at().access().kind() != Access.Kind.READ_WRITE) {
                    continue; // on a volatile, the update is the mistake, reported where it is
                }
                Seen partner = null;
                if (a.at().access().kind() == Access.Kind.READ_WRITE && conflict(a, a, isShared)) {
                    partner = a; // the same update run twice at once: the lost update itself
                }
                for (int round = 0; round < 2 && partner == null; round++) {
                    for (int j = 0; j < list.size() && partner == null; j++) {
                        Seen b = list.get(j);
                        // An unprotected write races with any access; an unprotected read is reported only against
                        // a write made under a lock (against an unprotected write, that write's finding names it).
                        // Other accesses first, then the same one reached from another entry point.
                        boolean counts = a.at().access().writes() || !b.at().locks().isEmpty();
                        if (counts && j != i && (b.at().access() == a.at().access()) == (round == 1)
                                && conflict(a, b, isShared)) {
                            partner = b;
                        }
                    }
                }
                if (partner == null && a.at().access().writes() && conflict(a, a, isShared)) {
                    partner = a;
                }
                if (partner != null) {
                    reported.add(site);
                    report(index, a, partner, out);
                }
            }
        }
    }

    /**
     * The roles in which a root's access counts. A task shares what it touches of its own class (and of the
     * classes around it): that state is what the code handed to the other thread. What a task reaches in
     * other classes through calls counts as touched by some thread, as a caller's access does: it races only
     * in a class that is shared.
     */
    private static int roles(Root root, Located l) {
        int r = root.roles();
        if ((r & ThreadRoles.TASK) == 0 || (root.own() & ThreadRoles.TASK) != 0 && related(l.owner(), root.type())) {
            return r;
        }
        // A public method some task calls: which object the task reaches through that call is not known (most
        // often one it made or was handed for itself), so the method's own state counts as a caller's access.
        return (r & ~(ThreadRoles.TASK | ThreadRoles.POOLED)) | ThreadRoles.CALLER;
    }

    /**
     * Whether the accesses of a location show that its class expects several threads on it, so that two outside
     * callers' accesses may run at once: the class, or one whose code makes an access, is annotated
     * {@code @ThreadSafe}, the field is volatile or static (one location for every thread, which no instance
     * can keep to itself), or some access of the location holds a lock. Two public methods are not concurrent
     * because both are public: a class that takes locks for some of its state and none for this location's
     * most often keeps it for the one thread that sets it up or owns the object (a request, a parser, a
     * builder filled before use).
     */
    private static boolean evidence(Shared shared, List<Seen> list) {
        Located first = list.get(0).at();
        int modifiers = first.field().modifiers();
        if (shared.threadSafe.contains(first.owner()) || Modifier.isVolatile(modifiers) || Modifier.isStatic(modifiers)) {
            return true;
        }
        for (Seen s : list) {
            if (!s.at().locks().isEmpty() || shared.threadSafeAround(s.type())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code owner} is {@code type} or a type around it (an anonymous class's {@code Outer$1} included). */
    private static boolean related(String owner, String type) {
        return type != null && (type.equals(owner) || type.startsWith(owner + ".") || type.startsWith(owner + "$"));
    }

    /**
     * Whether two accesses of one location race: one writes, no lock in common, they can run at once. The
     * same access twice (one code run by two threads) races only when it also reads or changes a collection.
     */
    private static boolean conflict(Seen a, Seen b, boolean shared) {
        Access x = a.at().access();
        Access y = b.at().access();
        if (!x.writes() && !y.writes()) {
            return false;
        }
        if (x == y && !(x.kind() == Access.Kind.READ_WRITE || x.target() == Access.Target.CONTAINER && x.writes())) {
            return false; // one plain write racing only with itself: the last write wins
        }
        if (x.target() == Access.Target.FIELD && Modifier.isVolatile(a.at().field().modifiers())
                && x.kind() != Access.Kind.READ_WRITE && y.kind() != Access.Kind.READ_WRITE) {
            return false; // single reads and writes of a volatile are atomic and visible
        }
        for (String l : a.at().locks()) {
            if (b.at().locks().contains(l)) {
                return false;
            }
        }
        if (a.serial() != null && a.serial().equals(b.serial())) {
            return false; // tasks of one single-thread executor run one at a time
        }
        if (before(a, b) || before(b, a)) {
            return false;
        }
        if (a == b || a.from() == b.from()) {
            // One entry point's accesses run on one thread per run: they race only with another run of it.
            return ThreadRoles.concurrentWithItself(a.roles() | b.roles(), shared);
        }
        return ThreadRoles.concurrent(a.roles(), b.roles(), shared)
                || x == y && ThreadRoles.concurrentWithItself(a.roles() | b.roles(), shared);
    }

    /**
     * Whether an access is of a field of the code's own object (or a static named alone) and holds one lock,
     * known to the lock model (not only a name as written), that its own code takes right there: not one its
     * callers hold, not one reached through calls. Only such accesses are compared under two different locks;
     * held by callers or taken by wrappers of two locks, the lock model misses too many locks for "none in
     * common" to be believed, and another object's fields written under this object's lock are most often
     * set up once before that object is used (the piped streams' {@code connect}).
     */
    private static boolean known(Seen a) {
        Located l = a.at();
        return l.access().on() == null && l.chain().isEmpty() && l.locks().size() == 1
                && l.access().held().size() == 1 && !l.locks().iterator().next().startsWith("~");
    }

    /**
     * Whether access {@code a} happens before the task that makes {@code b} starts: {@code a} is made by the
     * code that starts the task (no task itself), in the same method, before the call that starts it
     * ({@code submit}, {@code start}), and that call runs once there. What a thread does before it starts
     * another, the other sees ({@code Thread.start} and an executor's submission are happens-before edges).
     */
    private static boolean before(Seen a, Seen b) {
        AccessFacts.Handoff h = b.handoff();
        if (h == null || h.call() == null || (a.rootRoles() & ThreadRoles.TASK) != 0 || !a.path().equals(b.path())) {
            return false;
        }
        List<Accesses.Call> chain = a.at().chain();
        Pos at;
        if (chain.isEmpty()) {
            if (!a.at().file().path().equals(a.path())) {
                return false;
            }
            at = a.at().access().pos();
        } else {
            at = chain.get(0).pos();
        }
        return h.in().contains(at) && at.compareTo(h.call()) < 0;
    }

    private static boolean relevant(ProgramIndex index, Shared shared, Located l) {
        FieldFacts f = l.field();
        if (shared.notThreadSafe.contains(l.owner()) || shared.doubleChecked.contains(l.owner() + "#" + f.name())) {
            return false;
        }
        return switch (l.access().target()) {
            case FIELD -> !Modifier.isFinal(f.modifiers()) && (!Modifier.isVolatile(f.modifiers())
                    || l.access().kind() != Access.Kind.READ);
            case ELEMENT -> true;
            case CONTAINER -> shared.plainContainer(l);
        };
    }

    /**
     * How sure the finding is. High: the {@code run()} of a {@code Thread} (or {@code TimerTask}) subclass, the
     * location's own class or one around it, makes one of the accesses, another entry point makes the other, and both touch a field of their own
     * object: two thread roles shown, on one object. Low: configuration, a
     * plain write made by a setter ({@code setX}, {@code withX}) that outside callers call, which the
     * lifecycle most often orders before the threads that read it start, unless it sets a {@code boolean} that a
     * task reads (a non-volatile {@code setRunning(false)}: a stop flag, set while the task runs); and a read made by
     * {@code toString()}, where a stale value only shows in a text. Medium otherwise.
     */
    static Confidence confidence(Seen a, Seen b) {
        if (setter(a) && !flagOfTask(a, b) || setter(b) && !flagOfTask(b, a)
                || a.at().access().kind() == Access.Kind.READ && name(a.at().member()).equals("toString")) {
            return Confidence.LOW;
        }
        boolean thread = thread(a) || thread(b);
        boolean own = a.at().access().on() == null && b.at().access().on() == null;
        return thread && a.from() != b.from() && own ? Confidence.HIGH : Confidence.MEDIUM;
    }

    /**
     * Whether the access runs on a thread of its own: the {@code run()} of a class that is a {@code Thread} or a
     * {@code TimerTask}, in the location's own class or one around it. An executor, or a future's stage, may run
     * on one thread that runs the caller's code too (an event loop, a serializing executor), which the model
     * cannot see.
     */
    private static boolean thread(Seen s) {
        return s.dedicated() && (s.roles() & ThreadRoles.TASK) != 0 && (s.roles() & ThreadRoles.POOLED) == 0;
    }

    /** Whether a setter's write sets a {@code boolean} that the other access, a task's, reads: a stop flag. */
    private static boolean flagOfTask(Seen setter, Seen other) {
        FieldFacts f = setter.at().field();
        return (other.roles() & ThreadRoles.TASK) != 0 && other.at().access().kind() != Access.Kind.WRITE
                && f.type() != null && f.type().dimensions() == 0
                && (f.type().name().equals("boolean") || f.type().simpleName().equals("Boolean"));
    }

    /** A plain write of a field in a method named {@code setX} or {@code withX}, not run as a task. */
    private static boolean setter(Seen s) {
        Access x = s.at().access();
        if (x.kind() != Access.Kind.WRITE || x.target() != Access.Target.FIELD || (s.roles() & ThreadRoles.TASK) != 0) {
            return false;
        }
        String n = name(s.at().member());
        return prefixed(n, "set") || prefixed(n, "with");
    }

    private static boolean prefixed(String name, String prefix) {
        return name.length() > prefix.length() && name.startsWith(prefix)
                && Character.isUpperCase(name.charAt(prefix.length()));
    }

    /** The simple name of a member written {@code Type.name}. */
    private static String name(String member) {
        return member.substring(member.lastIndexOf('.') + 1);
    }

    private void report(ProgramIndex index, Seen a, Seen b, FindingSink out) {
        Located x = a.at();
        Located y = b.at();
        String field = "`" + GuardedFields.ownerDisplay(index, x.owner()) + "." + x.field().name() + "`";
        String what = switch (x.access().target()) {
            case FIELD -> field + " is ";
            case ELEMENT -> "the elements of the array in " + field + " are ";
            case CONTAINER -> "the collection in " + field + " is ";
        };
        String other = a == b ? "another thread can run the same code"
                : "`" + y.member() + "` " + present(y.access()) + (x.access().target() == Access.Target.ELEMENT ? " them" : " it")
                + (y.locks().isEmpty() ? " without a lock" : x.locks().isEmpty() ? " under a lock this code does not take"
                : " under another lock, none in common");
        String message = what + verb(x.access()) + " in `" + x.member() + "` (`" + x.access().text()
                + (x.locks().isEmpty() ? "`) without a lock, while " : "`) under a lock, while ") + other + " (" + ThreadRoles.describe(a.roles() | b.roles()) + "): "
                + consequence(index, x, y);
        List<TraceStep> trace = new ArrayList<>();
        steps(x, a.root(), 1, trace, "");
        steps(y, b.root(), 2, trace, a == b ? ", on another thread at the same time" : "");
        Site site = new Site(x.access().owner() != null ? x.access().owner() : x.owner(), x.member(), x.access().pos());
        out.report(finding(x.file().path(), site)
                .message(message)
                .confidence(confidence(a, b))
                .trace(trace));
    }

    private static void steps(Located l, String root, int thread, List<TraceStep> trace, String again) {
        for (Accesses.Call c : l.chain()) {
            trace.add(new TraceStep(c.path(), c.pos(), "`" + c.member() + "` calls `" + c.callee() + "`", thread));
        }
        trace.add(new TraceStep(l.file().path(), l.access().pos(), "`" + l.access().text() + "` "
                + verb(l.access()) + " in `" + l.member() + "`"
                + (l.locks().isEmpty() ? " with no lock held" : " with a lock held")
                + (l.chain().isEmpty() ? "" : ", reached from `" + root + "`") + again, thread));
    }

    private static String present(Access a) {
        if (a.target() == Access.Target.CONTAINER) {
            return a.writes() ? "changes" : "reads";
        }
        return switch (a.kind()) {
            case READ -> "reads";
            case WRITE -> "writes";
            case READ_WRITE -> "updates";
        };
    }

    private static String verb(Access a) {
        if (a.target() == Access.Target.CONTAINER) {
            return a.writes() ? "changed" : "read";
        }
        return switch (a.kind()) {
            case READ -> "read";
            case WRITE -> "written";
            case READ_WRITE -> "updated";
        };
    }

    /** What can go wrong, for the location's type and the two accesses. */
    static String consequence(ProgramIndex index, Located x, Located y) {
        Access a = x.access();
        Access b = y.access();
        FieldFacts f = x.field();
        String type = f.type() == null ? "" : f.type().name();
        if (a.target() == Access.Target.CONTAINER) {
            String simple = f.type() == null ? "collection" : f.type().simpleName();
            return "a `" + simple + "` is not thread-safe: a change made while another thread uses it can corrupt it"
                    + " (lost entries, an endless loop, ConcurrentModificationException); guard every call with one lock"
                    + " or use a concurrent collection";
        }
        if (a.target() == Access.Target.ELEMENT) {
            return "the other thread can see elements not yet written or stale ones: fill the array before it is"
                    + " published, or guard the elements with one lock";
        }
        if (a.kind() == Access.Kind.READ_WRITE && b.writes() || b.kind() == Access.Kind.READ_WRITE && a.writes()) {
            return "two threads can read the same old value and one update is lost"
                    + (Modifier.isVolatile(f.modifiers()) ? " (volatile makes each read and write visible, not the"
                    + " update atomic)" : "") + "; use a lock or an atomic";
        }
        boolean wide = f.type() != null && f.type().isPrimitive() && f.type().dimensions() == 0
                && (type.equals("long") || type.equals("double"));
        if (wide) {
            return "a plain `" + type + "` is written in two halves, so the other thread can see a torn value, half"
                    + " old and half new; make it volatile or guard it with one lock";
        }
        if (type.equals("boolean") && f.type().dimensions() == 0) {
            return "the other thread can keep seeing the old value, and a loop that tests it may never stop; make it"
                    + " volatile or guard it with one lock";
        }
        if (f.type() != null && !f.type().isPrimitive() || f.type() != null && f.type().dimensions() > 0) {
            return "the other thread can see a stale reference, or one to an object whose fields it does not yet"
                    + " see written; make it volatile (or final) or guard it with one lock";
        }
        return "the other thread can see a stale value; make it volatile or guard it with one lock";
    }

    /** Which classes are shared between threads, and which collections are not thread-safe. */
    private static final class Shared {
        final ProgramIndex index;
        final Set<String> threadSafe = new HashSet<>();
        final Set<String> notThreadSafe = new HashSet<>();
        final Set<String> locking = new HashSet<>();
        final Map<String, List<String>> fieldValues = new HashMap<>();
        final Map<String, Boolean> known = new HashMap<>();
        final Map<String, Boolean> around = new HashMap<>();
        final Map<String, Boolean> dedicated = new HashMap<>();
        /** Fields double-checked around a lock: {@code double-checked-locking} reports them, with their fix. */
        final Set<String> doubleChecked = new HashSet<>();

        Shared(ProgramIndex index) {
            this.index = index;
            for (FileFacts f : index.files()) {
                threadSafe.addAll(f.accesses().threadSafe());
                notThreadSafe.addAll(f.accesses().notThreadSafe());
                fieldValues.putAll(f.accesses().fieldValues());
                f.doubleCheckedInits().forEach(d -> doubleChecked.add(d.owner() + "#" + d.field()));
            }
            for (Body b : CallGraph.of(index).bodies()) {
                for (LockOp op : b.body().ops()) {
                    if (op.kind() == LockOp.Kind.ACQUIRE || op.kind() == LockOp.Kind.WAIT) {
                        locking.add(b.body().type());
                        break;
                    }
                }
            }
        }

        /** Whether a type is a {@code Thread} or a {@code TimerTask}: a task of it runs on a thread of its own. */
        boolean dedicated(String type) {
            return type != null && dedicated.computeIfAbsent(type, t -> index.sourceType(t)
                    .map(s -> index.isSubtype(s, "java.lang.Thread") == Tri.YES
                            || index.isSubtype(s, "java.util.TimerTask") == Tri.YES).orElse(false));
        }

        /** Whether this type, or a type it is nested in, is annotated {@code @ThreadSafe}. */
        boolean threadSafeAround(String type) {
            return type != null && around.computeIfAbsent(type, t -> threadSafe.stream().anyMatch(x -> related(x, t)));
        }

        /**
         * Whether a class is shared between threads: annotated {@code @ThreadSafe}, its code takes locks, or
         * it declares volatile or {@code @GuardedBy} fields (a class nested in it is not shared for that). Code run as a task shares what it
         * touches whatever its class.
         */
        boolean is(String owner) {
            return known.computeIfAbsent(owner, this::compute);
        }

        private boolean compute(String owner) {
            if (threadSafe.contains(owner) || locking.contains(owner)) {
                return true;
            }
            Optional<SourceType> s = index.sourceType(owner);
            if (s.isEmpty()) {
                return false;
            }
            for (FieldFacts f : s.get().facts().fields()) {
                if (Modifier.isVolatile(f.modifiers()) || f.guardedBy() != null) {
                    return true;
                }
            }
            for (MethodFacts m : s.get().facts().methods()) {
                if (Modifier.isSynchronized(m.modifiers())) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The single-thread executor a root is submitted to ({@code owner#field}), when every value stored in that
         * field is {@code Executors.newSingleThreadExecutor()} or {@code newSingleThreadScheduledExecutor()}; else null.
         */
        String serial(Root root) {
            String executor = root.handoff() == null ? null : root.handoff().executor();
            if (executor == null) {
                return null;
            }
            List<String> values = fieldValues.get(executor);
            return values != null && !values.isEmpty() && dev.threadguard.facts.AccessFacts.SINGLE_THREAD_EXECUTORS.containsAll(values)
                    ? executor : null;
        }

        /** Whether a field holds a collection of {@code java.util} that is not thread-safe. */
        boolean plainContainer(Located l) {
            FieldFacts f = l.field();
            if (f.type() == null || f.type().isPrimitive() || f.type().dimensions() > 0) {
                return false;
            }
            SourceType owner = index.sourceType(l.owner()).orElse(null);
            if (owner == null) {
                return false;
            }
            Optional<JavaType> t = index.resolve(f.type(), owner.file(), l.owner());
            if (t.isEmpty() || !t.get().name().startsWith("java.util.") || t.get().name().startsWith("java.util.concurrent.")
                    || Containers.THREAD_SAFE.contains(t.get().name())
                    || Containers.CONTAINER_TYPES.stream().noneMatch(c -> index.isSubtype(t.get(), c) == Tri.YES)) {
                return false;
            }
            if (Containers.PLAIN.contains(f.type().simpleName())) {
                return true;
            }
            // Declared as an interface (Map, List): plain only when every value stored in it is a plain one.
            List<String> values = fieldValues.get(l.owner() + "#" + f.name());
            return values != null && !values.isEmpty() && Containers.PLAIN.containsAll(values);
        }
    }
}
