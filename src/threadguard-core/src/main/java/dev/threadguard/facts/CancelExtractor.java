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
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;

import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.WhileStmt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cancellation part of the walk of {@link FactExtractor}: the walker calls {@link #call} on every method
 * call, and this class records each {@code cancel(true)} with the calls whose results its receiver holds
 * ({@link CancelFacts}). It looks only around the cancel call: the method of a local, the class of a field.
 */
final class CancelExtractor {

    private final WalkerScope scope;
    /**
     * Calls that may block on a stream, reader or socket; the rule checks the receiver's type
     * ({@code InputStream}, {@code Reader}, {@code ServerSocket}, {@code DatagramSocket}).
     */
    private static final Set<String> READS = Set.of("read", "readLine", "readNBytes", "readAllBytes", "readFully",
            "readObject", "readUTF", "readInt", "readLong", "readByte", "accept", "receive");

    /** Calls that show the loop heeds interrupts: a test of the flag, or a call that throws when interrupted. */
    private static final Set<String> HEEDS_INTERRUPT = Set.of("isInterrupted", "interrupted", "sleep", "wait",
            "join", "take", "put", "await", "get", "poll", "offer", "acquire", "lockInterruptibly", "invokeAll",
            "invokeAny", "awaitTermination", "parkNanos", "park");

    /** Calls that set the state an atomic or a latch holds: the task may test it as its stop flag. */
    private static final Set<String> FLAG_SETTERS = Set.of("set", "getAndSet", "compareAndSet", "lazySet",
            "setRelease", "setPlain", "weakCompareAndSet", "countDown");

    private final List<CancelFacts.CancelCall> cancels = new ArrayList<>();
    private final List<CancelFacts.LoopRead> reads = new ArrayList<>();
    private final Map<Statement, Boolean> loopsHeeding = new IdentityHashMap<>();

    CancelExtractor(WalkerScope scope) {
        this.scope = scope;
    }

    /** Called on every method call before its parts are walked. */
    void call(MethodCallExpr n) {
        if (READS.contains(n.getNameAsString()) && n.getScope().isPresent()) {
            loopRead(n);
        }
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
        List<MethodCallExpr> submissionNodes = new ArrayList<>();
        for (VariableDeclarator d : region.findAll(VariableDeclarator.class)) {
            if (d.getNameAsString().equals(name)) {
                d.getInitializer().ifPresent(e -> submission(e, submissions, submissionNodes));
            }
        }
        for (AssignExpr a : region.findAll(AssignExpr.class)) {
            Expression t = a.getTarget();
            boolean named = t instanceof NameExpr x && x.getNameAsString().equals(name)
                    || t instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr
                    && f.getNameAsString().equals(name);
            if (named && a.getOperator() == AssignExpr.Operator.ASSIGN) {
                submission(a.getValue(), submissions, submissionNodes);
            }
        }
        if (!submissions.isEmpty()) {
            List<String> writes = new ArrayList<>();
            boolean closes = false;
            Node code = enclosingCode(n);
            if (code != null) {
                Set<String> read = taskReads(n, region, submissionNodes);
                for (AssignExpr a : code.findAll(AssignExpr.class)) {
                    Expression t = a.getTarget();
                    String field = t instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr ? f.getNameAsString()
                            : t instanceof NameExpr x && !scope.isLocal(x.getNameAsString())
                            && scope.fieldOwner(x.getNameAsString()) != null ? x.getNameAsString() : null;
                    if (field != null && !field.equals(name) && !(a.getValue() instanceof NullLiteralExpr)
                            && read.contains(field) && !writes.contains(field)) {
                        writes.add(field);
                    }
                }
                // A flag in an atomic or a latch: open.set(false), open.getAndSet(false), done.countDown().
                for (MethodCallExpr c : code.findAll(MethodCallExpr.class)) {
                    Expression on = c.getScope().map(FactExtractor::unwrap).orElse(null);
                    String field = on instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr ? f.getNameAsString()
                            : on instanceof NameExpr x && !scope.isLocal(x.getNameAsString())
                            && scope.fieldOwner(x.getNameAsString()) != null ? x.getNameAsString() : null;
                    if (field != null && FLAG_SETTERS.contains(c.getNameAsString()) && !field.equals(name)
                            && read.contains(field) && !writes.contains(field)) {
                        writes.add(field);
                    }
                }
                // close()/stop() on this, or on a field the task reads (its socket, its stream): not on an
                // executor, whose close() waits for the very task that ignores the interrupt.
                closes = code.findFirst(MethodCallExpr.class, c -> c.getArguments().isEmpty()
                        && (c.getNameAsString().equals("close") || c.getNameAsString().equals("stop"))
                        && closesTaskState(c, name, read)).isPresent();
            }
            cancels.add(new CancelFacts.CancelCall(FactExtractor.text(receiver), List.copyOf(submissions),
                    new Site(scope.scopeType(), scope.member(), FactExtractor.pos(n)), List.copyOf(writes), closes));
        }
    }

    /** Whether a call's receiver is this (or none) or a field other than {@code name} that the task reads. */
    private boolean closesTaskState(MethodCallExpr c, String name, Set<String> read) {
        Expression on = c.getScope().map(FactExtractor::unwrap).orElse(null);
        if (on == null || on instanceof ThisExpr) {
            return true;
        }
        String field = on instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr ? f.getNameAsString()
                : on instanceof NameExpr x && !scope.isLocal(x.getNameAsString())
                && scope.fieldOwner(x.getNameAsString()) != null ? x.getNameAsString() : null;
        return field != null && !field.equals(name) && read.contains(field);
    }

    private static void submission(Expression value, List<Pos> out, List<MethodCallExpr> nodes) {
        if (FactExtractor.unwrap(value) instanceof MethodCallExpr call) {
            out.add(FactExtractor.pos(call));
            nodes.add(call);
        }
    }

    /** How many calls deep {@link #taskReads} follows the class's own methods. */
    private static final int READS_DEPTH = 3;

    /**
     * The names the submitted tasks read, as far as their class shows: the submissions' arguments (a lambda, an
     * anonymous class; {@code this} or {@code this::m} stand for the class's {@code run}, {@code call} or
     * {@code m}), and the methods of the class these call on itself, {@link #READS_DEPTH} calls deep. A field the
     * cancelling method sets and the task reads is a stop flag: the task's loop ends by it, whatever the interrupt.
     */
    private static Set<String> taskReads(MethodCallExpr cancel, Node region, List<MethodCallExpr> submissions) {
        TypeDeclaration<?> type = cancel.findAncestor(TypeDeclaration.class).orElse(null);
        if (type == null) {
            return Set.of();
        }
        List<Node> todo = new ArrayList<>();
        Set<String> seenMethods = new HashSet<>();
        for (MethodCallExpr s : submissions) {
            for (Expression arg : s.getArguments()) {
                Expression a = FactExtractor.unwrap(arg);
                if (a instanceof ThisExpr) {
                    seenMethods.add("run");
                    seenMethods.add("call");
                } else if (a instanceof MethodReferenceExpr r && r.getScope() instanceof ThisExpr) {
                    seenMethods.add(r.getIdentifier());
                } else {
                    todo.add(a);
                }
            }
        }
        return ClassCode.reads(todo, seenMethods, type, READS_DEPTH);
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

    /** Records a read-like call whose nearest loop in the same body never looks at the interrupt. */
    private void loopRead(MethodCallExpr n) {
        Statement loop = null;
        for (Node p = n.getParentNode().orElse(null); p != null; p = p.getParentNode().orElse(null)) {
            if (Syntax.isLoop(p)) {
                loop = (Statement) p;
                break;
            }
            if (p instanceof LambdaExpr || p instanceof CallableDeclaration<?> || p instanceof TypeDeclaration<?>) {
                return;
            }
        }
        if (loop == null) {
            return;
        }
        Boolean heeds = loopsHeeding.get(loop);
        if (heeds == null) {
            heeds = loop.findFirst(MethodCallExpr.class, c -> HEEDS_INTERRUPT.contains(c.getNameAsString())).isPresent();
            loopsHeeding.put(loop, heeds);
        }
        if (!heeds) {
            ValueRef ref = scope.valueRef(n);
            ValueRef.Call call = ref instanceof ValueRef.Call c ? c
                    : new ValueRef.Call(ValueRef.UNKNOWN, n.getNameAsString(), n.getArguments().size());
            Site site = new Site(scope.scopeType(), scope.member(), FactExtractor.pos(n));
            reads.add(new CancelFacts.LoopRead(new CallAt(call, FactExtractor.text(n), false, site),
                    FactExtractor.pos(loop)));
        }
    }

    CancelFacts finish() {
        return cancels.isEmpty() && reads.isEmpty() ? CancelFacts.NONE
                : new CancelFacts(List.copyOf(cancels), List.copyOf(reads));
    }
}
