package dev.threadguard.facts;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import dev.threadguard.facts.SharingFacts.ConstructorEscape;
import dev.threadguard.facts.SharingFacts.EscapeKind;
import dev.threadguard.facts.SharingFacts.UnsafeUse;
import dev.threadguard.facts.model.Tasks;
import dev.threadguard.facts.model.UnsafeToShare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sharing part of the one walk of {@link FactExtractor}: the walker calls {@link #call} on every method
 * call, and this class records {@link SharingFacts}. It looks into the tree only around what it meets: the
 * field declarations of the enclosing type, the constructor around a {@code start()} or {@code submit}.
 */
final class SharingExtractor {

    /** A field; {@code type} is null when the field's type is safe to share. */
    private record UnsafeField(String type, boolean isStatic) {
    }

    private final WalkerScope scope;
    private final List<UnsafeUse> uses = new ArrayList<>();
    private final List<ConstructorEscape> escapes = new ArrayList<>();
    /** Per type declaration, its fields, with their type when it is listed in {@link UnsafeToShare#TYPES}. */
    private final Map<TypeDeclaration<?>, Map<String, UnsafeField>> unsafeFields = new IdentityHashMap<>();

    SharingExtractor(WalkerScope scope) {
        this.scope = scope;
    }

    SharingFacts finish() {
        if (uses.isEmpty() && escapes.isEmpty()) {
            return SharingFacts.NONE;
        }
        return new SharingFacts(List.copyOf(uses), List.copyOf(escapes));
    }

    private Site site(Node node) {
        return new Site(scope.scopeType(), scope.member(), FactExtractor.pos(node));
    }

    /** Called on every method call before its parts are walked. */
    void call(MethodCallExpr n) {
        n.getScope().ifPresent(s -> unsafeUse(n, s));
        String name = n.getNameAsString();
        if (name.equals("start") || name.equals("startVirtualThread") || Tasks.POOLED_SUBMISSIONS.contains(name)
                || name.equals("runAsync") || name.equals("supplyAsync")) {
            escape(n);
        }
    }

    // ------------------------------------------------------------------ unsafe shared instances

    private void unsafeUse(MethodCallExpr n, Expression receiver) {
        String field;
        if (receiver instanceof NameExpr name && !scope.isLocal(name.getNameAsString())) {
            field = name.getNameAsString();
        } else if (receiver instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr t && t.getTypeName().isEmpty()) {
            field = f.getNameAsString();
        } else {
            return;
        }
        if (UnsafeToShare.HARMLESS_CALLS.contains(n.getNameAsString())) {
            return;
        }
        for (Node p = n.getParentNode().orElse(null); p != null; p = p.getParentNode().orElse(null)) {
            if (p instanceof TypeDeclaration<?> type) {
                Map<String, UnsafeField> fields = unsafeFields.computeIfAbsent(type, SharingExtractor::fieldsOf);
                UnsafeField f = fields.get(field);
                if (f == null) {
                    continue; // not a field of this type: an outer type's, or a type name
                }
                if (f.type() == null) {
                    return; // a field of a type that is safe to share
                }
                String owner = scope.fieldOwner(field);
                uses.add(new UnsafeUse(owner == null ? scope.scopeType() : owner, field, f.type(), f.isStatic(),
                        sharedOwner(type), scope.inDeferredCode(), scope.locksHeld(), inConstruction(n),
                        FactExtractor.text(n), site(n)));
                return;
            }
        }
    }

    /** Every field of the type; those of a type listed in {@link UnsafeToShare#TYPES} with that type, others with null. */
    private static Map<String, UnsafeField> fieldsOf(TypeDeclaration<?> type) {
        Map<String, UnsafeField> fields = new HashMap<>();
        for (FieldDeclaration f : type.getFields()) {
            for (VariableDeclarator v : f.getVariables()) {
                String unsafe = v.getType() instanceof ClassOrInterfaceType c && UnsafeToShare.TYPES.containsKey(c.getNameAsString())
                        ? c.getNameAsString() : null;
                fields.put(v.getNameAsString(), new UnsafeField(unsafe, f.isStatic()));
            }
        }
        return fields;
    }

    private static boolean sharedOwner(TypeDeclaration<?> type) {
        for (var a : type.getAnnotations()) {
            if (UnsafeToShare.SHARED_ANNOTATIONS.contains(a.getName().getIdentifier())) {
                return true;
            }
        }
        if (type instanceof ClassOrInterfaceDeclaration c) {
            for (ClassOrInterfaceType t : c.getExtendedTypes()) {
                if (UnsafeToShare.SHARED_SUPERTYPES.contains(t.getNameAsString())) {
                    return true;
                }
            }
            for (ClassOrInterfaceType t : c.getImplementedTypes()) {
                if (UnsafeToShare.SHARED_SUPERTYPES.contains(t.getNameAsString())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the node is in a constructor or initializer, outside any lambda or class body run later. */
    private static boolean inConstruction(Node n) {
        BodyDeclaration<?> body = enclosingBody(n);
        return body instanceof ConstructorDeclaration || body instanceof InitializerDeclaration
                || body instanceof FieldDeclaration;
    }

    /** The member declaration around {@code n}, or null when a lambda or an anonymous class comes first. */
    private static BodyDeclaration<?> enclosingBody(Node n) {
        for (Node p = n.getParentNode().orElse(null); p != null; p = p.getParentNode().orElse(null)) {
            if (p instanceof LambdaExpr || p instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent()
                    && o.getAnonymousClassBody().get().stream().anyMatch(m -> m.isAncestorOf(n))) {
                return null;
            }
            if (p instanceof CallableDeclaration<?> || p instanceof InitializerDeclaration || p instanceof FieldDeclaration) {
                return (BodyDeclaration<?>) p;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ this escaping from a constructor

    private void escape(MethodCallExpr n) {
        BodyDeclaration<?> body = enclosingBody(n);
        boolean constructing = body instanceof ConstructorDeclaration
                || body instanceof InitializerDeclaration init && !init.isStatic();
        if (!constructing) {
            return;
        }
        TypeDeclaration<?> type = body.findAncestor(TypeDeclaration.class).orElse(null);
        if (type == null) {
            return;
        }
        String name = n.getNameAsString();
        EscapeKind kind = null;
        ValueRef receiver = ValueRef.UNKNOWN;
        if (name.equals("start") && n.getArguments().isEmpty()) {
            Expression s = n.getScope().orElse(null);
            if (s == null || s instanceof ThisExpr t && t.getTypeName().isEmpty()) {
                kind = EscapeKind.SELF_STARTED;
            } else if (threadReaches(s, type, body)) {
                kind = EscapeKind.THREAD_STARTED;
                receiver = scope.valueRef(s);
            }
        } else if (name.equals("start") || name.equals("startVirtualThread")) {
            // Thread.startVirtualThread(task), Thread.ofPlatform().start(task)
            boolean threadBuilder = n.getScope().map(x -> FactExtractor.text(x).matches("(?i).*thread.*|.*of(Platform|Virtual)\\(\\).*"))
                    .orElse(false);
            if (threadBuilder && n.getArguments().stream().anyMatch(a -> reachesThis(a, type))) {
                kind = EscapeKind.THREAD_STARTED;
            }
        } else if (n.getArguments().stream().anyMatch(a -> reachesThis(a, type))) {
            kind = EscapeKind.SUBMITTED;
            receiver = n.getScope().map(scope::valueRef).orElse(ValueRef.UNKNOWN);
            if (n.getScope().isEmpty()) {
                return; // an own method named submit
            }
        }
        if (kind == null) {
            return;
        }
        boolean finalClass = type instanceof EnumDeclaration || type instanceof RecordDeclaration
                || type instanceof ClassOrInterfaceDeclaration c && c.isFinal()
                || type.getMembers().stream().filter(m -> m instanceof ConstructorDeclaration)
                .allMatch(m -> ((ConstructorDeclaration) m).isPrivate());
        Set<String> after = fieldsAssignedAfter(n, body, type);
        boolean read = !after.isEmpty() && taskReadsAny(n, kind, type, body, after);
        escapes.add(new ConstructorEscape(kind, receiver, FactExtractor.text(n), finalClass, !after.isEmpty(),
                site(n), read, delayed(n)));
    }

    /**
     * {@code schedule(task, 60, SECONDS)}, {@code scheduleAtFixedRate(task, PERIOD, ...)}: a first run after a delay
     * written as a positive literal or a constant (named in upper case; its value is not read, and is taken to be
     * positive, which a constant of 0 is not), by which time the constructor has long returned. A delay computed at
     * run time may be zero.
     */
    private static boolean delayed(MethodCallExpr n) {
        if (!n.getNameAsString().startsWith("schedule") || n.getArguments().size() < 3) {
            return false;
        }
        Expression delay = FactExtractor.unwrap(n.getArgument(1));
        String constant = delay instanceof NameExpr x ? x.getNameAsString()
                : delay instanceof FieldAccessExpr f ? f.getNameAsString() : null;
        if (constant != null) {
            return constant.length() > 1 && constant.equals(constant.toUpperCase(java.util.Locale.ROOT));
        }
        try {
            return delay instanceof com.github.javaparser.ast.expr.IntegerLiteralExpr i && i.asNumber().longValue() > 0
                    || delay instanceof com.github.javaparser.ast.expr.LongLiteralExpr l && l.asNumber().longValue() > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** How many calls deep the task's code is followed in its class. */
    private static final int TASK_DEPTH = 3;

    /**
     * Whether the task that escapes reads one of {@code fields}, as far as its class shows (the lambda, the
     * anonymous class, {@code run()} of {@code this}, the method of {@code this::m}, and the methods of the class
     * these call on themselves); true when the task's code cannot be found.
     */
    private static boolean taskReadsAny(MethodCallExpr n, EscapeKind kind, TypeDeclaration<?> type,
                                        BodyDeclaration<?> body, Set<String> fields) {
        List<Node> roots = new ArrayList<>();
        Set<String> methods = new HashSet<>();
        if (kind == EscapeKind.SELF_STARTED) {
            methods.add("run");
        } else if (kind == EscapeKind.THREAD_STARTED && n.getNameAsString().equals("start") && n.getArguments().isEmpty()) {
            Expression created = creation(n.getScope().orElse(null), body);
            if (created == null) {
                return true;
            }
            taskRoots(created, roots, methods);
        } else {
            for (Expression a : n.getArguments()) {
                if (reachesThis(a, type)) {
                    taskRoots(a, roots, methods);
                }
            }
        }
        if (roots.isEmpty() && methods.isEmpty()) {
            return true;
        }
        Set<String> read = ClassCode.reads(roots, methods, type, TASK_DEPTH);
        return fields.stream().anyMatch(read::contains);
    }

    /** The thread object {@code start()} is called on: created there, or the value the constructor gave it. */
    private static Expression creation(Expression s, BodyDeclaration<?> body) {
        Expression e = s == null ? null : FactExtractor.unwrap(s);
        if (e instanceof ObjectCreationExpr) {
            return e;
        }
        String name = e instanceof NameExpr ne ? ne.getNameAsString()
                : e instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr ? f.getNameAsString() : null;
        if (name == null) {
            return null;
        }
        Optional<Expression> value = body.findFirst(VariableDeclarator.class,
                        v -> v.getNameAsString().equals(name) && v.getInitializer().isPresent())
                .map(v -> v.getInitializer().get());
        if (value.isEmpty()) {
            value = body.findFirst(AssignExpr.class, a -> a.getTarget() instanceof NameExpr t && t.getNameAsString().equals(name)
                            || a.getTarget() instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr
                            && f.getNameAsString().equals(name))
                    .map(AssignExpr::getValue);
        }
        return value.map(FactExtractor::unwrap).filter(v -> v instanceof ObjectCreationExpr).orElse(null);
    }

    /** The code a task expression runs: a lambda's body, an anonymous class, {@code this}'s run, {@code this::m}. */
    private static void taskRoots(Expression arg, List<Node> roots, Set<String> methods) {
        Expression e = FactExtractor.unwrap(arg);
        if (e instanceof ThisExpr) {
            methods.add("run");
            methods.add("call");
        } else if (e instanceof MethodReferenceExpr ref && (ref.getScope() instanceof ThisExpr
                || ref.getScope() instanceof SuperExpr)) {
            methods.add(ref.getIdentifier());
        } else if (e instanceof LambdaExpr lambda) {
            roots.add(lambda.getBody());
        } else if (e instanceof ObjectCreationExpr created) {
            created.getArguments().forEach(a -> taskRoots(a, roots, methods));
            created.getAnonymousClassBody().ifPresent(roots::addAll);
        }
    }

    /** The fields of the type the constructor assigns after the statement of {@code n}. */
    private static Set<String> fieldsAssignedAfter(Node n, BodyDeclaration<?> body, TypeDeclaration<?> type) {
        Node statement = n;
        while (statement.getParentNode().isPresent() && !(statement.getParentNode().get() instanceof BlockStmt)) {
            statement = statement.getParentNode().get();
        }
        Pos end = FactExtractor.pos(statement);
        Pos after = Pos.at(end.endLine(), end.endColumn());
        Set<String> out = new HashSet<>();
        for (AssignExpr a : body.findAll(AssignExpr.class, a -> FactExtractor.pos(a).compareTo(after) > 0
                && (a.getTarget() instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr
                || a.getTarget() instanceof NameExpr name && type.getFieldByName(name.getNameAsString()).isPresent()
                && !body.findFirst(VariableDeclarator.class, v -> v.getNameAsString().equals(name.getNameAsString())).isPresent()
                && !(body instanceof ConstructorDeclaration c && c.getParameterByName(name.getNameAsString()).isPresent())))) {
            out.add(a.getTarget() instanceof FieldAccessExpr f ? f.getNameAsString()
                    : ((NameExpr) a.getTarget()).getNameAsString());
        }
        return out;
    }

    /** {@code new Thread(this)...}, or a local or field the constructor set to one. */
    private boolean threadReaches(Expression s, TypeDeclaration<?> type, BodyDeclaration<?> body) {
        if (!(creation(s, body) instanceof ObjectCreationExpr created)) {
            return false;
        }
        return created.getArguments().stream().anyMatch(a -> reachesThis(a, type))
                || created.getAnonymousClassBody().isPresent() && created.getAnonymousClassBody().get().stream()
                .anyMatch(m -> usesOuter(m, type, Set.of()));
    }

    /** Whether a task given to another thread reaches the object being built. */
    private static boolean reachesThis(Expression arg, TypeDeclaration<?> type) {
        Expression e = FactExtractor.unwrap(arg);
        if (e instanceof ThisExpr t) {
            return t.getTypeName().isEmpty();
        }
        if (e instanceof LambdaExpr lambda) {
            Set<String> params = new HashSet<>();
            lambda.getParameters().forEach(p -> params.add(p.getNameAsString()));
            return usesOuter(lambda.getBody(), type, params);
        }
        if (e instanceof MethodReferenceExpr ref) {
            return ref.getScope() instanceof ThisExpr || ref.getScope() instanceof SuperExpr;
        }
        if (e instanceof ObjectCreationExpr created) {
            return created.getArguments().stream().anyMatch(a -> reachesThis(a, type))
                    || created.getAnonymousClassBody().isPresent() && created.getAnonymousClassBody().get().stream()
                    .anyMatch(m -> usesOuter(m, type, Set.of()));
        }
        return false;
    }

    /**
     * Whether code uses the enclosing instance: {@code this} (of the lambda's class, or qualified with the
     * type's name), a method reference on it, an unqualified call of an instance method of the type, or a
     * name of an instance field of the type that no parameter of the lambda hides.
     */
    private static boolean usesOuter(Node code, TypeDeclaration<?> type, Set<String> hidden) {
        String typeName = type.getNameAsString();
        Set<String> instanceMethods = new HashSet<>();
        for (MethodDeclaration m : type.getMethods()) {
            if (!m.isStatic()) {
                instanceMethods.add(m.getNameAsString());
            }
        }
        Set<String> instanceFields = new HashSet<>();
        for (FieldDeclaration f : type.getFields()) {
            if (!f.isStatic()) {
                f.getVariables().forEach(v -> instanceFields.add(v.getNameAsString()));
            }
        }
        boolean inAnonymous = !(code instanceof com.github.javaparser.ast.stmt.Statement || code instanceof Expression);
        return code.findFirst(Node.class, x ->
                x instanceof ThisExpr t && (t.getTypeName().isEmpty() ? !inAnonymous : t.getTypeName().get().getIdentifier().equals(typeName))
                        || x instanceof MethodCallExpr c && c.getScope().isEmpty() && instanceMethods.contains(c.getNameAsString())
                        && !(inAnonymous && declaresMethod(code, c.getNameAsString()))
                        || x instanceof NameExpr ne && instanceFields.contains(ne.getNameAsString())
                        && !hidden.contains(ne.getNameAsString())).isPresent();
    }

    private static boolean declaresMethod(Node member, String name) {
        return member instanceof MethodDeclaration m && m.getNameAsString().equals(name);
    }
}
