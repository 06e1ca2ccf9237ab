package dev.threadguard.facts;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.TypeExpr;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The object-flow part of the one walk of {@link FactExtractor}: which fields constructors fill from their
 * parameters, and what each creation passes, recorded as {@link ObjectFlow}. The walker calls these hooks at
 * creations, explicit constructor calls, method references, assignments and field declarations.
 */
final class ObjectFlowExtractor {

    private final WalkerScope scope;
    /** Per {@code type#field}: the constructor parameters it is assigned from, and whether anything else is. */
    private final Map<String, List<String>> sources = new LinkedHashMap<>();
    private final Map<String, Boolean> other = new LinkedHashMap<>();
    private final List<ObjectFlow.Creation> creations = new ArrayList<>();
    private final List<ObjectFlow.Function> functions = new ArrayList<>();
    /** Per type: what its constructors leave held, and what its close() releases. */
    private final Map<String, List<String>> kept = new LinkedHashMap<>();
    private final Map<String, List<String>> released = new LinkedHashMap<>();

    ObjectFlowExtractor(WalkerScope scope) {
        this.scope = scope;
    }

    /** {@code new T(args)}, with or without a class body; called before the arguments are walked. */
    void creation(ObjectCreationExpr n) {
        if (!n.getArguments().isEmpty()) {
            creations.add(new ObjectFlow.Creation(ObjectFlow.Kind.NEW, scope.typeName(n.getType()), scope.scopeType(),
                    arguments(n.getArguments()), FactExtractor.pos(n)));
        }
    }

    /** {@code this(args)} or {@code super(args)} at the start of a constructor. */
    void constructorCall(ExplicitConstructorInvocationStmt n) {
        if (!n.getArguments().isEmpty() && n.getExpression().isEmpty()) {
            creations.add(new ObjectFlow.Creation(n.isThis() ? ObjectFlow.Kind.THIS : ObjectFlow.Kind.SUPER, null,
                    scope.scopeType(), arguments(n.getArguments()), FactExtractor.pos(n)));
        }
    }

    /** {@code T::new}: a creation whose arguments are not known. */
    void methodReference(MethodReferenceExpr n) {
        if (n.getIdentifier().equals("new") && n.getScope() instanceof TypeExpr t && t.getType() instanceof ClassOrInterfaceType) {
            creations.add(new ObjectFlow.Creation(ObjectFlow.Kind.REFERENCE, scope.typeName(t.getType()),
                    scope.scopeType(), List.of(), FactExtractor.pos(n)));
        }
    }

    /** A field declaration: an initializer is a value no constructor passed. */
    void field(FieldDeclaration n) {
        for (VariableDeclarator v : n.getVariables()) {
            if (v.getInitializer().isPresent()) {
                other.put(scope.scopeType() + "#" + v.getNameAsString(), true);
            }
        }
    }

    /** An assignment: to a field of this object, from a constructor parameter or from anything else. */
    void assignment(AssignExpr n) {
        Expression target = n.getTarget();
        String field = target instanceof NameExpr name && !scope.isLocal(name.getNameAsString()) ? name.getNameAsString()
                : target instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr t && t.getTypeName().isEmpty()
                ? f.getNameAsString() : null;
        if (field == null) {
            return;
        }
        String owner = scope.fieldOwner(field);
        if (owner == null) {
            return;
        }
        String key = owner + "#" + field;
        String source = null;
        if (n.getOperator() == AssignExpr.Operator.ASSIGN && FactExtractor.unwrap(n.getValue()) instanceof NameExpr value
                && enclosing(n) instanceof ConstructorDeclaration c && owner.equals(scope.scopeType())) {
            int i = parameterIndex(c.getParameters(), value.getNameAsString());
            if (i >= 0) {
                Pos p = FactExtractor.pos(c);
                source = p.line() + ":" + p.column() + "#" + i;
            }
        }
        if (source == null) {
            other.put(key, true);
        } else {
            List<String> list = sources.computeIfAbsent(key, k -> new ArrayList<>());
            if (!list.contains(source)) {
                list.add(source);
            }
        }
    }

    /**
     * A lambda ({@code body}, its key) or method reference ({@code reference}) kept to run later: recorded with
     * what gives it its interface type, when something does (a declared variable or field, a cast, a return
     * type, the element type of a collection it is added to, a constructor parameter).
     */
    void function(Expression e, String body, ValueRef.Call reference, int parameters) {
        Node child = e;
        Node user = e.getParentNode().orElse(null);
        while (user instanceof com.github.javaparser.ast.expr.EnclosedExpr
                || user instanceof com.github.javaparser.ast.expr.ConditionalExpr c && c.getCondition() != child) {
            child = user;
            user = user.getParentNode().orElse(null);
        }
        ValueRef type = null;
        TypeName created = null;
        int argument = -1;
        int arguments = 0;
        if (user instanceof com.github.javaparser.ast.expr.CastExpr cast) {
            type = declared(cast.getType());
        } else if (user instanceof VariableDeclarator v) {
            type = declared(v.getType());
        } else if (user instanceof AssignExpr a && a.getValue() == child) {
            type = scope.valueRef(a.getTarget());
        } else if (user instanceof com.github.javaparser.ast.stmt.ReturnStmt) {
            for (Node p = user; p != null; p = p.getParentNode().orElse(null)) {
                if (p instanceof LambdaExpr) {
                    break;
                }
                if (p instanceof com.github.javaparser.ast.body.MethodDeclaration m) {
                    type = declared(m.getType());
                    break;
                }
            }
        } else if (user instanceof com.github.javaparser.ast.expr.MethodCallExpr call && call.getScope().isPresent()
                && dev.threadguard.facts.model.Tasks.stores(call.getNameAsString())) {
            int at = indexOf(call.getArguments(), child);
            boolean value = dev.threadguard.facts.model.Tasks.STORING_VALUES.contains(call.getNameAsString());
            if (at >= 0 && (!value || at == call.getArguments().size() - 1)) {
                type = new ValueRef.Element(scope.valueRef(call.getScope().get()), value && at > 0 ? 1 : 0);
            }
        } else if (user instanceof ObjectCreationExpr creation) {
            argument = indexOf(creation.getArguments(), child);
            arguments = creation.getArguments().size();
            created = argument < 0 ? null : scope.typeName(creation.getType());
        }
        if (type != null || created != null) {
            functions.add(new ObjectFlow.Function(body, reference, parameters, type, created, argument, arguments,
                    scope.scopeType()));
        }
    }

    private ValueRef declared(Type t) {
        if (t instanceof com.github.javaparser.ast.type.VarType) {
            return null;
        }
        TypeName n = scope.typeName(t);
        return n == null ? null : new ValueRef.Declared(n);
    }

    /** The end of a constructor: the locks it still holds, taken on a field or on one of its parameters. */
    void constructed(ConstructorDeclaration n, List<LockRef> held) {
        for (LockRef r : held) {
            String what = null;
            if (r.kind() == LockRef.Kind.FIELD && r.owner().equals(scope.scopeType())) {
                what = "field:" + r.name();
            } else if (r.kind() == LockRef.Kind.VALUE && r.origin() == LockRef.Origin.PARAMETER) {
                int i = parameterIndex(n.getParameters(), r.name());
                what = i < 0 ? null : "parameter:" + i;
            }
            if (what != null) {
                List<String> list = kept.computeIfAbsent(scope.scopeType(), k -> new ArrayList<>());
                if (!list.contains(what)) {
                    list.add(what);
                }
            }
        }
    }

    /** The end of a {@code close()} method: the locks it releases on every path. */
    void closed(java.util.Set<String> unlocked) {
        if (!unlocked.isEmpty()) {
            released.computeIfAbsent(scope.scopeType(), k -> new ArrayList<>()).addAll(new java.util.TreeSet<>(unlocked));
        }
    }

    private static int indexOf(NodeList<Expression> list, Node e) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == e) {
                return i;
            }
        }
        return -1;
    }

    private List<ObjectFlow.Arg> arguments(NodeList<Expression> args) {
        List<ObjectFlow.Arg> out = new ArrayList<>(args.size());
        for (Expression a : args) {
            out.add(argument(FactExtractor.unwrap(a)));
        }
        return out;
    }

    private ObjectFlow.Arg argument(Expression e) {
        if (e instanceof NameExpr name && scope.isLocal(name.getNameAsString())) {
            Node callable = enclosing(e);
            if (callable instanceof ConstructorDeclaration c) {
                int i = parameterIndex(c.getParameters(), name.getNameAsString());
                if (i >= 0) {
                    Pos p = FactExtractor.pos(c);
                    return new ObjectFlow.Arg(scope.scopeType() + "@" + p.line() + ":" + p.column(), i, null, null);
                }
            }
            if (callable instanceof CallableDeclaration<?>) {
                Pos p = FactExtractor.pos(callable);
                return new ObjectFlow.Arg(null, -1, scope.scopeType() + "@" + p.line() + ":" + p.column() + "#"
                        + name.getNameAsString(), null);
            }
            return ObjectFlow.Arg.OTHER;
        }
        if (e instanceof NameExpr || e instanceof ThisExpr || e instanceof FieldAccessExpr) {
            return new ObjectFlow.Arg(null, -1, null, scope.lockRef(e, FactExtractor.pos(e)));
        }
        return ObjectFlow.Arg.OTHER;
    }

    /** The declaration whose body holds a node: a method or constructor, or null for a lambda, initializer or none. */
    private static Node enclosing(Node n) {
        for (Node p = n.getParentNode().orElse(null); p != null; p = p.getParentNode().orElse(null)) {
            if (p instanceof CallableDeclaration<?>) {
                return p;
            }
            if (p instanceof LambdaExpr || p instanceof InitializerDeclaration || p instanceof TypeDeclaration<?>
                    || p instanceof FieldDeclaration) {
                return null;
            }
        }
        return null;
    }

    private static int parameterIndex(NodeList<Parameter> parameters, String name) {
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i).getNameAsString().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The facts of the file. */
    ObjectFlow finish() {
        List<ObjectFlow.Store> stores = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : sources.entrySet()) {
            int hash = e.getKey().indexOf('#');
            stores.add(new ObjectFlow.Store(e.getKey().substring(0, hash), e.getKey().substring(hash + 1),
                    List.copyOf(e.getValue()), other.getOrDefault(e.getKey(), false)));
        }
        List<ObjectFlow.Holder> holders = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : kept.entrySet()) {
            List<String> r = released.get(e.getKey());
            if (r != null) {
                holders.add(new ObjectFlow.Holder(e.getKey(), List.copyOf(e.getValue()), List.copyOf(r)));
            }
        }
        if (stores.isEmpty() && creations.isEmpty() && functions.isEmpty() && holders.isEmpty()) {
            return ObjectFlow.EMPTY;
        }
        return new ObjectFlow(List.copyOf(stores), List.copyOf(creations), List.copyOf(functions), List.copyOf(holders));
    }
}
