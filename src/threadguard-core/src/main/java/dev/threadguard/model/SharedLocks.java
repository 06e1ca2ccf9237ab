package dev.threadguard.model;

import dev.threadguard.facts.FieldFacts;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.MethodFacts;
import dev.threadguard.facts.ObjectFlow;
import dev.threadguard.facts.TypeFacts;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.SourceType;
import dev.threadguard.model.LockGraph.Node;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which lock fields hold one lock: a small points-to analysis of the objects constructors keep.
 *
 * <p>A field that the program assigns only from a constructor parameter ({@code this.lock = lock}), and
 * nothing else (no initializer, no other value, no assignment outside a constructor; the field is
 * {@code final} or {@code private}, so no other class assigns it), holds whatever the program's creations of
 * that class pass for the parameter: {@code new Reader(lock)}, {@code this(lock)} and {@code super(lock)}
 * of subclasses. When every such creation passes the same thing, the field is that thing's lock:
 * <ul>
 *   <li>a field of the creating object ({@code new Reader(this.lock)}): that field's lock, followed again
 *   when that field is itself filled by a constructor;</li>
 *   <li>a parameter of the creating constructor: what that constructor's creations pass, in turn;</li>
 *   <li>a local or a parameter of a method ({@code Lock lock = new ReentrantLock(); new Reader(lock);
 *   new Writer(lock);}): one lock shared by every field filled from it, named after the first of them;</li>
 *   <li>{@code this}: the monitor of the creating class.</li>
 * </ul>
 * Anything else, creations that disagree, a class created by {@code T::new} or through an ambiguous
 * overload, a constructor no creation of the program reaches, or a cycle of such flows, leaves the field a
 * lock of its own, as before: two fields of different classes are one lock only when the program shows it.
 * Like the rest of lock identity this names locks by field, not by instance: creations made by code outside
 * the program are not seen.
 */
final class SharedLocks {

    /** A lock field's identity when it is one lock with something else: a node key, with its label for a shared local. */
    record Alias(String key, String label) {
    }

    private static final String NONE = "";

    private final ProgramIndex index;
    private final LockNodes nodes;
    /** Per {@code type#field}: the store facts of the fields filled from constructor parameters. */
    private final Map<String, ObjectFlow.Store> stores = new HashMap<>();
    /** Per constructor key ({@code type@line:column}): each creation that reaches it, with the file it is in; null entries for an unknown one. */
    private Map<String, List<Site>> sites;
    private final Map<String, String> resolved = new HashMap<>();
    private final Set<String> visiting = new HashSet<>();
    /** Per shared local ({@code V:...}): the smallest label of the fields that hold it. */
    private Map<String, String> labels;

    private record Site(FileFacts file, ObjectFlow.Creation creation) {
    }

    SharedLocks(ProgramIndex index, LockNodes nodes) {
        this.index = index;
        this.nodes = nodes;
        for (FileFacts f : index.files()) {
            for (ObjectFlow.Store s : f.objectFlow().stores()) {
                stores.putIfAbsent(s.type() + "#" + s.field(), s);
            }
        }
    }

    /** What the field {@code name} of {@code declarer} holds when it is shared, or null when it is a lock of its own. */
    Alias alias(String declarer, String name) {
        if (stores.isEmpty()) {
            return null;
        }
        String key = field(declarer, name);
        if (key == null) {
            return null;
        }
        if (key.startsWith("V:")) {
            return new Alias(key, labels().getOrDefault(key, nodes.display(declarer) + "." + name));
        }
        return new Alias(key, null);
    }

    /** Every filled field, resolved in a fixed order, so that a shared local's label is the smallest of its fields'. */
    private Map<String, String> labels() {
        if (labels == null) {
            labels = new TreeMap<>();
            for (String f : new java.util.TreeSet<>(stores.keySet())) {
                int hash = f.indexOf('#');
                String k = field(f.substring(0, hash), f.substring(hash + 1));
                if (k != null && k.startsWith("V:")) {
                    String label = nodes.display(f.substring(0, hash)) + "." + f.substring(hash + 1);
                    labels.merge(k, label, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
            }
        }
        return labels;
    }

    /** The key of what a field holds, or null when it holds no one thing the program shows. */
    private String field(String declarer, String name) {
        String fieldKey = declarer + "#" + name;
        String known = resolved.get(fieldKey);
        if (known != null) {
            return known == NONE ? null : known;
        }
        ObjectFlow.Store s = stores.get(fieldKey);
        if (s == null || s.other() || !eligible(declarer, name) || !visiting.add(fieldKey)) {
            return null;
        }
        String out = null;
        try {
            Set<String> values = new LinkedHashSet<>();
            for (String source : s.sources()) {
                int hash = source.indexOf('#');
                String v = parameter(declarer + "@" + source.substring(0, hash), Integer.parseInt(source.substring(hash + 1)));
                if (v == null) {
                    values.clear();
                    break;
                }
                values.add(v);
            }
            out = values.size() == 1 ? values.iterator().next() : null;
        } finally {
            visiting.remove(fieldKey);
        }
        resolved.put(fieldKey, out == null ? NONE : out);
        return out;
    }

    /** Whether only its own class's constructors can fill a field: final, or private. */
    private boolean eligible(String declarer, String name) {
        Optional<SourceType> t = index.sourceType(declarer);
        if (t.isEmpty()) {
            return false;
        }
        for (FieldFacts f : t.get().facts().fields()) {
            if (f.name().equals(name)) {
                return (f.modifiers() & (Modifier.FINAL | Modifier.PRIVATE)) != 0;
            }
        }
        return false;
    }

    /** What every creation passes for parameter {@code i} of a constructor, or null when they do not agree. */
    private String parameter(String constructor, int i) {
        String key = constructor + "#" + i;
        if (!visiting.add(key)) {
            return null;
        }
        try {
            List<Site> reaching = sites().get(constructor);
            if (reaching == null || reaching.isEmpty()) {
                return null;
            }
            String value = null;
            for (Site site : reaching) {
                if (site == null || i >= site.creation().arguments().size()) {
                    return null;
                }
                String v = argument(site, site.creation().arguments().get(i));
                if (v == null || value != null && !value.equals(v)) {
                    return null;
                }
                value = v;
            }
            return value;
        } finally {
            visiting.remove(key);
        }
    }

    private String argument(Site site, ObjectFlow.Arg a) {
        if (a.constructor() != null) {
            return parameter(a.constructor(), a.parameter());
        }
        if (a.variable() != null) {
            return "V:" + a.variable();
        }
        if (a.value() != null) {
            Node n = nodes.node(a.value(), site.file(), site.creation().scopeType());
            return n == null ? null : n.key();
        }
        return null;
    }

    /** The creations of the program by the constructor they reach. */
    private Map<String, List<Site>> sites() {
        if (sites == null) {
            sites = new HashMap<>();
            for (FileFacts f : index.files()) {
                for (ObjectFlow.Creation c : f.objectFlow().creations()) {
                    Optional<SourceType> created = created(c, f);
                    if (created.isEmpty()) {
                        continue;
                    }
                    List<String> matching = new ArrayList<>();
                    for (MethodFacts m : created.get().facts().methods()) {
                        if (m.isConstructor() && (c.kind() == ObjectFlow.Kind.REFERENCE || m.accepts(c.arguments().size()))) {
                            matching.add(created.get().name() + "@" + m.pos().line() + ":" + m.pos().column());
                        }
                    }
                    boolean known = matching.size() == 1 && c.kind() != ObjectFlow.Kind.REFERENCE;
                    for (String k : matching) {
                        sites.computeIfAbsent(k, x -> new ArrayList<>()).add(known ? new Site(f, c) : null);
                    }
                }
            }
        }
        return sites;
    }

    /** The class a creation makes, when it is in the sources. */
    private Optional<SourceType> created(ObjectFlow.Creation c, FileFacts f) {
        switch (c.kind()) {
            case NEW, REFERENCE -> {
                return index.resolve(c.type(), f, c.scopeType()).flatMap(t -> t instanceof SourceType s ? Optional.of(s) : Optional.empty());
            }
            case THIS -> {
                return index.sourceType(c.scopeType());
            }
            default -> {
                Optional<SourceType> self = index.sourceType(c.scopeType());
                if (self.isPresent()) {
                    for (JavaType s : index.supertypes(self.get())) {
                        if (s instanceof SourceType st && st.facts().kind() == TypeFacts.Kind.CLASS) {
                            return Optional.of(st);
                        }
                    }
                }
                return Optional.empty();
            }
        }
    }
}
