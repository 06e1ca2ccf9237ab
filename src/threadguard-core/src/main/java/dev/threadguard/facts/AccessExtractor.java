package dev.threadguard.facts;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.InstanceOfExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import dev.threadguard.facts.model.Containers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The race analysis's collector in the one walk of a file: for each body of code, the reads and writes of
 * fields, array elements and collections kept in fields ({@link Access}), with the locks held, leaving out
 * the accesses of objects the body owns: those it created and has not let escape, and its own object while a
 * constructor builds it. {@code FactExtractor} walks the tree and calls the hooks; this class decides.
 */
final class AccessExtractor {

    /** A local that holds an object the body created: owned until it escapes. */
    private static final class Fresh {
        final Object unit;
        boolean escaped;

        Fresh(Object unit) {
            this.unit = unit;
        }
    }

    /** A local that holds the value of a field: its elements and calls touch the field's object. */
    private record Alias(Object unit, String owner, ValueRef on, String field) {
    }

    private static final class Unit {
        final List<Access> accesses = new ArrayList<>();
        final List<Pos> ownedCalls = new ArrayList<>();
        final List<AccessFacts.OwnedArgument> ownedArguments = new ArrayList<>();
        List<LockRef> contract;
        int handedOff;
        /** The lambda or anonymous class around the body, when it runs later. */
        Node task;
    }

    private final WalkerScope scope;
    private final Map<Object, Unit> units = new IdentityHashMap<>();
    private final Map<String, Fresh> fresh = new HashMap<>();
    private final Map<String, Alias> aliases = new HashMap<>();
    private final List<AccessFacts.AccessBody> bodies = new ArrayList<>();
    private final Set<String> threadSafe = new HashSet<>();
    private final Set<String> notThreadSafe = new HashSet<>();
    private final Map<String, List<String>> fieldValues = new java.util.LinkedHashMap<>();
    /** Final fields of the file's types, {@code owner#field}: reading them is no race, and not recorded. */
    private final Set<String> finalFields = new HashSet<>();

    AccessExtractor(WalkerScope scope) {
        this.scope = scope;
    }

    AccessFacts finish() {
        if (bodies.isEmpty() && threadSafe.isEmpty() && notThreadSafe.isEmpty() && fieldValues.isEmpty()) {
            return AccessFacts.NONE;
        }
        Map<String, List<String>> values = new java.util.LinkedHashMap<>();
        fieldValues.forEach((k, v) -> values.put(k, List.copyOf(v)));
        return new AccessFacts(List.copyOf(bodies), Set.copyOf(threadSafe), Set.copyOf(notThreadSafe),
                java.util.Collections.unmodifiableMap(values));
    }

    /** Called once per type declaration with its annotations. */
    void typeAnnotations(String qualifiedName, NodeList<AnnotationExpr> annotations) {
        for (AnnotationExpr a : annotations) {
            String name = a.getName().getIdentifier();
            if (name.equals("ThreadSafe")) {
                threadSafe.add(qualifiedName);
            } else if (name.equals("NotThreadSafe")) {
                notThreadSafe.add(qualifiedName);
            }
        }
    }

    /** A final field of a type of the file, seen before the walk. */
    void finalField(String owner, String field) {
        finalFields.add(owner + "#" + field);
    }

    /** A field's initializer: what it stores, for the collection model. */
    void fieldInitializer(String owner, String field, Expression value) {
        stored(owner, field, value);
    }

    private void stored(String owner, String field, Expression value) {
        Expression v = FactExtractor.unwrap(value);
        String made = v instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isEmpty()
                ? o.getType().getNameAsString()
                : v instanceof MethodCallExpr c && AccessFacts.SINGLE_THREAD_EXECUTORS.contains(c.getNameAsString() + "()")
                ? c.getNameAsString() + "()" : "?";
        List<String> list = fieldValues.computeIfAbsent(owner + "#" + field, k -> new ArrayList<>(1));
        if (!list.contains(made)) {
            list.add(made);
        }
    }

    /**
     * Called when a body of code is finished, with what names it; {@code later} is the lambda or anonymous
     * class the body belongs to when it runs later, null otherwise.
     */
    void finishBody(Object unit, String type, String method, Pos declared, String scopeType, String member,
                    String thread, boolean deferred, boolean construction, int lockBody, Node later) {
        Unit u = units.remove(unit);
        fresh.values().removeIf(f -> f.unit == unit);
        aliases.values().removeIf(a -> a.unit == unit);
        // Only code handed to another thread runs as a task; a lambda kept in a variable may run anywhere.
        int task = !deferred ? 0 : later != null ? handedOff(later) : u != null ? u.handedOff : 0;
        boolean lambda = declared == null && deferred;
        if (u != null && (!u.accesses.isEmpty() || !u.ownedCalls.isEmpty() || !u.ownedArguments.isEmpty())
                || lambda && lockBody >= 0) {
            Node taskNode = later != null ? later : u != null ? u.task : null;
            bodies.add(new AccessFacts.AccessBody(type, method, declared, scopeType, member, thread, task,
                    construction, lockBody, u == null ? List.of() : List.copyOf(u.accesses),
                    u == null ? List.of() : List.copyOf(u.ownedCalls),
                    task == 0 || taskNode == null ? null : handoff(taskNode),
                    u == null ? List.of() : List.copyOf(u.ownedArguments)));
        }
    }

    /** The innermost lambda or anonymous class around a node, or null. */
    private static Node taskAround(Node at) {
        for (Node n = at.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof com.github.javaparser.ast.expr.LambdaExpr
                    || n instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent()) {
                return n;
            }
        }
        return null;
    }

    /**
     * How a task (a lambda or anonymous class handed to another thread where it is written) is started: the
     * executor field it is submitted to, and the call that starts it, when that call runs once in its method
     * (not in a loop): {@code pool.submit(task)}, {@code new Thread(task).start()}, or {@code t.start()} on the
     * local that holds {@code new Thread(task)}.
     */
    private AccessFacts.Handoff handoff(Node task) {
        Node user = task.getParentNode().orElse(null);
        String executor = null;
        Node start = null;
        if (user instanceof MethodCallExpr call && call.getArguments().stream().anyMatch(x -> x == task)) {
            String name = call.getNameAsString();
            if (dev.threadguard.facts.model.Tasks.SUBMISSIONS.contains(name) || name.equals("start")
                    || name.equals("startVirtualThread")) {
                start = call;
                Location l = call.getScope().map(this::location).orElse(null);
                if (l != null && l.owner != null) {
                    executor = l.owner + "#" + l.field;
                }
            }
        } else if (user instanceof ObjectCreationExpr c && c.getType().getName().getIdentifier().equals("Thread")) {
            start = threadStart(c);
        } else if (task instanceof ObjectCreationExpr o && o.getType().getName().getIdentifier().equals("Thread")) {
            start = threadStart(o);
        }
        if (start == null && executor == null) {
            return null;
        }
        Node in = null;
        for (Node n = start == null ? null : start.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof com.github.javaparser.ast.stmt.ForStmt || n instanceof com.github.javaparser.ast.stmt.ForEachStmt
                    || n instanceof com.github.javaparser.ast.stmt.WhileStmt || n instanceof com.github.javaparser.ast.stmt.DoStmt
                    || n instanceof com.github.javaparser.ast.expr.LambdaExpr || n instanceof com.github.javaparser.ast.body.TypeDeclaration<?>
                    || n instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent()) {
                break; // run again and again, or in code run later: no one point before which writes are seen
            }
            if (n instanceof com.github.javaparser.ast.body.CallableDeclaration<?>) {
                in = n;
                break;
            }
        }
        return new AccessFacts.Handoff(executor, in == null ? null : FactExtractor.pos(start),
                in == null ? null : FactExtractor.pos(in));
    }

    /** The {@code start()} of a thread made by {@code creation}: called on it, or on the local it is kept in. */
    private static Node threadStart(ObjectCreationExpr creation) {
        Node parent = creation.getParentNode().orElse(null);
        if (parent instanceof MethodCallExpr c && c.getNameAsString().equals("start")
                && c.getScope().filter(x -> x == creation).isPresent()) {
            return c;
        }
        if (parent instanceof VariableDeclarator v) {
            String name = v.getNameAsString();
            Node body = v.findAncestor(com.github.javaparser.ast.body.CallableDeclaration.class).orElse(null);
            if (body == null) {
                return null;
            }
            for (MethodCallExpr c : body.findAll(MethodCallExpr.class)) {
                if (c.getNameAsString().equals("start") && c.getArguments().isEmpty()
                        && c.getScope().filter(x -> x instanceof NameExpr n && n.getNameAsString().equals(name)).isPresent()) {
                    return c;
                }
            }
        }
        return null;
    }

    /**
     * How a lambda or anonymous class is handed to another thread where it is written: to an executor
     * ({@link AccessFacts.AccessBody#POOLED_TASK}), or to a thread, a timer or a future's stage
     * ({@link AccessFacts.AccessBody#THREAD_TASK}); see {@code facts/model/Tasks}.
     */
    static int handedOff(Node task) {
        Node user = task.getParentNode().orElse(null);
        if (user instanceof MethodCallExpr call) {
            String name = call.getNameAsString();
            if (dev.threadguard.facts.model.Tasks.POOLED_SUBMISSIONS.contains(name) || name.equals("invokeAll")
                    || name.equals("invokeAny") || name.equals("runAsync") || name.equals("supplyAsync")) {
                return AccessFacts.AccessBody.POOLED_TASK;
            }
            return dev.threadguard.facts.model.Tasks.SUBMISSIONS.contains(name)
                    || dev.threadguard.facts.model.Tasks.DEFERRING.contains(name)
                    || name.startsWith("then") || name.endsWith("Async")
                    ? AccessFacts.AccessBody.THREAD_TASK : AccessFacts.AccessBody.NO_TASK;
        }
        if (user instanceof ObjectCreationExpr creation) {
            String type = creation.getType().getName().getIdentifier();
            return type.equals("Thread") || type.equals("Timer")
                    ? AccessFacts.AccessBody.THREAD_TASK : AccessFacts.AccessBody.NO_TASK;
        }
        return task instanceof ObjectCreationExpr o && (o.getType().getName().getIdentifier().equals("Thread")
                || o.getType().getName().getIdentifier().equals("TimerTask"))
                ? AccessFacts.AccessBody.THREAD_TASK : AccessFacts.AccessBody.NO_TASK;
    }

    private Unit unit(Node at) {
        Object key = scope.unit();
        if (key == null) {
            return null;
        }
        Unit u = units.get(key);
        if (u == null) {
            u = new Unit();
            u.contract = contract(at);
            u.task = taskAround(at);
            u.handedOff = u.task == null ? AccessFacts.AccessBody.NO_TASK : handedOff(u.task);
            units.put(key, u);
        }
        return u;
    }

    /** The locks a method-level {@code @GuardedBy} says its callers hold; none in code run later. */
    private List<LockRef> contract(Node at) {
        MethodDeclaration m = at.findAncestor(MethodDeclaration.class).orElse(null);
        if (m == null || scope.constructing()) {
            return List.of();
        }
        String lock = FactExtractor.guardedBy(m.getAnnotations());
        if (lock == null) {
            return List.of();
        }
        // Code between the method and the access that runs later (a lambda, an anonymous class) does not hold it.
        for (Node n = at.getParentNode().orElse(null); n != null && n != m; n = n.getParentNode().orElse(null)) {
            if (n instanceof com.github.javaparser.ast.expr.LambdaExpr
                    || n instanceof com.github.javaparser.ast.body.TypeDeclaration<?>
                    || n instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent()) {
                return List.of();
            }
        }
        try {
            Expression e = com.github.javaparser.StaticJavaParser.parseExpression(lock);
            return List.of(scope.lockRef(e, FactExtractor.pos(m.getName())));
        } catch (RuntimeException unparsable) {
            return List.of();
        }
    }

    // ---------------------------------------------------------------- hooks

    /** A local declared, with its initializer. */
    void local(VariableDeclarator v) {
        Object unit = scope.unit();
        if (unit == null) {
            return;
        }
        String name = v.getNameAsString();
        fresh.remove(name);
        aliases.remove(name);
        Expression init = v.getInitializer().map(FactExtractor::unwrap).orElse(null);
        if (init != null) {
            bind(name, init, unit);
        }
    }

    private void bind(String name, Expression value, Object unit) {
        if (created(value)) {
            fresh.put(name, new Fresh(unit));
            return;
        }
        Location l = location(value);
        if (l != null) {
            aliases.put(name, new Alias(unit, l.owner, l.on, l.field));
        }
    }

    /** Whether an expression makes a new object: {@code new}, an array, a builder. */
    private static boolean created(Expression e) {
        return e instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isEmpty()
                || e instanceof ArrayCreationExpr || e instanceof ArrayInitializerExpr
                || e instanceof MethodCallExpr c && (c.getNameAsString().equals("builder")
                || c.getNameAsString().equals("newBuilder"));
    }

    /** An assignment, before the walker visits its parts. */
    void assignment(AssignExpr n) {
        Expression target = n.getTarget();
        Expression value = FactExtractor.unwrap(n.getValue());
        if (target instanceof NameExpr name && scope.isLocal(name.getNameAsString())) {
            String id = name.getNameAsString();
            Fresh f = fresh.remove(id);
            aliases.remove(id);
            Object unit = scope.unit();
            if (unit != null && n.getOperator() == AssignExpr.Operator.ASSIGN && (f == null || f.unit == unit)) {
                bind(id, value, unit);
            }
            return;
        }
        // A fresh local stored in a field escapes there: what is done to it later is done to the field's object.
        if (value instanceof NameExpr local && scope.isLocal(local.getNameAsString())) {
            Location l = location(target);
            if (l != null && scope.unit() != null) {
                aliases.put(local.getNameAsString(), new Alias(scope.unit(), l.owner, l.on, l.field));
            }
        }
        boolean plain = n.getOperator() == AssignExpr.Operator.ASSIGN;
        if (plain) {
            Location l = location(target);
            if (l != null && l.owner != null) {
                stored(l.owner, l.field, value);
            }
        }
        // The walker does not visit these targets: a field named alone, or through this.
        if (plain && (target instanceof NameExpr || target instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr)) {
            expression(target);
        }
    }

    /** A name or field access the walker visits (and the targets of {@link #assignment} it does not). */
    void expression(Expression e) {
        if (scope.namingLock()) {
            return;
        }
        Node parent = e.getParentNode().orElse(null);
        if (e instanceof NameExpr n && scope.isLocal(n.getNameAsString())) {
            localUse(n, parent);
            return;
        }
        if (parent instanceof FieldAccessExpr outer && outer.getScope() == e && e instanceof NameExpr n
                && scope.fieldOwner(n.getNameAsString()) == null) {
            return; // a type or package name qualifying a static
        }
        Location l = location(e);
        if (l == null) {
            return;
        }
        Unit u = unit(e);
        if (u == null || l.owned) {
            return;
        }
        // Reads of final fields, and of constants by their naming convention (UPPER_CASE, another type's), are
        // left out: they cannot race, and they are the most frequent accesses of all.
        boolean constant = l.owner != null ? finalFields.contains(l.owner + "#" + l.field)
                : l.field.length() > 1 && l.field.equals(l.field.toUpperCase(java.util.Locale.ROOT));
        if (parent instanceof ArrayAccessExpr a && a.getName() == e) {
            add(u, l, Access.Target.ELEMENT, kind(a), "[]", a);
            if (!constant) {
                add(u, l, Access.Target.FIELD, Access.Kind.READ, "", e);
            }
        } else {
            Access.Kind kind = kind(e);
            if (!constant || kind != Access.Kind.READ) {
                add(u, l, Access.Target.FIELD, kind, "", e);
            }
        }
    }

    /** The arguments of a call that are objects the body owns: made right there, or fresh locals not yet escaped. */
    private void ownedArguments(MethodCallExpr n, Unit u) {
        for (int i = 0; i < n.getArguments().size(); i++) {
            Expression a = FactExtractor.unwrap(n.getArgument(i));
            if (a instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isEmpty() || owned(a) && a instanceof NameExpr) {
                u.ownedArguments.add(new AccessFacts.OwnedArgument(FactExtractor.pos(n), i));
            }
        }
    }

    /** A call, before the walker visits its parts: a call on a collection kept in a field, or on an owned object. */
    void call(MethodCallExpr n) {
        if (n.getScope().isEmpty()) {
            Unit u = n.getArguments().isEmpty() ? null : unit(n);
            if (u != null) {
                ownedArguments(n, u);
            }
            return;
        }
        Expression receiver = FactExtractor.unwrap(n.getScope().get());
        Unit u = unit(n);
        if (u == null) {
            return;
        }
        ownedArguments(n, u);
        if (owned(receiver)) {
            u.ownedCalls.add(FactExtractor.pos(n));
            return;
        }
        String name = n.getNameAsString();
        Access.Kind kind = Containers.WRITES.contains(name) ? Access.Kind.WRITE
                : Containers.READS.contains(name) ? Access.Kind.READ : null;
        if (kind == null) {
            return;
        }
        Location l = receiver instanceof NameExpr local && scope.isLocal(local.getNameAsString())
                ? aliasLocation(local.getNameAsString()) : location(receiver);
        if (l != null && !l.owned) {
            add(u, l, Access.Target.CONTAINER, kind, "." + name + (n.getArguments().isEmpty() ? "()" : "(...)"), n);
        }
    }

    private void add(Unit u, Location l, Access.Target target, Access.Kind kind, String suffix, Node at) {
        List<LockRef> held = scope.held();
        if (!u.contract.isEmpty()) {
            List<LockRef> all = new ArrayList<>(u.contract);
            all.addAll(held);
            held = List.copyOf(all);
        }
        u.accesses.add(new Access(kind, target, l.owner, l.on, l.field, l.text + suffix, held, FactExtractor.pos(at),
                l.parameter));
    }

    /** A use of a local: an owned object escapes unless it is only used as a receiver, compared or tested. */
    private void localUse(NameExpr n, Node parent) {
        String id = n.getNameAsString();
        Fresh f = fresh.get(id);
        if (f != null) {
            boolean here = f.unit == scope.unit();
            boolean harmless = parent instanceof FieldAccessExpr fa && fa.getScope() == n
                    || parent instanceof MethodCallExpr c && c.getScope().filter(s -> s == n).isPresent()
                    || parent instanceof ArrayAccessExpr a && a.getName() == n
                    || parent instanceof AssignExpr as && as.getTarget() == n
                    || parent instanceof BinaryExpr || parent instanceof InstanceOfExpr;
            if (!here || !harmless) {
                f.escaped = true;
            }
        }
        Alias a = aliases.get(id);
        if (a != null && parent instanceof ArrayAccessExpr arr && arr.getName() == n) {
            Unit u = unit(n);
            if (u != null) {
                add(u, new Location(a.owner, a.on, a.field, id, false), Access.Target.ELEMENT, kind(arr), "[]", arr);
            }
        }
    }

    private boolean owned(Expression receiver) {
        if (receiver instanceof NameExpr n && scope.isLocal(n.getNameAsString())) {
            Fresh f = fresh.get(n.getNameAsString());
            return f != null && !f.escaped && f.unit == scope.unit();
        }
        if (receiver instanceof ObjectCreationExpr o) {
            return o.getAnonymousClassBody().isEmpty();
        }
        if (receiver instanceof MethodCallExpr c) {
            // A builder's chain: builder().a(1).b(2) is called on the object builder() made.
            return c.getNameAsString().equals("builder") || c.getNameAsString().equals("newBuilder")
                    || c.getScope().map(FactExtractor::unwrap).filter(this::owned).isPresent();
        }
        return false;
    }

    private Location aliasLocation(String local) {
        Alias a = aliases.get(local);
        return a == null ? null : new Location(a.owner, a.on, a.field, local, false);
    }

    /** A memory location named by an expression; {@code parameter}: see {@link Access#parameter()}. */
    private record Location(String owner, ValueRef on, String field, String text, boolean owned, int parameter) {
        Location(String owner, ValueRef on, String field, String text, boolean owned) {
            this(owner, on, field, text, owned, -1);
        }
    }

    private final Map<Node, Set<String>> assignedNames = new IdentityHashMap<>();

    /**
     * The number of the parameter a name is, in the method or constructor whose own code uses it (not a lambda's
     * or a nested class's), when the method never assigns it; -1 otherwise.
     */
    private int parameter(NameExpr name) {
        String id = name.getNameAsString();
        for (Node n = name.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof com.github.javaparser.ast.expr.LambdaExpr || n instanceof com.github.javaparser.ast.body.TypeDeclaration<?>
                    || n instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent()) {
                return -1;
            }
            if (n instanceof com.github.javaparser.ast.body.CallableDeclaration<?> c) {
                NodeList<com.github.javaparser.ast.body.Parameter> ps = c.getParameters();
                for (int i = 0; i < ps.size(); i++) {
                    if (ps.get(i).getNameAsString().equals(id)) {
                        Set<String> assigned = assignedNames.computeIfAbsent(c, k -> {
                            Set<String> out = new HashSet<>();
                            k.findAll(AssignExpr.class).forEach(as -> {
                                if (as.getTarget() instanceof NameExpr t) {
                                    out.add(t.getNameAsString());
                                }
                            });
                            return out;
                        });
                        return assigned.contains(id) ? -1 : i;
                    }
                }
                return -1;
            }
        }
        return -1;
    }

    /** The field an expression names, or null: {@code count}, {@code this.count}, {@code Outer.this.count}, {@code a.b.count}. */
    private Location location(Expression e) {
        e = FactExtractor.unwrap(e);
        if (e instanceof NameExpr n) {
            String id = n.getNameAsString();
            if (scope.isLocal(id)) {
                return null;
            }
            String owner = scope.fieldOwner(id);
            if (owner == null) {
                return null;
            }
            return new Location(owner, null, id, id, scope.constructing() && owner.equals(scope.thisType(null)));
        }
        if (e instanceof FieldAccessExpr f) {
            Expression s = FactExtractor.unwrap(f.getScope());
            String id = f.getNameAsString();
            if (s instanceof ThisExpr t) {
                String owner = scope.thisType(t.getTypeName().map(x -> x.asString()).orElse(null));
                if (owner == null) {
                    return null;
                }
                return new Location(owner, null, id, FactExtractor.text(f), scope.constructing() && t.getTypeName().isEmpty());
            }
            if (s instanceof NameExpr local && scope.isLocal(local.getNameAsString())) {
                Fresh fr = fresh.get(local.getNameAsString());
                boolean own = fr != null && !fr.escaped && fr.unit == scope.unit();
                return new Location(null, scope.valueRef(s), id, FactExtractor.text(f), own, own ? -1 : parameter(local));
            }
            if (s instanceof ObjectCreationExpr || s instanceof MethodCallExpr c && owned(c)) {
                return null;
            }
            if (id.equals("length") && !(s instanceof NameExpr n && Character.isUpperCase(n.getNameAsString().charAt(0)))) {
                return null; // most likely an array's length, which never changes
            }
            return new Location(null, scope.valueRef(s), id, FactExtractor.text(f), false);
        }
        return null;
    }

    /** What an expression does to what it names: written, read and written, or read. */
    private static Access.Kind kind(Expression e) {
        Node parent = e.getParentNode().orElse(null);
        if (parent instanceof AssignExpr a && a.getTarget() == e) {
            return a.getOperator() == AssignExpr.Operator.ASSIGN ? Access.Kind.WRITE : Access.Kind.READ_WRITE;
        }
        if (parent instanceof UnaryExpr u && (u.getOperator() == UnaryExpr.Operator.PREFIX_INCREMENT
                || u.getOperator() == UnaryExpr.Operator.PREFIX_DECREMENT
                || u.getOperator() == UnaryExpr.Operator.POSTFIX_INCREMENT
                || u.getOperator() == UnaryExpr.Operator.POSTFIX_DECREMENT)) {
            return Access.Kind.READ_WRITE;
        }
        return Access.Kind.READ;
    }
}
