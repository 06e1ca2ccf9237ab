package dev.threadguard.facts;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.type.UnionType;
import dev.threadguard.facts.PoolFacts.CompletionDrain;
import dev.threadguard.facts.PoolFacts.DroppedCallback;
import dev.threadguard.facts.PoolFacts.FutureLoop;
import dev.threadguard.facts.PoolFacts.PoolSizing;
import dev.threadguard.facts.PoolFacts.SizingKind;
import dev.threadguard.facts.PoolFacts.Take;
import dev.threadguard.facts.model.Pools;
import dev.threadguard.facts.model.Tasks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The thread-pool part of the one walk of {@link FactExtractor}: the walker calls {@link #call} and
 * {@link #creation} as it meets calls and object creations, and this class records {@link PoolFacts}. It
 * looks into the tree only around what it meets: the loop around a {@code get()}, the method that holds a
 * completion service, the arguments of a pool's constructor.
 */
final class PoolExtractor {

    private final WalkerScope scope;
    private final List<FutureLoop> futureLoops = new ArrayList<>();
    private final List<CompletionDrain> drains = new ArrayList<>();
    private final List<PoolSizing> sizings = new ArrayList<>();
    private final List<DroppedCallback> callbacks = new ArrayList<>();

    PoolExtractor(WalkerScope scope) {
        this.scope = scope;
    }

    PoolFacts finish() {
        if (futureLoops.isEmpty() && drains.isEmpty() && sizings.isEmpty() && callbacks.isEmpty()) {
            return PoolFacts.NONE;
        }
        return new PoolFacts(List.copyOf(futureLoops), List.copyOf(drains), List.copyOf(sizings),
                List.copyOf(callbacks));
    }

    private Site site(Node node) {
        return new Site(scope.scopeType(), scope.member(), FactExtractor.pos(node));
    }

    /** Called on every method call before its parts are walked. */
    void call(MethodCallExpr n) {
        String name = n.getNameAsString();
        int args = n.getArguments().size();
        if (n.getScope().isPresent() && (name.equals("get") && (args == 0 || args == 2) || name.equals("join") && args == 0)) {
            futureInLoop(n);
        } else if (Pools.OUTCOME_CALLBACKS.contains(name) && args >= 1 && n.getScope().isPresent()
                && n.getParentNode().orElse(null) instanceof com.github.javaparser.ast.stmt.ExpressionStmt
                && FactExtractor.unwrap(n.getArgument(0)) instanceof LambdaExpr callback) {
            droppedCallback(n, callback);
        } else if (args <= 1 && name.equals("newCachedThreadPool") && isExecutors(n)) {
            cachedPool(n);
        } else if (args == 1 && Pools.SIZED_FACTORIES.contains(name) && isExecutors(n)) {
            Expression size = FactExtractor.unwrap(n.getArgument(0));
            if (isInputSize(size) && heldHere(size)) {
                sizings.add(new PoolSizing(SizingKind.SIZED_FROM_INPUT, "", FactExtractor.text(size), -1, -1,
                        TypeName.of(""), 0, FactExtractor.text(n), site(n)));
            }
        }
    }

    /** Called on every object creation before its parts are walked. */
    void creation(ObjectCreationExpr n) {
        String simple = n.getType().getName().getIdentifier();
        if (simple.equals(Pools.COMPLETION_SERVICE)) {
            completionService(n);
        } else if (simple.equals("ThreadPoolExecutor") && n.getArguments().size() >= 5) {
            threadPool(n);
        }
    }

    // ------------------------------------------------------------------ callbacks that throw

    /**
     * Whether an unqualified call names a method of an enclosing class of the file: {@code checkState(...)} that the
     * class declares itself is its own method, not the precondition that throws.
     */
    private static boolean ownMethod(MethodCallExpr c) {
        if (c.getScope().isPresent()) {
            return false;
        }
        for (Node p = c.getParentNode().orElse(null); p != null; p = p.getParentNode().orElse(null)) {
            if (p instanceof com.github.javaparser.ast.body.TypeDeclaration<?> t
                    && !t.getMethodsByName(c.getNameAsString()).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void droppedCallback(MethodCallExpr n, LambdaExpr callback) {
        Optional<Node> thrower = callback.getBody().findFirst(Node.class, x ->
                (x instanceof ThrowStmt || x instanceof MethodCallExpr c && Pools.THROWING_CALLS.contains(c.getNameAsString())
                        && !ownMethod(c))
                        && !caughtWithin(x, callback));
        if (thrower.isEmpty()) {
            return;
        }
        String what = thrower.get() instanceof MethodCallExpr c ? c.getNameAsString() : "throw";
        callbacks.add(new DroppedCallback(scope.valueRef(n.getScope().get()), n.getNameAsString(), what,
                FactExtractor.pos(thrower.get()), FactExtractor.text(n), site(n)));
    }

    /** Whether {@code node} is in the try block of a try statement, or in a nested lambda or class, inside {@code code}. */
    private static boolean caughtWithin(Node node, Node code) {
        Node child = node;
        for (Node p = node.getParentNode().orElse(null); p != null && p != code; child = p, p = p.getParentNode().orElse(null)) {
            if (p instanceof TryStmt t && t.getTryBlock() == child && !t.getCatchClauses().isEmpty() || isUnitBoundary(p)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ futures in loops

    private void futureInLoop(MethodCallExpr call) {
        Expression receiver = call.getScope().get();
        Statement loop = enclosingLoop(call);
        if (loop == null || !perElement(receiver, loop)) {
            return;
        }
        Set<String> failures = call.getNameAsString().equals("join") ? Pools.JOIN_FAILURES : Pools.GET_FAILURES;
        futureLoops.add(new FutureLoop(scope.valueRef(receiver), FactExtractor.text(call), FactExtractor.pos(loop),
                caughtInside(call, loop, failures, true), caughtInside(call, loop, failures, false),
                cancelsOnTheWayOut(call), overInvokeAll(receiver, loop), fromSubmissions(receiver, loop), site(call)));
    }

    /**
     * {@code for (Future<T> f : pool.invokeAll(tasks))}, or a loop over a local set from {@code invokeAll}
     * ({@code results.get(i).get()}): every task has ended when the loop starts.
     */
    private static boolean overInvokeAll(Expression receiver, Statement loop) {
        Expression walked = null;
        if (loop instanceof ForEachStmt f) {
            walked = FactExtractor.unwrap(f.getIterable());
        } else if (FactExtractor.unwrap(receiver) instanceof MethodCallExpr element && element.getNameAsString().equals("get")
                && element.getArguments().size() == 1 && element.getScope().isPresent()) {
            walked = FactExtractor.unwrap(element.getScope().get());
        }
        if (walked instanceof NameExpr local) {
            Node unit = loop;
            while (unit != null && !isUnitBoundary(unit)) {
                unit = unit.getParentNode().orElse(null);
            }
            walked = unit == null ? null : unit.findFirst(VariableDeclarator.class,
                            v -> v.getNameAsString().equals(local.getNameAsString()) && v.getInitializer().isPresent())
                    .map(v -> FactExtractor.unwrap(v.getInitializer().get())).orElse(null);
        }
        return walked instanceof MethodCallExpr m && m.getNameAsString().equals("invokeAll");
    }

    /**
     * Whether the loop walks a local that its code fills with futures of tasks it hands to an executor:
     * {@code futures.add(pool.submit(task))}, or a local set from a submission ({@code stream().map(t ->
     * pool.submit(t)).toList()}): tasks that are still running when the loop is left.
     */
    private static boolean fromSubmissions(Expression receiver, Statement loop) {
        Expression walked = null;
        if (loop instanceof ForEachStmt f) {
            walked = FactExtractor.unwrap(f.getIterable());
        } else if (FactExtractor.unwrap(receiver) instanceof MethodCallExpr element && element.getNameAsString().equals("get")
                && element.getArguments().size() == 1 && element.getScope().isPresent()) {
            walked = FactExtractor.unwrap(element.getScope().get());
        }
        if (!(walked instanceof NameExpr local)) {
            return false;
        }
        Node unit = loop;
        while (unit != null && !isUnitBoundary(unit)) {
            unit = unit.getParentNode().orElse(null);
        }
        if (unit == null) {
            return false;
        }
        String name = local.getNameAsString();
        return unit.findFirst(VariableDeclarator.class, v -> v.getNameAsString().equals(name) && v.getInitializer().isPresent()
                        && submits(v.getInitializer().get())).isPresent()
                || unit.findFirst(MethodCallExpr.class, c -> c.getScope().orElse(null) instanceof NameExpr s
                        && s.getNameAsString().equals(name) && (c.getNameAsString().equals("add") || c.getNameAsString().equals("put"))
                        && c.getArguments().stream().anyMatch(PoolExtractor::submits)).isPresent();
    }

    private static boolean submits(Expression e) {
        return e.findFirst(MethodCallExpr.class, c -> Tasks.FUTURE_SUBMISSIONS.contains(c.getNameAsString())
                || c.getNameAsString().equals("supplyAsync") || c.getNameAsString().equals("runAsync")).isPresent();
    }

    /** The innermost loop whose body holds {@code node}, within the code unit (method, lambda) of the node. */
    private static Statement enclosingLoop(Node node) {
        Node child = node;
        for (Node p = node.getParentNode().orElse(null); p != null; child = p, p = p.getParentNode().orElse(null)) {
            if (isUnitBoundary(p)) {
                return null;
            }
            if (p instanceof ForEachStmt f && f.getBody() == child
                    || p instanceof ForStmt f2 && f2.getBody() == child
                    || p instanceof WhileStmt w && w.getBody() == child
                    || p instanceof DoStmt d && d.getBody() == child) {
                return (Statement) p;
            }
        }
        return null;
    }

    private static boolean isUnitBoundary(Node p) {
        return p instanceof LambdaExpr || p instanceof CallableDeclaration<?> || p instanceof InitializerDeclaration
                || p instanceof TypeDeclaration<?> || p instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent();
    }

    /** Whether {@code receiver} is the element the loop is at: it uses the loop's variable, or takes the next one. */
    private static boolean perElement(Expression receiver, Statement loop) {
        Set<String> loopVariables = new HashSet<>();
        if (loop instanceof ForEachStmt f) {
            f.getVariable().getVariables().forEach(v -> loopVariables.add(v.getNameAsString()));
        } else if (loop instanceof ForStmt f) {
            for (Expression init : f.getInitialization()) {
                if (init instanceof VariableDeclarationExpr v) {
                    v.getVariables().forEach(d -> loopVariables.add(d.getNameAsString()));
                }
            }
        }
        Expression value = receiver;
        if (receiver instanceof NameExpr local) {
            // A local of the loop's body: what it was initialized with.
            Statement body = loopBody(loop);
            Optional<VariableDeclarator> declared = body.findFirst(VariableDeclarator.class,
                    v -> v.getNameAsString().equals(local.getNameAsString()) && v.getInitializer().isPresent());
            if (declared.isPresent()) {
                value = declared.get().getInitializer().get();
            }
        }
        for (String v : loopVariables) {
            if (Syntax.mentions(value, v)) {
                return true;
            }
        }
        Expression unwrapped = FactExtractor.unwrap(value);
        return unwrapped instanceof MethodCallExpr next && next.getScope().isPresent()
                && Pools.NEXT_ELEMENT.contains(next.getNameAsString());
    }

    private static Statement loopBody(Statement loop) {
        if (loop instanceof ForEachStmt f) {
            return f.getBody();
        } else if (loop instanceof ForStmt f) {
            return f.getBody();
        } else if (loop instanceof WhileStmt w) {
            return w.getBody();
        }
        return ((DoStmt) loop).getBody();
    }

    /**
     * Whether a catch between {@code call} and {@code loop} takes one of {@code failures}, and, when
     * {@code staying}, stays in the loop: its body does not end in {@code throw}, {@code return} or {@code break}.
     */
    private static boolean caughtInside(Node call, Statement loop, Set<String> failures, boolean staying) {
        for (Node p = call.getParentNode().orElse(null); p != null && p != loop; p = p.getParentNode().orElse(null)) {
            if (p instanceof TryStmt t && t.getTryBlock().isAncestorOf(call)) {
                for (CatchClause c : t.getCatchClauses()) {
                    if (catchesAny(c, failures)
                            && (!staying || !Syntax.endsIn(c.getBody(), ThrowStmt.class, ReturnStmt.class, BreakStmt.class))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean catchesAny(CatchClause c, Set<String> names) {
        Parameter p = c.getParameter();
        if (p.getType() instanceof UnionType u) {
            return u.getElements().stream().anyMatch(t -> names.contains(FactExtractor.simpleName(t)));
        }
        return names.contains(FactExtractor.simpleName(p.getType()));
    }

    /** Whether a catch or finally that an exception thrown at {@code node} passes through cancels something. */
    private static boolean cancelsOnTheWayOut(Node node) {
        for (Node p = node.getParentNode().orElse(null); p != null && !isUnitBoundary(p); p = p.getParentNode().orElse(null)) {
            if (p instanceof TryStmt t && t.getTryBlock().isAncestorOf(node)) {
                for (CatchClause c : t.getCatchClauses()) {
                    if (cancels(c.getBody())) {
                        return true;
                    }
                }
                if (t.getFinallyBlock().isPresent() && cancels(t.getFinallyBlock().get())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean cancels(Node code) {
        return code.findFirst(MethodCallExpr.class, c -> Pools.CANCELS.matcher(c.getNameAsString()).matches()).isPresent();
    }

    // ------------------------------------------------------------------ completion services

    private void completionService(ObjectCreationExpr n) {
        String name = null;
        Node parent = n.getParentNode().orElse(null);
        if (parent instanceof VariableDeclarator v && v.getParentNode().orElse(null) instanceof VariableDeclarationExpr) {
            name = v.getNameAsString();
        } else if (parent instanceof AssignExpr a && a.getTarget() instanceof NameExpr target
                && scope.isLocal(target.getNameAsString())) {
            name = target.getNameAsString();
        }
        Node unit = n;
        while (unit != null && !isUnitBoundary(unit)) {
            unit = unit.getParentNode().orElse(null);
        }
        if (name == null || unit == null || unit instanceof TypeDeclaration<?>) {
            return;
        }
        String service = name;
        boolean submitsInLoop = false;
        int submitsOutside = 0;
        List<Take> takes = new ArrayList<>();
        for (NameExpr use : unit.findAll(NameExpr.class, e -> e.getNameAsString().equals(service))) {
            if (!(use.getParentNode().orElse(null) instanceof MethodCallExpr call) || call.getScope().orElse(null) != use) {
                return; // handed on, returned or stored: it may be drained elsewhere
            }
            String method = call.getNameAsString();
            Statement loop = enclosingLoopOrForEach(call, unit);
            if (method.equals("submit")) {
                if (loop != null || inForEachLambda(call, unit)) {
                    submitsInLoop = true;
                } else {
                    submitsOutside++;
                }
            } else if (Pools.COMPLETION_TAKES.contains(method)) {
                takes.add(take(call, loop, unit));
            }
        }
        TypeName type = scope.typeName(n.getType());
        if (type != null && (submitsInLoop || submitsOutside > 0)) {
            drains.add(new CompletionDrain(type, service, submitsInLoop, submitsOutside, List.copyOf(takes), site(n)));
        }
    }

    /** The innermost loop around {@code call} inside {@code unit}; lambdas of the unit are looked through. */
    private static Statement enclosingLoopOrForEach(Node call, Node unit) {
        Node child = call;
        for (Node p = call.getParentNode().orElse(null); p != null && p != unit; child = p, p = p.getParentNode().orElse(null)) {
            if (p instanceof ForEachStmt f && f.getBody() == child
                    || p instanceof ForStmt f2 && f2.getBody() == child
                    || p instanceof WhileStmt w && w.getBody() == child
                    || p instanceof DoStmt d && d.getBody() == child) {
                return (Statement) p;
            }
        }
        return null;
    }

    /** {@code tasks.forEach(t -> service.submit(t))}: a loop written as a lambda. */
    private static boolean inForEachLambda(Node call, Node unit) {
        for (Node p = call.getParentNode().orElse(null); p != null && p != unit; p = p.getParentNode().orElse(null)) {
            if (p instanceof LambdaExpr && p.getParentNode().orElse(null) instanceof MethodCallExpr m
                    && m.getNameAsString().startsWith("forEach")) {
                return true;
            }
        }
        return false;
    }

    private static Take take(MethodCallExpr call, Statement loop, Node unit) {
        if (loop == null) {
            return new Take(FactExtractor.text(call), false, -1, false, false, cancelsOnTheWayOut(call),
                    FactExtractor.pos(call));
        }
        Statement body = loopBody(loop);
        boolean leaves = body.findFirst(MethodCallExpr.class, c -> {
            String name = c.getNameAsString();
            boolean get = name.equals("get") && (c.getArguments().size() == 0 || c.getArguments().size() == 2);
            boolean join = name.equals("join") && c.getArguments().isEmpty();
            return (get || join) && c.getScope().isPresent() && enclosingLoop(c) == loop
                    && !caughtInside(c, loop, join ? Pools.JOIN_FAILURES : Pools.GET_FAILURES, true);
        }).isPresent();
        boolean stops = body.findFirst(ReturnStmt.class, r -> enclosingLoop(r) == loop).isPresent()
                || body.findFirst(BreakStmt.class, b -> breaks(b, loop)).isPresent();
        boolean cancelsAfter = unit.findFirst(MethodCallExpr.class,
                c -> Pools.CANCELS.matcher(c.getNameAsString()).matches() && !loop.isAncestorOf(c)
                        && FactExtractor.pos(c).compareTo(FactExtractor.pos(loop)) > 0).isPresent();
        return new Take(FactExtractor.text(call), true, fixedCount(loop), leaves, stops,
                cancelsOnTheWayOut(loop) || cancelsAfter, FactExtractor.pos(call));
    }

    /** Whether {@code b} leaves {@code loop}: a labelled break, or one whose innermost breakable statement is it. */
    private static boolean breaks(BreakStmt b, Statement loop) {
        if (b.getLabel().isPresent()) {
            return true;
        }
        for (Node p = b.getParentNode().orElse(null); p != null; p = p.getParentNode().orElse(null)) {
            if (p == loop) {
                return true;
            }
            if (p instanceof ForEachStmt || p instanceof ForStmt || p instanceof WhileStmt || p instanceof DoStmt
                    || p instanceof SwitchStmt || isUnitBoundary(p)) {
                return false;
            }
        }
        return false;
    }

    /** {@code for (int i = 0; i < 3; i++)}: 3; {@code i <= 2}: 3; otherwise -1. */
    private static int fixedCount(Statement loop) {
        if (loop instanceof ForStmt f && f.getCompare().isPresent() && f.getCompare().get() instanceof BinaryExpr b
                && b.getRight() instanceof IntegerLiteralExpr limit && f.getInitialization().size() == 1
                && f.getInitialization().get(0) instanceof VariableDeclarationExpr v && v.getVariables().size() == 1
                && v.getVariable(0).getInitializer().orElse(null) instanceof IntegerLiteralExpr start) {
            try {
                int from = Integer.parseInt(start.getValue());
                int to = Integer.parseInt(limit.getValue());
                return switch (b.getOperator()) {
                    case LESS -> Math.max(0, to - from);
                    case LESS_EQUALS -> Math.max(0, to - from + 1);
                    default -> -1;
                };
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ pool sizing

    private void threadPool(ObjectCreationExpr n) {
        Expression queue = FactExtractor.unwrap(n.getArgument(4));
        if (queue instanceof NameExpr local) {
            // A queue made just before, in a local of the same code.
            Node unit = n;
            while (unit != null && !isUnitBoundary(unit)) {
                unit = unit.getParentNode().orElse(null);
            }
            Optional<VariableDeclarator> declared = unit == null ? Optional.empty()
                    : unit.findFirst(VariableDeclarator.class, v -> v.getNameAsString().equals(local.getNameAsString())
                    && v.getInitializer().isPresent());
            if (declared.isPresent()) {
                queue = FactExtractor.unwrap(declared.get().getInitializer().get());
            }
        }
        if (!(queue instanceof ObjectCreationExpr created)) {
            return;
        }
        Expression core = FactExtractor.unwrap(n.getArgument(0));
        Expression max = FactExtractor.unwrap(n.getArgument(1));
        TypeName queueType = scope.typeName(created.getType());
        sizings.add(new PoolSizing(SizingKind.QUEUE_AND_MAXIMUM, written(core), written(max),
                intValue(core), intValue(max), queueType == null ? TypeName.of("") : queueType,
                created.getArguments().size(), FactExtractor.text(n), site(n)));
    }

    /** A short expression as written, a long one as the walk renders it. */
    private static String written(Expression e) {
        String text = e.toString();
        return text.length() <= 40 && !text.contains("\n") ? text : FactExtractor.text(e);
    }

    /**
     * {@code ExecutorService pool = Executors.newCachedThreadPool();} then, in the same code,
     * {@code for (Item i : items) pool.submit(() -> ...blocking call...)}.
     */
    private void cachedPool(MethodCallExpr n) {
        if (!(n.getParentNode().orElse(null) instanceof VariableDeclarator v)) {
            return;
        }
        String pool = v.getNameAsString();
        Node unit = n;
        while (unit != null && !isUnitBoundary(unit)) {
            unit = unit.getParentNode().orElse(null);
        }
        if (unit == null || unit instanceof TypeDeclaration<?>) {
            return;
        }
        for (MethodCallExpr submit : unit.findAll(MethodCallExpr.class, c -> c.getScope().orElse(null) instanceof NameExpr s
                && s.getNameAsString().equals(pool) && (c.getNameAsString().equals("submit") || c.getNameAsString().equals("execute"))
                && c.getArguments().size() == 1 && FactExtractor.unwrap(c.getArgument(0)) instanceof LambdaExpr)) {
            Statement loop = enclosingLoopOrForEach(submit, unit);
            if (!(loop instanceof ForEachStmt each)) {
                continue;
            }
            Optional<MethodCallExpr> blocking = FactExtractor.unwrap(submit.getArgument(0)).findFirst(MethodCallExpr.class,
                    c -> Pools.BLOCKING_CALLS.contains(c.getNameAsString()));
            if (blocking.isPresent()) {
                sizings.add(new PoolSizing(SizingKind.CACHED_FED_FROM_LOOP, FactExtractor.text(blocking.get()),
                        FactExtractor.text(each.getIterable()), -1, -1, TypeName.of(""), 0, FactExtractor.text(n), site(n)));
                return;
            }
        }
    }

    private static int intValue(Expression e) {
        if (e instanceof IntegerLiteralExpr i) {
            try {
                return Integer.parseInt(i.getValue().replace("_", ""));
            } catch (NumberFormatException ignored) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isExecutors(MethodCallExpr n) {
        if (n.getScope().isEmpty()) {
            return true; // imported statically
        }
        String target = FactExtractor.text(n.getScope().get());
        return target.equals("Executors") || target.endsWith(".Executors");
    }

    /** Whether the sized thing is a parameter or local: the input of the call, not the object's configuration. */
    private boolean heldHere(Expression size) {
        Expression x = size instanceof com.github.javaparser.ast.expr.CastExpr c ? FactExtractor.unwrap(c.getExpression()) : size;
        Expression sized = x instanceof MethodCallExpr m ? m.getScope().orElse(null)
                : x instanceof FieldAccessExpr f ? f.getScope() : null;
        sized = sized == null ? null : FactExtractor.unwrap(sized);
        while (sized instanceof MethodCallExpr chained && chained.getScope().isPresent()) {
            sized = FactExtractor.unwrap(chained.getScope().get()); // items.stream().filter(...).count()
        }
        return sized instanceof NameExpr name && scope.isLocal(name.getNameAsString());
    }

    /** {@code items.size()}, {@code names.length}, {@code stream.count()}, cast or not. */
    private static boolean isInputSize(Expression e) {
        Expression x = e instanceof com.github.javaparser.ast.expr.CastExpr c ? FactExtractor.unwrap(c.getExpression()) : e;
        return x instanceof MethodCallExpr m && m.getScope().isPresent() && m.getArguments().isEmpty()
                && Pools.INPUT_SIZES.contains(m.getNameAsString())
                || x instanceof FieldAccessExpr f && f.getNameAsString().equals("length");
    }
}
