package dev.threadguard.facts;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;

import java.util.ArrayList;
import java.util.List;

/**
 * The cancellation part of the walk of {@link FactExtractor}: the walker calls {@link #call} on every method
 * call, and this class records each {@code cancel(true)} with the calls whose results its receiver holds
 * ({@link CancelFacts}). It looks only around the cancel call: the method of a local, the class of a field.
 */
final class CancelExtractor {

    private final WalkerScope scope;
    private final List<CancelFacts.CancelCall> cancels = new ArrayList<>();

    CancelExtractor(WalkerScope scope) {
        this.scope = scope;
    }

    /** Called on every method call before its parts are walked. */
    void call(MethodCallExpr n) {
        if (!n.getNameAsString().equals("cancel") || n.getArguments().size() != 1
                || !(n.getArgument(0) instanceof BooleanLiteralExpr b) || !b.getValue() || n.getScope().isEmpty()) {
            return;
        }
        Expression receiver = FactExtractor.unwrap(n.getScope().get());
        String name;
        Node region;
        if (receiver instanceof NameExpr v && scope.isLocal(v.getNameAsString())) {
            name = v.getNameAsString();
            region = enclosingCode(n);
        } else if (receiver instanceof NameExpr v && scope.fieldOwner(v.getNameAsString()) != null
                || receiver instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr) {
            name = receiver instanceof NameExpr v ? v.getNameAsString() : ((FieldAccessExpr) receiver).getNameAsString();
            region = n.findAncestor(TypeDeclaration.class).orElse(null);
        } else {
            return;
        }
        if (region == null) {
            return;
        }
        List<Pos> submissions = new ArrayList<>();
        for (VariableDeclarator d : region.findAll(VariableDeclarator.class)) {
            if (d.getNameAsString().equals(name)) {
                d.getInitializer().ifPresent(e -> submission(e, submissions));
            }
        }
        for (AssignExpr a : region.findAll(AssignExpr.class)) {
            Expression t = a.getTarget();
            boolean named = t instanceof NameExpr x && x.getNameAsString().equals(name)
                    || t instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr
                    && f.getNameAsString().equals(name);
            if (named && a.getOperator() == AssignExpr.Operator.ASSIGN) {
                submission(a.getValue(), submissions);
            }
        }
        if (!submissions.isEmpty()) {
            cancels.add(new CancelFacts.CancelCall(FactExtractor.text(receiver), List.copyOf(submissions),
                    new Site(scope.scopeType(), scope.member(), FactExtractor.pos(n))));
        }
    }

    private static void submission(Expression value, List<Pos> out) {
        if (FactExtractor.unwrap(value) instanceof MethodCallExpr call) {
            out.add(FactExtractor.pos(call));
        }
    }

    /** The method, constructor, initializer or lambda whose locals a name can be. */
    private static Node enclosingCode(Node n) {
        for (Node p = n.getParentNode().orElse(null); p != null; p = p.getParentNode().orElse(null)) {
            if (p instanceof CallableDeclaration<?> || p instanceof InitializerDeclaration || p instanceof FieldDeclaration) {
                return p;
            }
        }
        return null;
    }

    CancelFacts finish() {
        return cancels.isEmpty() ? CancelFacts.NONE : new CancelFacts(List.copyOf(cancels));
    }
}
