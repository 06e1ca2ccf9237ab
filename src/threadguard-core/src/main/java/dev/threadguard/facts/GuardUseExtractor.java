package dev.threadguard.facts;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.AssertStmt;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.ThrowStmt;
import dev.threadguard.facts.GuardUseFacts.MethodNote;
import dev.threadguard.facts.GuardUseFacts.ReadUse;
import dev.threadguard.facts.GuardUseFacts.Shape;
import dev.threadguard.facts.model.Logging;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The guard part of the one walk of {@link FactExtractor}: the walker calls {@link #read} on every read of a
 * field of an enclosing type and {@link #method} on entering a method, and this class records
 * {@link GuardUseFacts}. It looks only at the read's parents and at the method's own annotations and
 * top-level statements.
 */
final class GuardUseExtractor {

    /** The level methods of the common logging APIs (SLF4J, Log4j, java.util.logging, commons-logging). */
    private static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "warning", "error",
            "fatal", "fine", "finer", "finest", "severe", "config", "log", "logp");

    /** Annotations of methods a JMX agent calls to show a value (Spring's, JGroups' and others' of any package). */
    private static final Set<String> MANAGED = Set.of("ManagedAttribute", "ManagedOperation", "ManagedMetric");

    /** Calls that fail unless their first argument is true: a precondition. */
    private static final Set<String> CHECKS = Set.of("checkState", "checkArgument", "verify", "validState",
            "isTrue", "assertTrue", "state", "checkCondition");

    private final WalkerScope scope;
    private final List<ReadUse> reads = new ArrayList<>();
    private final List<MethodNote> methods = new ArrayList<>();

    GuardUseExtractor(WalkerScope scope) {
        this.scope = scope;
    }

    /** A read of {@code owner.field} at {@code node}: recorded when its use is not a plain value. */
    void read(String owner, String field, Expression node) {
        Node child = node;
        Node parent = node.getParentNode().orElse(null);
        while (parent instanceof EnclosedExpr) {
            child = parent;
            parent = parent.getParentNode().orElse(null);
        }
        Shape shape = Shape.VALUE;
        String method = null;
        if (parent instanceof ReturnStmt) {
            shape = Shape.RETURNED;
        } else if (parent instanceof MethodCallExpr call && call.getScope().filter(s -> s == node).isPresent()) {
            shape = Shape.RECEIVER;
            method = call.getNameAsString();
        } else if (parent instanceof MethodCallExpr call && isArgument(call.getArguments(), child)) {
            shape = Shape.ARGUMENT;
            method = call.getNameAsString();
        } else if (parent instanceof ObjectCreationExpr creation && isArgument(creation.getArguments(), child)) {
            shape = Shape.ARGUMENT;
            method = "new " + creation.getType().getNameAsString();
        } else if (parent instanceof FieldAccessExpr length && length.getScope() == child
                && length.getNameAsString().equals("length")) {
            shape = Shape.LENGTH;
        }
        boolean display = display(node);
        if (shape != Shape.VALUE || display) {
            reads.add(new ReadUse(owner, field, FactExtractor.pos(node), shape, method, display));
        }
    }

    /** Whether {@code node} is one of {@code arguments} itself (not one equal to it). */
    private static boolean isArgument(java.util.List<Expression> arguments, Node node) {
        for (Expression a : arguments) {
            if (a == node) {
                return true;
            }
        }
        return false;
    }

    /** Whether a read only feeds a display: a logging call's arguments, {@code toString()}, a JMX method. */
    private static boolean display(Node node) {
        Node child = node;
        for (Node p = node.getParentNode().orElse(null); p != null; child = p, p = p.getParentNode().orElse(null)) {
            if (p instanceof MethodCallExpr call && isArgument(call.getArguments(), child) && logs(call)) {
                return true;
            }
            if (p instanceof LambdaExpr lambda && buildsMessage(lambda)) {
                return true;
            }
            if (p instanceof MethodDeclaration m) {
                return m.getNameAsString().equals("toString") && m.getParameters().isEmpty()
                        || m.getAnnotations().stream().anyMatch(a -> MANAGED.contains(a.getName().getIdentifier()));
            }
            if (p instanceof BodyDeclaration<?>) {
                return false;
            }
        }
        return false;
    }

    /**
     * Whether a lambda only builds the exception or message of a failure, to be made later if at all: it takes
     * no parameter and its one expression creates a {@code *Exception} or {@code *Error}, calls a logger or a
     * message bundle ({@code LOG}, {@code MESSAGES}, a constant in capitals) for one whose name says so
     * ({@code timeoutWaitingForView}, {@code failedTo...}), or formats a string. A stale value there only
     * shows in the text.
     */
    private static boolean buildsMessage(LambdaExpr lambda) {
        if (!lambda.getParameters().isEmpty() || lambda.getExpressionBody().isEmpty()) {
            return false;
        }
        Expression e = lambda.getExpressionBody().get();
        while (e instanceof EnclosedExpr enclosed) {
            e = enclosed.getInner();
        }
        if (e instanceof ObjectCreationExpr creation) {
            String type = creation.getType().getNameAsString();
            return type.endsWith("Exception") || type.endsWith("Error");
        }
        if (e instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.PLUS) {
            return b.findFirst(com.github.javaparser.ast.expr.StringLiteralExpr.class).isPresent();
        }
        if (e instanceof MethodCallExpr call) {
            String name = call.getNameAsString();
            if (name.equals("format") || name.equals("formatted")) {
                return true;
            }
            String receiver = call.getScope().map(Object::toString).orElse("");
            boolean bundle = Logging.isLogger(receiver) || receiver.matches("[A-Z][A-Z0-9_]*");
            return bundle && FAILURE_WORDS.matcher(name).find();
        }
        return false;
    }

    /** Method names of a message bundle that make the text or exception of a failure. */
    private static final java.util.regex.Pattern FAILURE_WORDS = java.util.regex.Pattern.compile(
            "(?i)exception|error|timeout|timedout|fail|invalid|illegal|unable|cannot|missing|unexpected");

    /** Whether a call is a logging call: a level method called on a logger ({@code log}, {@code LOG}, {@code this.logger}). */
    private static boolean logs(MethodCallExpr call) {
        return LOG_LEVELS.contains(call.getNameAsString()) && call.getScope()
                .map(s -> Logging.isLogger(s.toString()) && !s.toString().toLowerCase(java.util.Locale.ROOT).startsWith("system."))
                .orElse(false);
    }

    /** A method entered by the walk, its parameters and locals in scope. */
    void method(MethodDeclaration n) {
        boolean forTests = n.getAnnotations().stream().map(AnnotationExpr::getName)
                .anyMatch(a -> a.getIdentifier().equals("VisibleForTesting"));
        List<LockRef> held = new ArrayList<>();
        BlockStmt body = n.getBody().orElse(null);
        if (body != null) {
            for (Statement s : body.getStatements()) {
                Expression condition = null;
                if (s instanceof AssertStmt a) {
                    condition = a.getCheck();
                } else if (s instanceof IfStmt i && i.getElseStmt().isEmpty() && throwsOnly(i.getThenStmt())
                        && unwrap(i.getCondition()) instanceof UnaryExpr u
                        && u.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT) {
                    condition = u.getExpression();
                } else if (s instanceof ExpressionStmt e && e.getExpression() instanceof MethodCallExpr c
                        && CHECKS.contains(c.getNameAsString()) && !c.getArguments().isEmpty()) {
                    condition = c.getArgument(0);
                }
                if (condition != null) {
                    held(condition, held);
                }
            }
        }
        if (forTests || !held.isEmpty()) {
            methods.add(new MethodNote(scope.scopeType(), n.getNameAsString(), FactExtractor.pos(n), forTests,
                    List.copyOf(held)));
        }
    }

    private static boolean throwsOnly(Statement s) {
        return s instanceof ThrowStmt
                || s instanceof BlockStmt b && b.getStatements().size() == 1 && b.getStatement(0) instanceof ThrowStmt;
    }

    /** The locks a condition says are held: {@code Thread.holdsLock(x)}, {@code x.isHeldByCurrentThread()}, and of {@code &&}. */
    private void held(Expression condition, List<LockRef> out) {
        Expression e = unwrap(condition);
        if (e instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.AND) {
            held(b.getLeft(), out);
            held(b.getRight(), out);
        } else if (e instanceof MethodCallExpr c && c.getNameAsString().equals("holdsLock") && c.getArguments().size() == 1
                && c.getScope().map(s -> s.toString().equals("Thread") || s.toString().equals("java.lang.Thread")).orElse(false)) {
            out.add(scope.lockRef(c.getArgument(0), FactExtractor.pos(c.getArgument(0))));
        } else if (e instanceof MethodCallExpr c && c.getArguments().isEmpty() && c.getScope().isPresent()
                && (c.getNameAsString().equals("isHeldByCurrentThread")
                || c.getNameAsString().equals("isWriteLockedByCurrentThread"))) {
            out.add(scope.lockRef(c.getScope().get(), FactExtractor.pos(c.getScope().get())).byLockCall());
        }
    }

    private static Expression unwrap(Expression e) {
        while (e instanceof EnclosedExpr en) {
            e = en.getInner();
        }
        return e;
    }

    /** The facts, keeping reads of fields of the types {@code kept} accepts (those the guard rules look at). */
    GuardUseFacts finish(java.util.function.Predicate<String> kept) {
        List<ReadUse> keptReads = reads.stream().filter(r -> kept.test(r.owner())).toList();
        return keptReads.isEmpty() && methods.isEmpty() ? GuardUseFacts.NONE
                : new GuardUseFacts(keptReads, List.copyOf(methods));
    }
}
