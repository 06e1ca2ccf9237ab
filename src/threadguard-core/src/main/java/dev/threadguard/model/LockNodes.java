package dev.threadguard.model;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockOp;
import dev.threadguard.facts.LockRef;
import dev.threadguard.facts.TypeFacts;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.SourceType;
import dev.threadguard.model.LockGraph.Node;

import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Lock identity: the one name of a lock that every family uses. A written lock ({@link LockRef}) becomes a
 * node: the monitor of a class of the analysed tree ({@code Order.this}, whichever instance), a lock kept in
 * a field ({@code Pool.mainLock}, whichever instance holds it; fields that constructors fill with one lock
 * passed to several objects are that one lock, see {@link SharedLocks}), a class literal. Locks that cannot be named
 * across methods (a {@code ReentrantLock} handed in as a parameter) have no node and are named as written.
 */
public final class LockNodes {

    private final ProgramIndex index;
    private final Map<String, Node> nodesByKey = new TreeMap<>();
    /** The types whose own code locks or waits on {@code this}: only their monitors are locks by type. */
    private final Set<String> monitorTypes = new HashSet<>();
    private final Map<String, String> monitorRoots = new HashMap<>();
    /** Per written lock (an instance belongs to one body): its node, or {@link #NONE}, and its name. */
    private final Map<LockRef, Node> nodes = new IdentityHashMap<>();
    private final Map<LockRef, String> names = new IdentityHashMap<>();
    private static final Node NONE = new Node("", "");
    /** Which lock fields hold one lock passed through constructors; made on first use. */
    private SharedLocks shared;

    private LockNodes(ProgramIndex index) {
        this.index = index;
        for (Body b : CallGraph.of(index).bodies()) {
            for (LockOp op : b.body().ops()) {
                if (op.kind() == LockOp.Kind.ACQUIRE && op.lock().kind() == LockRef.Kind.THIS
                        && !op.lock().lockCall() && !op.lock().owner().equals("java.lang.Object")) {
                    monitorTypes.add(op.lock().owner());
                }
            }
        }
    }

    /** The lock identities of the index's program, shared. */
    public static LockNodes of(ProgramIndex index) {
        return index.derived(LockNodes.class, LockNodes::new);
    }

    private SharedLocks shared() {
        if (shared == null) {
            shared = new SharedLocks(index, this);
        }
        return shared;
    }

    /** The node of a key made by this class. */
    Node byKey(String key) {
        return nodesByKey.get(key);
    }

    /**
     * The name of a lock for every family, as a reader of the place calls it: {@code Order.this} for the
     * monitor of this object or of a field or parameter whose class locks {@code this} (the class named,
     * not the topmost class sharing its node), {@code Order.lock} for a lock field (named after the type
     * that has it in scope), {@code Order.class}; {@code " (read)"} after the read side of a read/write lock;
     * the expression as written when the lock has no node.
     */
    public String name(LockRef r, FileFacts file, String scopeType) {
        String known = names.get(r);
        if (known == null) {
            known = computeName(r, file, scopeType);
            names.put(r, known);
        }
        return known;
    }

    private String computeName(LockRef r, FileFacts file, String scopeType) {
        String name = switch (r.kind()) {
            case THIS -> r.name();
            case FIELD -> {
                Optional<JavaType> owner = index.type(r.owner());
                if (owner.isPresent()) {
                    JavaType declarer = index.fieldDeclarer(owner.get(), r.name()).orElse(owner.get());
                    if (shared().alias(declarer.name(), r.name()) != null) {
                        yield field(owner.get(), r.name()).label();
                    }
                }
                Optional<JavaType> type = owner.flatMap(o -> index.fieldType(o, r.name()));
                // An inherited lock field is named after the class that declares it, as its @GuardedBy is.
                Optional<JavaType> declarer = owner.flatMap(o -> index.fieldDeclarer(o, r.name()));
                yield type.isPresent() && monitorTypes.contains(type.get().name()) ? display(type.get().name()) + ".this"
                        : declarer.or(() -> owner).map(o -> display(o.name())).orElse(r.owner()) + "." + r.name();
            }
            default -> {
                Node n = node(r, file, scopeType);
                if (n == null) {
                    yield r.name();
                }
                if (n.key().startsWith("M:") && r.value() != null) {
                    Optional<JavaType> t = index.typeOf(r.value(), file, scopeType);
                    yield t.map(x -> display(x.name()) + ".this").orElse(n.label());
                }
                yield n.label();
            }
        };
        return r.read() ? name + " (read)" : name;
    }

    /** The node of a lock, or null when the analysis cannot name it across methods. */
    public Node node(LockRef r, FileFacts file, String scope) {
        Node known = nodes.get(r);
        if (known == null) {
            known = computeNode(r, file, scope);
            nodes.put(r, known == null ? NONE : known);
        }
        return known == NONE ? null : known;
    }

    private Node computeNode(LockRef r, FileFacts file, String scope) {
        switch (r.kind()) {
            case THIS -> {
                return monitor(r.owner(), r.name());
            }
            case CLASS -> {
                String type = r.owner();
                if (type == null && r.value() instanceof ValueRef.Declared d) {
                    type = index.resolve(d.type(), file, scope).map(JavaType::name).orElse(null);
                }
                if (type == null) {
                    return node("C:" + r.name(), r.name());
                }
                return node("C:" + type, display(type) + ".class");
            }
            case FIELD -> {
                Optional<JavaType> owner = index.type(r.owner());
                return owner.isEmpty() ? node("F:" + r.owner() + "#" + r.name(), r.name()) : field(owner.get(), r.name());
            }
            case RESOURCE -> {
                Optional<JavaType> holder = r.value() == null ? Optional.empty() : index.typeOf(r.value(), file, scope);
                String field = holder.map(h -> LockHolders.of(index).field(h.name())).orElse(null);
                return field == null ? null : field(holder.get(), field);
            }
            default -> {
                if (r.value() instanceof ValueRef.Field f) {
                    Optional<JavaType> target = index.typeOf(f.target(), file, scope);
                    if (target.isPresent()) {
                        return field(target.get(), f.name());
                    }
                }
                Optional<JavaType> t = r.value() == null ? Optional.empty() : index.typeOf(r.value(), file, scope);
                // Parameters and locals are abstracted by their class; a lock as general as an Object or an
                // interface names nothing in particular.
                if (t.isPresent() && (monitorTypes.contains(t.get().name()) || t.get() instanceof SourceType s
                        && (s.facts().kind() == TypeFacts.Kind.CLASS || s.facts().kind() == TypeFacts.Kind.RECORD)
                        && !s.name().equals("java.lang.Object"))) {
                    return monitor(t.get().name(), null);
                }
                return null;
            }
        }
    }

    /** The lock kept in a field: the field's declaring type and name, or the monitor of the object it holds. */
    private Node field(JavaType owner, String name) {
        JavaType declarer = index.fieldDeclarer(owner, name).orElse(owner);
        Optional<JavaType> type = index.fieldType(declarer, name);
        if (type.isPresent() && monitorTypes.contains(type.get().name())) {
            return monitor(type.get().name(), null);
        }
        SharedLocks.Alias alias = shared().alias(declarer.name(), name);
        if (alias != null) {
            Node n = alias.label() != null ? node(alias.key(), alias.label()) : nodesByKey.get(alias.key());
            if (n != null) {
                return n;
            }
        }
        return node("F:" + declarer.name() + "#" + name, display(declarer.name()) + "." + name);
    }

    private Node monitor(String declared, String written) {
        String type = monitorRoot(declared);
        if (!type.equals(declared)) {
            written = null;
        }
        Optional<SourceType> s = index.sourceType(type);
        String label = s.map(x -> x.facts().displayName() + ".this").orElse(written != null ? written : display(type) + ".this");
        return node("M:" + type, label);
    }

    /**
     * The class whose monitor node stands for objects of {@code type}: an object has one monitor, whichever
     * of its classes' synchronized methods takes it, so a class and its superclasses that lock {@code this}
     * share the node of the topmost of them.
     */
    private String monitorRoot(String type) {
        return monitorRoots.computeIfAbsent(type, this::findMonitorRoot);
    }

    private String findMonitorRoot(String type) {
        String root = type;
        Set<String> seen = new HashSet<>();
        for (String t = type; t != null && seen.add(t); ) {
            Optional<JavaType> jt = index.type(t);
            String next = null;
            if (jt.isPresent()) {
                for (JavaType s : index.supertypes(jt.get())) {
                    if (s instanceof SourceType st && st.facts().kind() == TypeFacts.Kind.CLASS) {
                        next = st.name();
                        if (monitorTypes.contains(next)) {
                            root = next;
                        }
                        break;
                    }
                }
            }
            t = next;
        }
        return root;
    }

    /** What a reader calls a type: its display name when it is in the sources, its simple name otherwise. */
    String display(String qualified) {
        Optional<SourceType> s = index.sourceType(qualified);
        if (s.isPresent()) {
            return s.get().facts().displayName();
        }
        int dot = qualified.lastIndexOf('.');
        return qualified.substring(dot + 1).replace('$', '.');
    }

    private Node node(String key, String label) {
        return nodesByKey.computeIfAbsent(key, k -> new Node(k, label));
    }

    /** A name for a lock that also tells apart the locks the graph cannot name, within one body. */
    String identity(LockRef r, Body b) {
        Node n = node(r, b.file(), b.body().scopeType());
        return n != null ? n.key() : "?" + b.order() + ":" + r.name();
    }
}
