package dev.threadguard.facts;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.TryStmt;

import dev.threadguard.facts.LockValueFacts.Origin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The string-origin part of the walk of {@link FactExtractor}: for each {@code synchronized (x)} on a literal, an
 * {@code intern()} call, or a local or field of the enclosing method or class, where its value comes from
 * ({@link LockValueFacts}). It reads only the values written in that method (a local) or that class (a field).
 */
final class LockValueExtractor {

    /** String methods whose result is a new string whenever it differs from the receiver. */
    private static final Set<String> FRESH = Set.of("substring", "concat", "replace", "replaceAll", "replaceFirst",
            "toLowerCase", "toUpperCase", "trim", "strip", "format", "formatted", "join", "repeat", "valueOf");

    /**
     * The methods of {@link #FRESH} that return the receiver itself when nothing changes ({@code "a".trim()},
     * {@code "a".substring(0)}): on a literal receiver the result may be that literal, so it is no run-time string.
     */
    private static final Set<String> MAY_RETURN_RECEIVER = Set.of("substring", "concat", "replace", "replaceAll",
            "replaceFirst", "toLowerCase", "toUpperCase", "trim", "strip", "repeat");

    private final List<LockValueFacts.LockValue> values = new ArrayList<>();
    private final WalkerScope scope;
    /** The values of a String field per declaring type and name, read once per file; absent: not a String field. */
    private final Map<TypeDeclaration<?>, Map<String, Optional<List<Expression>>>> fieldValues =
            new IdentityHashMap<>();

    LockValueExtractor(WalkerScope scope) {
        this.scope = scope;
    }

    /** Called on every {@code synchronized} statement. */
    void synchronizedOn(SynchronizedStmt n) {
        Origin origin = origin(FactExtractor.unwrap(n.getExpression()), n, 0);
        if (origin != null) {
            values.add(new LockValueFacts.LockValue(FactExtractor.pos(n.getExpression()), origin));
        }
    }

    /** Where an expression's string comes from; null when unknown. */
    private Origin origin(Expression e, Node at, int depth) {
        if (e instanceof StringLiteralExpr || e instanceof TextBlockLiteralExpr) {
            return Origin.LITERAL;
        }
        if (e instanceof MethodCallExpr call && call.getNameAsString().equals("intern") && call.getArguments().isEmpty()
                && call.getScope().isPresent()) {
            Origin inner = value(FactExtractor.unwrap(call.getScope().get()));
            return inner == Origin.LITERAL ? Origin.LITERAL : Origin.INTERNED;
        }
        String name = e instanceof NameExpr x ? x.getNameAsString()
                : e instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr ? f.getNameAsString() : null;
        if (name == null || depth > 0) {
            return null;
        }
        List<Expression> assigned = new ArrayList<>();
        Node scope = e instanceof NameExpr ? local(name, at, assigned) : null;
        if (scope == null && !field(name, at, assigned)) {
            return null;
        }
        if (scope != null) {
            for (AssignExpr a : scope.findAll(AssignExpr.class)) {
                if (a.getTarget() instanceof NameExpr t && t.getNameAsString().equals(name)) {
                    assigned.add(a.getOperator() == AssignExpr.Operator.ASSIGN ? a.getValue() : a);
                }
            }
        }
        return combine(assigned);
    }

    /**
     * The method, constructor or lambda that declares a local or parameter {@code name} seen from {@code at}, with
     * its initializer added to {@code assigned} (null for a parameter, whose values are its callers'); null when
     * the name is no local. A local counts only when it is declared in that same method or lambda, in a block that
     * encloses {@code at}, before it: a namesake in another block or lambda is another variable.
     */
    private static Node local(String name, Node at, List<Expression> assigned) {
        for (Node p = at.getParentNode().orElse(null); p != null; p = p.getParentNode().orElse(null)) {
            if (p instanceof CallableDeclaration<?> || p instanceof LambdaExpr) {
                for (Parameter param : p.findAll(Parameter.class)) {
                    if (param.getNameAsString().equals(name) && param.getParentNode().orElse(null) == p) {
                        assigned.add(null); // a parameter: its values are its callers'
                        return p;
                    }
                }
                for (VariableDeclarator d : p.findAll(VariableDeclarator.class)) {
                    if (d.getNameAsString().equals(name) && !(d.getParentNode().orElse(null) instanceof FieldDeclaration)
                            && inScope(d, p, at)) {
                        assigned.add(d.getInitializer().orElse(null));
                        return p;
                    }
                }
                if (p instanceof CallableDeclaration<?>) {
                    return null;
                }
            }
            if (p instanceof TypeDeclaration<?>) {
                return null;
            }
        }
        return null;
    }

    /**
     * Whether local {@code d} is the variable that {@code name} means at {@code at}: its nearest method or lambda is
     * {@code callable}, the block (or {@code for}, {@code try}...) that declares it encloses {@code at}, and it
     * starts before {@code at}.
     */
    private static boolean inScope(VariableDeclarator d, Node callable, Node at) {
        Node container = null;
        for (Node q = d.getParentNode().orElse(null); q != null; q = q.getParentNode().orElse(null)) {
            if (container == null && (q instanceof BlockStmt || q instanceof SwitchEntry || q instanceof ForStmt
                    || q instanceof ForEachStmt || q instanceof TryStmt)) {
                container = q;
            }
            if (q instanceof CallableDeclaration<?> || q instanceof LambdaExpr) {
                if (q != callable) {
                    return false;
                }
                break;
            }
        }
        return container != null && container.isAncestorOf(at) && d.getBegin().isPresent()
                && at.getBegin().isPresent() && d.getBegin().get().isBefore(at.getBegin().get());
    }

    /**
     * Adds the values of a {@code String} field {@code name} of the nearest enclosing type that declares it; false
     * if none does or the field is of another type.
     */
    private boolean field(String name, Node at, List<Expression> assigned) {
        for (Node p = at.getParentNode().orElse(null); p != null; p = p.getParentNode().orElse(null)) {
            if (p instanceof TypeDeclaration<?> type) {
                Optional<List<Expression>> found = fieldValues.computeIfAbsent(type, t -> new HashMap<>())
                        .computeIfAbsent(name, n -> fieldValues(type, n));
                if (found != null) {
                    found.ifPresent(assigned::addAll);
                    return found.isPresent();
                }
            }
        }
        return false;
    }

    /**
     * The values written to field {@code name} of {@code type}: its initializer and the assignments in the type;
     * empty when it is no String; null when the type declares no such field (look in the enclosing type).
     */
    private static Optional<List<Expression>> fieldValues(TypeDeclaration<?> type, String name) {
        for (FieldDeclaration f : type.getFields()) {
            for (VariableDeclarator d : f.getVariables()) {
                if (d.getNameAsString().equals(name)) {
                    String declared = d.getType().asString();
                    if (!declared.equals("String") && !declared.equals("java.lang.String")) {
                        return Optional.empty();
                    }
                    List<Expression> assigned = new ArrayList<>();
                    d.getInitializer().ifPresent(assigned::add);
                    for (AssignExpr a : type.findAll(AssignExpr.class)) {
                        Expression t = a.getTarget();
                        if (t instanceof NameExpr x && x.getNameAsString().equals(name)
                                || t instanceof FieldAccessExpr fa && fa.getScope() instanceof ThisExpr
                                && fa.getNameAsString().equals(name)) {
                            assigned.add(a.getOperator() == AssignExpr.Operator.ASSIGN ? a.getValue() : a);
                        }
                    }
                    return Optional.of(assigned);
                }
            }
        }
        return null;
    }

    /** A literal among the values wins, then an intern; all values built at run time make it computed. */
    private static Origin combine(List<Expression> assigned) {
        boolean computed = false;
        boolean interned = false;
        for (Expression v : assigned) {
            if (v == null) {
                return null; // a parameter, or a local with no initializer seen
            }
            if (FactExtractor.unwrap(v) instanceof NullLiteralExpr) {
                continue;
            }
            Origin o = value(FactExtractor.unwrap(v));
            if (o == Origin.LITERAL) {
                return Origin.LITERAL;
            }
            if (o == null) {
                return null;
            }
            interned |= o == Origin.INTERNED;
            computed |= o == Origin.COMPUTED;
        }
        return interned ? Origin.INTERNED : computed ? Origin.COMPUTED : null;
    }

    /** Where one assigned value comes from, without following other variables; null when unknown. */
    private static Origin value(Expression v) {
        if (v instanceof StringLiteralExpr || v instanceof TextBlockLiteralExpr) {
            return Origin.LITERAL;
        }
        if (v instanceof AssignExpr a && a.getOperator() == AssignExpr.Operator.PLUS) {
            return Origin.COMPUTED; // s += x: a new string each time
        }
        if (v instanceof ObjectCreationExpr c && c.getType().getNameAsString().equals("String")) {
            return Origin.COMPUTED;
        }
        if (v instanceof MethodCallExpr call) {
            if (call.getNameAsString().equals("intern") && call.getArguments().isEmpty()) {
                return call.getScope().map(s -> value(FactExtractor.unwrap(s)) == Origin.LITERAL ? Origin.LITERAL
                        : Origin.INTERNED).orElse(null);
            }
            if (MAY_RETURN_RECEIVER.contains(call.getNameAsString()) && call.getScope().isPresent()
                    && value(FactExtractor.unwrap(call.getScope().get())) == Origin.LITERAL) {
                return null; // "a".trim() is "a" itself
            }
            return FRESH.contains(call.getNameAsString()) || call.getNameAsString().equals("toString")
                    && call.getScope().isPresent() && isBuilder(call.getScope().get()) ? Origin.COMPUTED : null;
        }
        if (v instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.PLUS) {
            return concatenation(b) ? Origin.COMPUTED : Origin.LITERAL;
        }
        return null;
    }

    /**
     * Whether a {@code +} chain is evaluated at run time: one of its leaves is a call, or a variable named in
     * lower case. Literals and constants alone ({@code Other.PREFIX}, named in upper case) make a compile-time
     * constant, which is a literal.
     */
    private static boolean concatenation(BinaryExpr b) {
        List<Expression> leaves = new ArrayList<>();
        leaves(b, leaves);
        for (Expression leaf : leaves) {
            if (leaf instanceof MethodCallExpr || leaf instanceof ObjectCreationExpr) {
                return true;
            }
            String name = leaf instanceof NameExpr x ? x.getNameAsString()
                    : leaf instanceof FieldAccessExpr f ? f.getNameAsString() : null;
            if (name != null && !name.equals(name.toUpperCase(java.util.Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static void leaves(Expression e, List<Expression> out) {
        Expression u = FactExtractor.unwrap(e);
        if (u instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.PLUS) {
            leaves(b.getLeft(), out);
            leaves(b.getRight(), out);
        } else if (!(u instanceof LiteralExpr) || u instanceof CharLiteralExpr) {
            out.add(u);
        }
    }

    private static boolean isBuilder(Expression scope) {
        Expression s = FactExtractor.unwrap(scope);
        return s instanceof ObjectCreationExpr c && c.getType().getNameAsString().endsWith("Builder")
                || s instanceof MethodCallExpr m && (m.getNameAsString().equals("append"));
    }

    private final List<LockValueFacts.Write> writes = new ArrayList<>();

    /** Called on every assignment; records those to a field made while a lock is held. */
    void assignment(AssignExpr n) {
        if (n.getOperator() != AssignExpr.Operator.ASSIGN || scope.held().isEmpty()
                || n.getTarget() instanceof NameExpr local && scope.isLocal(local.getNameAsString())) {
            return;
        }
        Expression t = n.getTarget();
        String name = t instanceof NameExpr x ? x.getNameAsString() : t instanceof FieldAccessExpr f ? f.getNameAsString()
                : null;
        if (name == null) {
            return;
        }
        Expression v = FactExtractor.unwrap(n.getValue());
        if (v instanceof AssignExpr || v.findFirst(NameExpr.class, x -> x.getNameAsString().equals(name)).isPresent()
                || v.findFirst(FieldAccessExpr.class, x -> x.getNameAsString().equals(name)).isPresent()) {
            return;
        }
        boolean constant = v instanceof LiteralExpr && !(v instanceof NullLiteralExpr)
                || v instanceof FieldAccessExpr f && upper(f.getNameAsString())
                || v instanceof NameExpr x && upper(x.getNameAsString());
        writes.add(new LockValueFacts.Write(FactExtractor.pos(t), constant));
    }

    private static boolean upper(String name) {
        return name.length() > 1 && name.equals(name.toUpperCase(java.util.Locale.ROOT));
    }

    LockValueFacts finish() {
        return values.isEmpty() && writes.isEmpty() ? LockValueFacts.NONE
                : new LockValueFacts(List.copyOf(values), List.copyOf(writes));
    }
}
