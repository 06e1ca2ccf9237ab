package dev.threadguard.facts;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.ThrowStmt;

/**
 * A {@code get()} on a future known to be complete, which returns at once and never checks the interrupt
 * ({@code FutureTask} and {@code CompletableFuture} do not, once done): inside {@code if (f.isDone())} on the
 * same receiver, after {@code if (!f.isDone()) return;} (or {@code continue}, {@code break}, {@code throw}), or
 * on an element of the list {@code invokeAll(...)} returned, which holds only completed futures (a for-each over
 * it, or {@code invokeAll(...).get(i)}); or the object's own {@code get()} in its {@code done()} hook
 * ({@code FutureTask}, {@code SwingWorker}), which runs once the work is complete.
 */
final class SettledFutures {

    private SettledFutures() {
    }

    /** Whether this call is {@code get()} or {@code get(timeout, unit)} on a future known to be complete. */
    static boolean settled(MethodCallExpr get) {
        if (!get.getNameAsString().equals("get") || get.getArguments().size() != 0 && get.getArguments().size() != 2) {
            return false;
        }
        if (get.getScope().isEmpty() || get.getScope().get() instanceof com.github.javaparser.ast.expr.ThisExpr) {
            return inDone(get);
        }
        Expression receiver = FactExtractor.unwrap(get.getScope().get());
        return fromInvokeAll(receiver, get) || askedDone(get, FactExtractor.text(receiver));
    }

    /**
     * Its own {@code get()} in the {@code done()} hook of a class (a {@code FutureTask}'s, a {@code SwingWorker}'s),
     * not in a lambda or a class within: the hook runs once the work has completed.
     */
    private static boolean inDone(MethodCallExpr get) {
        for (Node n = get.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof LambdaExpr) {
                return false;
            }
            if (n instanceof BodyDeclaration<?>) {
                return n instanceof com.github.javaparser.ast.body.MethodDeclaration m && m.getNameAsString().equals("done")
                        && m.getParameters().isEmpty() && !m.isStatic();
            }
        }
        return false;
    }

    /** An element of an {@code invokeAll} result: {@code all.get(i)}, or the variable of a for-each over it. */
    private static boolean fromInvokeAll(Expression receiver, Node at) {
        if (receiver instanceof MethodCallExpr element && element.getNameAsString().equals("get")
                && element.getArguments().size() == 1 && element.getScope().isPresent()) {
            return invokeAllList(FactExtractor.unwrap(element.getScope().get()), at);
        }
        if (!(receiver instanceof NameExpr name)) {
            return false;
        }
        for (Node n = at.getParentNode().orElse(null); n != null && !boundary(n); n = n.getParentNode().orElse(null)) {
            if (n instanceof ForEachStmt loop && loop.getVariable().getVariables().size() == 1
                    && loop.getVariable().getVariables().get(0).getNameAsString().equals(name.getNameAsString())) {
                return !assigned(loop.getBody(), name.getNameAsString())
                        && invokeAllList(FactExtractor.unwrap(loop.getIterable()), loop);
            }
        }
        return false;
    }

    /** {@code pool.invokeAll(...)}, or a local variable initialized by it and never assigned again. */
    private static boolean invokeAllList(Expression list, Node at) {
        if (list instanceof MethodCallExpr call) {
            return call.getNameAsString().equals("invokeAll");
        }
        if (!(list instanceof NameExpr name)) {
            return false;
        }
        Node unit = at;
        while (unit.getParentNode().isPresent() && !boundary(unit)) {
            unit = unit.getParentNode().get();
        }
        boolean initialized = false;
        for (VariableDeclarator v : unit.findAll(VariableDeclarator.class)) {
            if (v.getNameAsString().equals(name.getNameAsString())) {
                if (initialized || v.getInitializer().isEmpty()
                        || !(FactExtractor.unwrap(v.getInitializer().get()) instanceof MethodCallExpr c
                        && c.getNameAsString().equals("invokeAll"))) {
                    return false;
                }
                initialized = true;
            }
        }
        return initialized && !assigned(unit, name.getNameAsString());
    }

    private static boolean assigned(Node region, String name) {
        return region.findFirst(AssignExpr.class,
                a -> a.getTarget() instanceof NameExpr t && t.getNameAsString().equals(name)).isPresent();
    }

    /** Inside {@code if (f.isDone())}, in the else of {@code if (!f.isDone())}, or after {@code if (!f.isDone()) return;}. */
    private static boolean askedDone(Node get, String receiver) {
        Node child = get;
        for (Node n = get.getParentNode().orElse(null); n != null && !boundary(n); n = n.getParentNode().orElse(null)) {
            if (n instanceof IfStmt i) {
                if (child == i.getThenStmt() && asserts(i.getCondition(), receiver, true)
                        || i.getElseStmt().orElse(null) == child && asserts(i.getCondition(), receiver, false)) {
                    return true;
                }
            } else if (n instanceof BlockStmt block) {
                for (Statement s : block.getStatements()) {
                    if (s == child) {
                        break;
                    }
                    if (s instanceof IfStmt i && i.getElseStmt().isEmpty() && exits(i.getThenStmt())
                            && asserts(i.getCondition(), receiver, false)) {
                        return true;
                    }
                }
            }
            child = n;
        }
        return false;
    }

    /** Whether the condition, when it holds ({@code done}) or when it does not ({@code !done}), means the future is done. */
    private static boolean asserts(Expression condition, String receiver, boolean done) {
        Expression c = FactExtractor.unwrap(condition);
        if (c instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT) {
            return asserts(u.getExpression(), receiver, !done);
        }
        if (c instanceof BinaryExpr b && b.getOperator() == (done ? BinaryExpr.Operator.AND : BinaryExpr.Operator.OR)) {
            return asserts(b.getLeft(), receiver, done) || asserts(b.getRight(), receiver, done);
        }
        return done && c instanceof MethodCallExpr m && m.getNameAsString().equals("isDone")
                && m.getArguments().isEmpty() && m.getScope().isPresent()
                && FactExtractor.text(FactExtractor.unwrap(m.getScope().get())).equals(receiver);
    }

    private static boolean exits(Statement s) {
        return Syntax.endsIn(s, ReturnStmt.class, ThrowStmt.class, ContinueStmt.class, BreakStmt.class);
    }

    private static boolean boundary(Node n) {
        return n instanceof LambdaExpr || n instanceof BodyDeclaration<?>;
    }
}
