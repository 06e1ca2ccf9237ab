package dev.threadguard.facts;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.Statement;

import java.util.Set;
import java.util.function.BooleanSupplier;

/** Questions about the syntax tree alone, shared by the extractors. */
final class Syntax {

    private Syntax() {
    }

    /** A {@code while}, {@code do}, {@code for} or enhanced {@code for} statement. */
    static boolean isLoop(Node n) {
        return n instanceof com.github.javaparser.ast.stmt.WhileStmt || n instanceof com.github.javaparser.ast.stmt.DoStmt
                || n instanceof com.github.javaparser.ast.stmt.ForStmt || n instanceof com.github.javaparser.ast.stmt.ForEachStmt;
    }

    /** The position of a node among statements, by identity: equal statements are not the same one. */
    static int indexOf(NodeList<Statement> statements, Node node) {
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i) == node) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the simple name {@code name} is used anywhere inside {@code node}, {@code node} included. */
    static boolean mentions(Node node, String name) {
        return node.findFirst(NameExpr.class, n -> n.getNameAsString().equals(name)).isPresent();
    }

    /**
     * Whether a statement always ends in one of these kinds of statement: it is one, or it is a block whose
     * last statement does (an empty block does not). {@code endsIn(s, ReturnStmt.class, ThrowStmt.class)}
     * asks whether code after {@code s} can run.
     */
    @SafeVarargs
    static boolean endsIn(Statement s, Class<? extends Statement>... kinds) {
        if (s instanceof BlockStmt block) {
            return !block.getStatements().isEmpty() && endsIn(block.getStatements().getLast().get(), kinds);
        }
        for (Class<? extends Statement> kind : kinds) {
            if (kind.isInstance(s)) {
                return true;
            }
        }
        return false;
    }

    /** A {@code StampedLock}'s methods that try to take it and return 0 when they do not. */
    private static final Set<String> STAMPED_TRIES = Set.of("tryWriteLock", "tryReadLock");

    /**
     * The {@code sl.tryWriteLock()} (or {@code tryReadLock()}) whose non-zero stamp an {@code if} tests, so
     * that its then-branch holds the lock: {@code if ((stamp = sl.tryWriteLock()) != 0)}, or
     * {@code long stamp = sl.tryWriteLock(); if (stamp != 0)} in the same method. Null otherwise.
     * {@code fileTries} says whether the file calls such a method at all: the second form searches the method's
     * declarations, which is only worth doing then (a {@code != 0} test on a local is common code).
     */
    static MethodCallExpr stampTry(Expression condition, IfStmt at, BooleanSupplier fileTries) {
        if (!(condition instanceof BinaryExpr b) || b.getOperator() != BinaryExpr.Operator.NOT_EQUALS) {
            return null;
        }
        Expression stamp = zero(b.getRight()) ? FactExtractor.unwrap(b.getLeft()) : zero(b.getLeft()) ? FactExtractor.unwrap(b.getRight()) : null;
        Expression value = null;
        if (stamp instanceof AssignExpr a && a.getOperator() == AssignExpr.Operator.ASSIGN) {
            value = FactExtractor.unwrap(a.getValue());
        } else if (stamp instanceof NameExpr name && fileTries.getAsBoolean()) {
            CallableDeclaration<?> method = at.findAncestor(CallableDeclaration.class).orElse(null);
            int line = at.getBegin().map(p -> p.line).orElse(0);
            if (method != null) {
                for (VariableDeclarator v : method.findAll(VariableDeclarator.class)) {
                    if (v.getNameAsString().equals(name.getNameAsString()) && v.getInitializer().isPresent()
                            && v.getBegin().map(p -> p.line).orElse(Integer.MAX_VALUE) <= line) {
                        value = FactExtractor.unwrap(v.getInitializer().get());
                    }
                }
            }
        }
        return value instanceof MethodCallExpr call && call.getScope().isPresent() && call.getArguments().isEmpty()
                && STAMPED_TRIES.contains(call.getNameAsString()) ? call : null;
    }

    /** Whether anything under {@code root} calls {@code tryWriteLock()} or {@code tryReadLock()}. */
    static boolean callsStampTry(Node root) {
        return root.findFirst(MethodCallExpr.class,
                c -> c.getArguments().isEmpty() && STAMPED_TRIES.contains(c.getNameAsString())).isPresent();
    }

    private static boolean zero(Expression e) {
        Expression x = FactExtractor.unwrap(e);
        return x instanceof IntegerLiteralExpr i && i.getValue().equals("0")
                || x instanceof LongLiteralExpr l && (l.getValue().equals("0L") || l.getValue().equals("0l"));
    }
}
