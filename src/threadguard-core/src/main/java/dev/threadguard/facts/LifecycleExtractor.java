package dev.threadguard.facts;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.InstanceOfExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.TypeExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.LabeledStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import dev.threadguard.facts.model.Logging;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.threadguard.facts.model.ExecutorShutdown.CLOSES;
import static dev.threadguard.facts.model.ExecutorShutdown.CLOSING_HELPER;
import static dev.threadguard.facts.model.ExecutorShutdown.DEFAULT_FACTORY_ARITY;
import static dev.threadguard.facts.model.Tasks.POOLED_SUBMISSIONS;

/**
 * The lifecycle part of the one walk of {@link FactExtractor}: the walker calls these hooks as it meets
 * calls, object creations, catches, lambdas and methods, and this class records {@link LifecycleFacts}.
 * Its own looks into the tree are local and rare: the uses of one executor local in its method, the body of a
 * catch clause, the loop around a {@code sleep} or {@code wait}.
 */
final class LifecycleExtractor {

    private final WalkerScope scope;

    private final List<ExecutorCreation> creations = new ArrayList<>();
    private final Set<String> closedNames = new TreeSet<>();
    private final Set<String> constructed = new TreeSet<>();
    private final Set<String> constructedInStaticFields = new TreeSet<>();
    private final Set<String> returnedFields = new TreeSet<>();
    private final List<InterruptCatch> interruptCatches = new ArrayList<>();
    private final Set<String> interruptibleMethods = new TreeSet<>();
    private final Set<String> interruptThrowers = new TreeSet<>();
    private final Set<Pos> callLoops = new java.util.LinkedHashSet<>();
    private final List<Pos> tailCalls = new ArrayList<>();
    private final List<ThreadLocalCall> threadLocalCalls = new ArrayList<>();
    private final List<PooledTask> pooledTasks = new ArrayList<>();
    private final List<LifecycleFacts.TaskCall> taskCalls = new ArrayList<>();
    private final List<WaitOutsideLoop> waits = new ArrayList<>();
    private final List<ThreadRunCall> runCalls = new ArrayList<>();
    private final List<ThreadTask> threadTasks = new ArrayList<>();
    private final Set<String> interrupters = new TreeSet<>();
    private final Set<String> methodReferences = new TreeSet<>();
    private final List<ThreadMethodRef> threadMethodRefs = new ArrayList<>();

    /** The code units being walked, innermost first: methods, constructors, lambdas. */
    private final Deque<Unit> units = new ArrayDeque<>();
    /** Lambdas and task methods handed to executors, registered at the handing-over call. */
    private final Set<Node> pooledBodies = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Try statements being walked whose catches can receive an InterruptedException, innermost first. */
    private final Deque<TryFrame> tries = new ArrayDeque<>();
    private final Map<TryStmt, List<CallAt>> tryCalls = new IdentityHashMap<>();
    private final Set<CallAt> settledCalls = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Field writes by {@code owner#field}: the first per writing member and kind of code. */
    private final Map<String, List<FieldWrite>> fieldWrites = new HashMap<>();
    private final List<PendingPoll> pendingPolls = new ArrayList<>();

    private record Unit(Node node, Pos pos, boolean recordsCalls) {
    }

    private static final class TryFrame {
        final TryStmt tryStmt;
        final boolean records;
        final int depth;
        final List<CallAt> calls = new ArrayList<>();

        TryFrame(TryStmt tryStmt, boolean records, int depth) {
            this.tryStmt = tryStmt;
            this.records = records;
            this.depth = depth;
        }
    }

    /**
     * A write of a field: by which member, whether in code that runs later or as a thread's {@code run()}
     * ({@code concurrent}), and whether its method does nothing else ({@code signal}: {@code stop()}, a setter).
     */
    private record FieldWrite(String member, boolean deferred, boolean concurrent, boolean signal, boolean interrupts,
                              Site site) {
    }

    private record PendingPoll(String owner, String field, ValueRef.Call sleep, Pos sleepPos, String member,
                               boolean deferred, boolean concurrent, Site site) {
    }

    LifecycleExtractor(WalkerScope scope) {
        this.scope = scope;
    }

    LifecycleFacts finish() {
        List<SleepPoll> polls = new ArrayList<>();
        for (PendingPoll p : pendingPolls) {
            for (FieldWrite w : fieldWrites.getOrDefault(p.owner() + "#" + p.field(), List.of())) {
                // Shared state: written by code that can run while the loop runs, on another thread.
                if (!w.member().endsWith(".<init>") && !w.member().endsWith(".<clinit>")
                        && (!w.member().equals(p.member()) || w.deferred() != p.deferred())
                        && (p.concurrent() || w.concurrent() || w.signal())) {
                    if (w.interrupts()) {
                        continue; // this writer wakes the poller by an interrupt, which makes its write visible
                    }
                    polls.add(new SleepPoll(p.owner(), p.field(), p.sleep(), p.sleepPos(), w.site(), p.site()));
                    break;
                }
            }
        }
        if (creations.isEmpty() && interruptCatches.isEmpty() && threadLocalCalls.isEmpty() && pooledTasks.isEmpty()
                && waits.isEmpty() && runCalls.isEmpty() && polls.isEmpty() && interruptibleMethods.isEmpty()
                && closedNames.isEmpty() && returnedFields.isEmpty() && callLoops.isEmpty() && tailCalls.isEmpty()
                && threadTasks.isEmpty() && interrupters.isEmpty() && methodReferences.isEmpty()
                && threadMethodRefs.isEmpty() && constructed.isEmpty() && constructedInStaticFields.isEmpty()) {
            return LifecycleFacts.NONE;
        }
        return new LifecycleFacts(List.copyOf(creations), Set.copyOf(closedNames), Set.copyOf(returnedFields),
                List.copyOf(interruptCatches), Set.copyOf(interruptibleMethods), List.copyOf(threadLocalCalls),
                List.copyOf(pooledTasks), List.copyOf(taskCalls), List.copyOf(waits), List.copyOf(runCalls),
                List.copyOf(polls), Set.copyOf(interruptThrowers), List.copyOf(callLoops), List.copyOf(tailCalls),
                List.copyOf(threadTasks), Set.copyOf(interrupters), Set.copyOf(methodReferences),
                List.copyOf(threadMethodRefs), Set.copyOf(constructed), Set.copyOf(constructedInStaticFields));
    }

    private Site site(Node node) {
        return new Site(scope.scopeType(), scope.member(), FactExtractor.pos(node));
    }

    private ValueRef.Call callRef(MethodCallExpr call) {
        ValueRef ref = scope.valueRef(call);
        return ref instanceof ValueRef.Call c ? c
                : new ValueRef.Call(ValueRef.UNKNOWN, call.getNameAsString(), call.getArguments().size());
    }

    // ------------------------------------------------------------------ units of code

    void enterMethod(MethodDeclaration n) {
        for (com.github.javaparser.ast.type.ReferenceType thrown : n.getThrownExceptions()) {
            String name = FactExtractor.simpleName(thrown);
            String key = scope.scopeType() + "#" + n.getNameAsString() + "/" + n.getParameters().size();
            if (name.equals("InterruptedException")) {
                interruptibleMethods.add(key);
                if (n.getBody().isPresent() && throwsInterrupt(n.getBody().get())) {
                    interruptThrowers.add(key);
                }
            } else if (name.equals("Exception") || name.equals("Throwable")) {
                interruptThrowers.add(key); // anything may come out of it, an InterruptedException too
            }
        }
        boolean task = n.getParameters().isEmpty()
                && (n.getNameAsString().equals("run") || n.getNameAsString().equals("call"));
        units.push(new Unit(n, FactExtractor.pos(n), task || pooledBodies.contains(n)));
    }

    /**
     * Whether a method's own code has a {@code throw} that can raise an {@code InterruptedException}: anything
     * but a {@code new} exception whose type is not an interrupt, or a caught exception whose declared types
     * are none of {@code InterruptedException}, {@code Exception}, {@code Throwable}. Code of lambdas and
     * classes inside does not count: it throws out of another method.
     */
    private static boolean throwsInterrupt(Node node) {
        if (node instanceof LambdaExpr || node instanceof BodyDeclaration<?>) {
            return false;
        }
        if (node instanceof ThrowStmt t) {
            Expression e = FactExtractor.unwrap(t.getExpression());
            if (e instanceof ObjectCreationExpr o) {
                return o.getType().getName().getIdentifier().contains("Interrupt");
            }
            if (e instanceof NameExpr name) {
                for (Node n = t.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
                    if (n instanceof CatchClause c && c.getParameter().getNameAsString().equals(name.getNameAsString())) {
                        return catchesDirectly(c) || catchesBroadly(c);
                    }
                }
            }
            return true;
        }
        for (Node child : node.getChildNodes()) {
            if (throwsInterrupt(child)) {
                return true;
            }
        }
        return false;
    }

    void enterConstructor(ConstructorDeclaration n) {
        units.push(new Unit(n, FactExtractor.pos(n), false));
    }

    void enterLambda(LambdaExpr n) {
        Unit outer = units.peek();
        if (pooledBodies.contains(n)) {
            units.push(new Unit(n, FactExtractor.pos(n), true));
        } else {
            // A lambda run on the spot (forEach) is part of its enclosing code; it still bounds what a try sees.
            units.push(outer == null ? new Unit(n, FactExtractor.pos(n), false)
                    : new Unit(outer.node(), outer.pos(), outer.recordsCalls()));
        }
    }

    void exitUnit() {
        units.pop();
    }

    // ------------------------------------------------------------------ calls

    /** Called on every method call before its parts are walked. */
    void call(MethodCallExpr n) {
        String name = n.getNameAsString();
        int args = n.getArguments().size();
        Unit unit = units.peek();
        recordForTries(n);
        Statement loop = repeating(n);
        if (loop != null) {
            callLoops.add(FactExtractor.pos(loop));
        }
        if (n.getScope().isEmpty() && tail(n)) {
            tailCalls.add(FactExtractor.pos(n)); // unqualified: a call of the class's own method that may forward
        }
        if (unit != null && unit.recordsCalls()) {
            taskCalls.add(new LifecycleFacts.TaskCall(unit.pos(),
                    new CallAt(callRef(n), FactExtractor.text(n), inFinally(n, unit.node()), site(n))));
        }
        // A thread-per-task executor keeps no idle thread: left open, nothing of it lingers once its tasks end.
        if (name.startsWith("new") && !name.endsWith("ThreadPerTaskExecutor") && isExecutorsFactory(n)) {
            Integer arity = DEFAULT_FACTORY_ARITY.get(name);
            executorCreated(n, callRef(n), null, arity != null && arity == args);
        }
        if (CLOSES.contains(name) && n.getScope().isPresent()) {
            closed(n.getScope().get());
            // A static helper named like the call it makes: Utils.shutdownNow(getClass(), pool, log).
            n.getArguments().forEach(this::closed);
        } else if (name.equals("allowCoreThreadTimeOut") && n.getScope().isPresent() && args == 1
                && n.getArgument(0) instanceof BooleanLiteralExpr b && b.getValue()) {
            closed(n.getScope().get()); // its idle threads end by themselves
        } else if (args > 0 && CLOSING_HELPER.matcher(name).matches()) {
            n.getArguments().forEach(this::closed);
        }
        if (POOLED_SUBMISSIONS.contains(name) || name.endsWith("Async")) {
            pooledTask(n);
        }
        threadControl(n);
        switch (name) {
            case "set", "remove" -> threadLocalCall(n, unit);
            case "wait", "await" -> waitCall(n);
            case "run" -> {
                if (args == 0 && n.getScope().isPresent() && !(n.getScope().get() instanceof SuperExpr)
                        && !(n.getScope().get() instanceof ThisExpr)) {
                    runCalls.add(new ThreadRunCall(scope.valueRef(n.getScope().get()), FactExtractor.text(n), site(n),
                            hookRemovedBefore(n) || startedInAnotherBranch(n)));
                }
            }
            case "sleep" -> sleepCall(n);
            default -> {
            }
        }
    }

    /**
     * Whether the method or lambda around {@code x.run()} calls {@code removeShutdownHook(x)} (any receiver for
     * the Runtime) before it: the hook taken back is run now, on purpose.
     */
    private static boolean hookRemovedBefore(MethodCallExpr run) {
        Node unit = enclosingUnit(run);
        if (unit == null || run.getScope().isEmpty() || run.getBegin().isEmpty()) {
            return false;
        }
        String receiver = FactExtractor.text(FactExtractor.unwrap(run.getScope().get()));
        for (MethodCallExpr c : unit.findAll(MethodCallExpr.class)) {
            if (c.getNameAsString().equals("removeShutdownHook") && c.getArguments().size() == 1
                    && c.getBegin().isPresent() && c.getBegin().get().isBefore(run.getBegin().get())
                    && FactExtractor.text(FactExtractor.unwrap(c.getArgument(0))).equals(receiver)
                    && enclosingUnit(c) == unit) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code x.run()} sits in one branch of an {@code if} whose other branch calls {@code x.start()}: the
     * code chooses between running the work on this thread and starting the thread
     * ({@code if (blocking) t.run(); else t.start();}).
     */
    private static boolean startedInAnotherBranch(MethodCallExpr run) {
        if (run.getScope().isEmpty()) {
            return false;
        }
        String receiver = FactExtractor.text(FactExtractor.unwrap(run.getScope().get()));
        Node child = run;
        for (Node n = run.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof LambdaExpr || n instanceof BodyDeclaration<?>) {
                return false;
            }
            if (n instanceof IfStmt i && i.getElseStmt().isPresent()) {
                Node other = i.getThenStmt() == child ? i.getElseStmt().get() : i.getElseStmt().get() == child ? i.getThenStmt() : null;
                if (other != null && other.findFirst(MethodCallExpr.class, c -> c.getNameAsString().equals("start")
                        && c.getArguments().isEmpty() && c.getScope().isPresent()
                        && FactExtractor.text(FactExtractor.unwrap(c.getScope().get())).equals(receiver)).isPresent()) {
                    return true;
                }
            }
            child = n;
        }
        return false;
    }

    /** {@code Executors.newFixedThreadPool(...)}, or {@code newFixedThreadPool(...)} imported statically. */
    private boolean isExecutorsFactory(MethodCallExpr n) {
        if (n.getScope().isEmpty()) {
            return DEFAULT_FACTORY_ARITY.containsKey(n.getNameAsString())
                    || n.getNameAsString().equals("newWorkStealingPool");
        }
        String target = FactExtractor.text(n.getScope().get());
        return target.equals("Executors") || target.endsWith(".Executors");
    }

    /** Called on every object creation before its parts are walked. */
    void creation(ObjectCreationExpr n) {
        String simple = n.getType().getName().getIdentifier();
        if (n.getAnonymousClassBody().isEmpty()) {
            boolean inStaticField = n.getParentNode().orElse(null) instanceof VariableDeclarator v
                    && v.getParentNode().orElse(null) instanceof FieldDeclaration f && f.isStatic();
            (inStaticField ? constructedInStaticFields : constructed).add(simple);
        }
        if (threadNamed(n)) {
            n.getArguments().forEach(this::threadTask);
        }
        // A virtual-thread or thread-per-task executor keeps no idle thread: left open, nothing of it lingers.
        if ((simple.contains("Executor") || simple.endsWith("Pool") || simple.endsWith("Scheduler"))
                && !simple.contains("VirtualThread") && !simple.contains("ThreadPerTask")) {
            int args = n.getArguments().size();
            boolean defaultThreads = simple.equals("ThreadPoolExecutor") && args == 5
                    || simple.equals("ScheduledThreadPoolExecutor") && args == 1;
            TypeName type = scope.typeName(n.getType());
            // A ThreadPoolExecutor with no core thread lets every idle thread end after its keep-alive: left
            // open, nothing of it lingers.
            boolean noCoreThreads = simple.equals("ThreadPoolExecutor") && args >= 5
                    && n.getArgument(0) instanceof com.github.javaparser.ast.expr.IntegerLiteralExpr zero
                    && zero.getValue().equals("0");
            if (type != null && !noCoreThreads) {
                executorCreated(n, null, type, defaultThreads);
            }
        }
    }

    /**
     * Records the tasks handed to threads of their own ({@code factory.newThread(task)}, a thread builder's
     * {@code start(task)}) and what the file stops by an interrupt ({@code pool.shutdownNow()},
     * {@code worker.interrupt()}, {@code future.cancel(true)}).
     */
    private void threadControl(MethodCallExpr n) {
        String name = n.getNameAsString();
        int args = n.getArguments().size();
        if (args > 1 && name.equals("newThread")) {
            n.getArguments().forEach(this::threadTask); // ThreadUtil.newThread(factory, this, "prefix-", true)
        } else if (args == 1 && (name.equals("newThread") || (name.equals("start") || name.equals("unstarted"))
                && n.getScope().map(FactExtractor::text).map(t -> t.contains("Thread")).orElse(false))) {
            threadTask(n.getArgument(0));
        } else if (args == 0 && (name.equals("shutdownNow") || name.equals("interrupt"))) {
            Expression target = n.getScope().map(FactExtractor::unwrap).orElse(null);
            interrupters.add(target instanceof NameExpr ne ? ne.getNameAsString()
                    : target instanceof FieldAccessExpr fa ? fa.getNameAsString()
                    : target instanceof MethodCallExpr mc ? mc.getNameAsString() + "()" : "this");
        } else if (args == 1 && name.equals("cancel")
                && !(n.getArgument(0) instanceof BooleanLiteralExpr b && !b.getValue())) {
            interrupters.add("cancel(true)");
        }
    }

    private void threadTask(Expression argument) {
        Expression e = FactExtractor.unwrap(argument);
        if (e instanceof LambdaExpr lambda) {
            threadTasks.add(new ThreadTask(null, FactExtractor.pos(lambda), site(lambda)));
        } else if (e instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent()) {
            for (BodyDeclaration<?> b : o.getAnonymousClassBody().get()) {
                if (b instanceof MethodDeclaration m && m.getParameters().isEmpty() && m.getNameAsString().equals("run")) {
                    threadTasks.add(new ThreadTask(null, FactExtractor.pos(m), site(o)));
                }
            }
        } else if (e instanceof NameExpr || e instanceof ThisExpr || e instanceof FieldAccessExpr
                || e instanceof ObjectCreationExpr || e instanceof MethodCallExpr) {
            threadTasks.add(new ThreadTask(scope.valueRef(e), null, site(e)));
        } else if (e instanceof MethodReferenceExpr ref) {
            threadMethodRefs.add(new ThreadMethodRef(scope.valueRef(ref.getScope()), ref.getIdentifier(), site(ref)));
        }
    }

    /** Called on every method reference: {@code pool::shutdown} closes {@code pool} when it runs. */
    void methodReference(MethodReferenceExpr n) {
        methodReferences.add(n.getIdentifier());
        if (CLOSES.contains(n.getIdentifier())) {
            closed(n.getScope());
        }
    }

    /** Called on every return statement: a field returned is handed out by its class. */
    void returned(ReturnStmt n) {
        if (n.getExpression().isEmpty()) {
            return;
        }
        String field = fieldName(FactExtractor.unwrap(n.getExpression().get()));
        if (field != null) {
            returnedFields.add(field);
        }
    }

    /** Called on every assignment: remembers which code writes which field. */
    void assignment(AssignExpr n) {
        fieldWritten(n.getTarget());
    }

    /** Called on every unary expression: {@code count++} writes {@code count}. */
    void update(UnaryExpr n) {
        if (n.getOperator() == UnaryExpr.Operator.PREFIX_INCREMENT || n.getOperator() == UnaryExpr.Operator.PREFIX_DECREMENT
                || n.getOperator() == UnaryExpr.Operator.POSTFIX_INCREMENT
                || n.getOperator() == UnaryExpr.Operator.POSTFIX_DECREMENT) {
            fieldWritten(n.getExpression());
        }
    }

    private void fieldWritten(Expression target) {
        String owner = null;
        String field = null;
        if (target instanceof NameExpr name && !scope.isLocal(name.getNameAsString())) {
            owner = scope.fieldOwner(name.getNameAsString());
            field = name.getNameAsString();
        } else if (target instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr t && t.getTypeName().isEmpty()) {
            owner = scope.scopeType();
            field = f.getNameAsString();
        }
        if (owner == null) {
            return;
        }
        List<FieldWrite> writes = fieldWrites.computeIfAbsent(owner + "#" + field, k -> new ArrayList<>(2));
        String member = scope.member();
        boolean deferred = scope.inDeferredCode();
        for (FieldWrite w : writes) {
            if (w.member().equals(member) && w.deferred() == deferred) {
                return;
            }
        }
        Node unit = enclosingUnit(target);
        boolean signal = unit instanceof MethodDeclaration m && m.getBody().map(b -> b.getStatements().size() == 1
                && b.getStatements().get(0) instanceof ExpressionStmt e && e.getExpression() == target.getParentNode().orElse(null))
                .orElse(false);
        // stopped = true; poller.interrupt(): the interrupt happens-before the poller's sleep throws, so it sees the write
        Pos at = FactExtractor.pos(target);
        boolean interrupts = unit != null && unit.findFirst(MethodCallExpr.class, c -> c.getNameAsString().equals("interrupt")
                && c.getArguments().isEmpty() && FactExtractor.pos(c).compareTo(at) > 0).isPresent();
        writes.add(new FieldWrite(member, deferred, deferred || isRunLike(unit), signal, interrupts, site(target)));
    }

    /** The name of a field of an enclosing type read plainly ({@code pool}) or through {@code this}; else null. */
    private String fieldName(Expression e) {
        if (e instanceof NameExpr name && !scope.isLocal(name.getNameAsString())
                && scope.fieldOwner(name.getNameAsString()) != null) {
            return name.getNameAsString();
        }
        if (e instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr) {
            return f.getNameAsString();
        }
        return null;
    }

    /** Records what {@code target} names as shut down or closed: its last name, or the field a local aliases. */
    private void closed(Expression target) {
        Expression e = FactExtractor.unwrap(target);
        if (e instanceof NameExpr name) {
            String alias = scope.isLocal(name.getNameAsString()) ? aliasedField(name) : null;
            closedNames.add(alias != null ? alias : name.getNameAsString());
        } else if (e instanceof FieldAccessExpr f) {
            closedNames.add(f.getNameAsString());
        } else if (e instanceof ObjectCreationExpr o) {
            o.getArguments().forEach(this::closed); // new ExecutorCloser(pool).close(): a closer made for the executor
        } else if (e instanceof TypeExpr t && t.getType() instanceof ClassOrInterfaceType c) {
            closedNames.add(c.getNameAsString()); // pool::shutdown, read by the parser as a type
        }
    }

    /**
     * The field a local was given in its declaration, as in {@code ExecutorService p = this.pool; p.shutdown();},
     * looked up in the statements before the use; null when it was given anything else.
     */
    private String aliasedField(NameExpr local) {
        for (Node node = local; node != null && !(node instanceof CallableDeclaration<?>) && !(node instanceof LambdaExpr);
             node = node.getParentNode().orElse(null)) {
            Node parent = node.getParentNode().orElse(null);
            if (!(parent instanceof BlockStmt block)) {
                continue;
            }
            NodeList<Statement> statements = block.getStatements();
            for (int i = Syntax.indexOf(statements, node) - 1; i >= 0; i--) {
                if (statements.get(i) instanceof ExpressionStmt st && st.getExpression() instanceof VariableDeclarationExpr d) {
                    for (VariableDeclarator v : d.getVariables()) {
                        if (v.getNameAsString().equals(local.getNameAsString())) {
                            Expression init = v.getInitializer().map(FactExtractor::unwrap).orElse(null);
                            if (init instanceof NameExpr n) {
                                return n.getNameAsString();
                            }
                            return init instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr ? f.getNameAsString() : null;
                        }
                    }
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ executors

    private void executorCreated(Expression creation, ValueRef.Call factory, TypeName type, boolean defaultThreads) {
        Node child = creation;
        Node parent = creation.getParentNode().orElse(null);
        while (parent instanceof EnclosedExpr || parent instanceof CastExpr
                || parent instanceof ConditionalExpr c && c.getCondition() != child) {
            child = parent;
            parent = parent.getParentNode().orElse(null);
        }
        String text = FactExtractor.text(creation);
        if (parent instanceof VariableDeclarator v) {
            Node holder = v.getParentNode().orElse(null);
            if (holder instanceof FieldDeclaration) {
                field(factory, type, text, v.getNameAsString(), scope.scopeType(), defaultThreads, creation);
            } else if (holder instanceof VariableDeclarationExpr d && !(d.getParentNode().orElse(null) instanceof TryStmt)) {
                local(factory, type, text, v.getNameAsString(), creation, defaultThreads, false);
            }
        } else if (parent instanceof AssignExpr a && a.getOperator() == AssignExpr.Operator.ASSIGN && a.getValue() == child) {
            Expression target = a.getTarget();
            if (target instanceof NameExpr name && scope.isLocal(name.getNameAsString())) {
                local(factory, type, text, name.getNameAsString(), creation, defaultThreads, true);
            } else if (target instanceof NameExpr name && scope.fieldOwner(name.getNameAsString()) != null) {
                field(factory, type, text, name.getNameAsString(), scope.fieldOwner(name.getNameAsString()),
                        defaultThreads, creation);
            } else if (target instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr t && t.getTypeName().isEmpty()) {
                field(factory, type, text, f.getNameAsString(), scope.scopeType(), defaultThreads, creation);
            }
        } else if (parent instanceof MethodCallExpr call) {
            boolean receiver = call.getScope().orElse(null) == child;
            // newSingleThreadExecutor().submit(task), or a pool made for one runAsync(task, pool): nothing keeps it.
            if (receiver ? !CLOSES.contains(call.getNameAsString()) : call.getNameAsString().endsWith("Async")) {
                creations.add(new ExecutorCreation(factory, type, text, ExecutorCreation.Fate.DROPPED, "", null,
                        defaultThreads, null, null, site(creation)));
            }
        } else if (parent instanceof ObjectCreationExpr o && o.getType().getName().getIdentifier().equals("ExecutorCompletionService")) {
            creations.add(new ExecutorCreation(factory, type, text, ExecutorCreation.Fate.DROPPED, "", null,
                    defaultThreads, null, null, site(creation)));
        }
    }

    private void field(ValueRef.Call factory, TypeName type, String text, String name, String owner,
                       boolean defaultThreads, Expression creation) {
        creations.add(new ExecutorCreation(factory, type, text, ExecutorCreation.Fate.FIELD, name, owner,
                defaultThreads, null, null, site(creation)));
    }

    /** What becomes of a use of an executor local. */
    private enum Use { PLAIN, CLOSE, COVERED_CLOSE, ESCAPE }

    /**
     * Follows an executor local through its method: it is fine when it is shut down in a {@code finally},
     * by try-with-resources or later by code it hands the shutdown to, or when it is handed on or returned;
     * otherwise it is recorded, never shut down, or shut down but not on every path.
     */
    private void local(ValueRef.Call factory, TypeName type, String text, String name, Expression creation,
                       boolean defaultThreads, boolean assigned) {
        Statement anchor = creation.findAncestor(Statement.class).orElse(null);
        Node body = unitBody(creation);
        if (anchor == null || body == null) {
            return;
        }
        Node region = assigned ? declaringRegion(anchor, name, body) : anchor.getParentNode().orElse(body);
        Pos after = FactExtractor.pos(anchor);
        List<Expression> uses = new ArrayList<>();
        collectNames(region, name, uses);
        Node firstClose = null;
        Node conditionalClose = null;
        for (Expression use : uses) {
            if (isAssignmentTarget(use)) {
                continue;
            }
            Use kind = classify(use, region);
            if (kind == Use.ESCAPE || kind == Use.COVERED_CLOSE) {
                return;
            }
            if (kind != Use.CLOSE || FactExtractor.pos(use).compareTo(after) < 0) {
                continue;
            }
            Node condition = conditionOf(use, region, name);
            if (condition == null) {
                if (firstClose == null || FactExtractor.pos(use).compareTo(FactExtractor.pos(firstClose)) < 0) {
                    firstClose = use;
                }
            } else if (conditionalClose == null) {
                conditionalClose = use;
            }
        }
        Site site = site(creation);
        if (firstClose == null && conditionalClose == null) {
            creations.add(new ExecutorCreation(factory, type, text, ExecutorCreation.Fate.NEVER_SHUT_DOWN, name, null,
                    defaultThreads, null, null, site));
            return;
        }
        if (firstClose == null) {
            creations.add(new ExecutorCreation(factory, type, text, ExecutorCreation.Fate.SOME_PATHS, name, null,
                    defaultThreads, FactExtractor.pos(conditionalClose), "condition", site));
            return;
        }
        Node exit = exitBetween(region, after, FactExtractor.pos(firstClose));
        if (exit != null) {
            String by = exit instanceof ReturnStmt ? "return" : exit instanceof ThrowStmt ? "throw"
                    : exit instanceof BreakStmt ? "break" : "continue";
            creations.add(new ExecutorCreation(factory, type, text, ExecutorCreation.Fate.SOME_PATHS, name, null,
                    defaultThreads, FactExtractor.pos(exit), by, site));
        }
    }

    /** The body of the method, constructor, initializer or lambda a node is in. */
    private static Node unitBody(Node node) {
        for (Node n = node; n != null; n = n.getParentNode().orElse(null)) {
            Node parent = n.getParentNode().orElse(null);
            if (parent instanceof CallableDeclaration<?> || parent instanceof LambdaExpr
                    || parent instanceof InitializerDeclaration) {
                return n;
            }
            if (parent instanceof TypeDeclaration<?> || parent == null) {
                return null;
            }
        }
        return null;
    }

    /** For a local assigned later, the block that declares it; the whole body for a parameter. */
    private static Node declaringRegion(Statement anchor, String name, Node body) {
        for (Node n = anchor; n != null && n != body; n = n.getParentNode().orElse(null)) {
            if (n.getParentNode().orElse(null) instanceof BlockStmt block) {
                for (Statement s : block.getStatements()) {
                    if (s == n) {
                        break;
                    }
                    if (s instanceof ExpressionStmt e && e.getExpression() instanceof VariableDeclarationExpr d
                            && d.getVariables().stream().anyMatch(v -> v.getNameAsString().equals(name))) {
                        return block;
                    }
                }
            }
        }
        return body;
    }

    /** The uses of a name in {@code root}: plain names, and {@code pool} in {@code pool::shutdown}, read as a type. */
    private static void collectNames(Node root, String name, List<Expression> out) {
        Deque<Node> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            if (node instanceof NameExpr n && n.getNameAsString().equals(name)
                    || node instanceof TypeExpr t && t.getType() instanceof ClassOrInterfaceType c
                    && c.getScope().isEmpty() && c.getNameAsString().equals(name)) {
                out.add((Expression) node);
            }
            List<Node> children = node.getChildNodes();
            for (int i = children.size() - 1; i >= 0; i--) {
                pending.push(children.get(i));
            }
        }
    }

    private static boolean isAssignmentTarget(Expression use) {
        return use.getParentNode().orElse(null) instanceof AssignExpr a && a.getTarget() == use;
    }

    private static Use classify(Expression use, Node region) {
        Node child = use;
        Node parent = use.getParentNode().orElse(null);
        while (parent instanceof EnclosedExpr || parent instanceof CastExpr) {
            child = parent;
            parent = parent.getParentNode().orElse(null);
        }
        Use kind;
        if (parent instanceof MethodCallExpr call) {
            Node c = child;
            boolean receiver = call.getScope().filter(s -> s == c).isPresent();
            String name = call.getNameAsString();
            if (receiver) {
                kind = CLOSES.contains(name) ? Use.CLOSE : Use.PLAIN;
            } else if (CLOSING_HELPER.matcher(name).matches()) {
                kind = Use.CLOSE;
            } else {
                // runAsync(task, pool) uses the pool without taking it over; any other call may keep it.
                kind = name.endsWith("Async") ? Use.PLAIN : Use.ESCAPE;
            }
        } else if (parent instanceof ObjectCreationExpr o) {
            kind = o.getType().getName().getIdentifier().equals("ExecutorCompletionService") ? Use.PLAIN : Use.ESCAPE;
        } else if (parent instanceof MethodReferenceExpr ref) {
            kind = CLOSES.contains(ref.getIdentifier()) ? Use.COVERED_CLOSE : Use.PLAIN;
        } else if (parent instanceof TryStmt) {
            return Use.COVERED_CLOSE; // try (pool) { ... }
        } else if (parent instanceof BinaryExpr || parent instanceof InstanceOfExpr || parent instanceof SynchronizedStmt) {
            kind = Use.PLAIN;
        } else {
            return Use.ESCAPE; // returned, assigned, stored, passed in an array or a conditional
        }
        if (kind == Use.CLOSE && (deferredWithin(use, region) || inFinally(use, region))) {
            return Use.COVERED_CLOSE;
        }
        return kind;
    }

    /** Whether a node is in a lambda or a class body inside {@code region}: code that runs later, or elsewhere. */
    private static boolean deferredWithin(Node node, Node region) {
        for (Node n = node.getParentNode().orElse(null); n != null && n != region; n = n.getParentNode().orElse(null)) {
            if (n instanceof LambdaExpr || n instanceof BodyDeclaration<?>) {
                return true;
            }
        }
        return false;
    }

    /** Whether a node stands in a {@code finally} block of a try inside {@code boundary}. */
    private static boolean inFinally(Node node, Node boundary) {
        Node child = node;
        for (Node n = node.getParentNode().orElse(null); n != null && child != boundary; n = n.getParentNode().orElse(null)) {
            if (n instanceof TryStmt t && t.getFinallyBlock().orElse(null) == child) {
                return true;
            }
            if (n instanceof LambdaExpr || n instanceof CallableDeclaration<?>) {
                return false;
            }
            child = n;
        }
        return false;
    }

    /**
     * The statement that makes a shutdown conditional (an {@code if} that does not test the executor itself, a
     * loop, a catch, a switch), or null when the shutdown runs whenever control gets that far.
     */
    private static Node conditionOf(Expression use, Node region, String name) {
        Node child = use;
        for (Node n = use.getParentNode().orElse(null); n != null && child != region; n = n.getParentNode().orElse(null)) {
            if (n instanceof IfStmt i && i.getCondition() != child && !Syntax.mentions(i.getCondition(), name)) {
                return n;
            }
            if (Syntax.isLoop(n) && isLoopBody(n, child)) {
                return n;
            }
            if (n instanceof CatchClause || n instanceof SwitchStmt || n instanceof ConditionalExpr
                    || n instanceof com.github.javaparser.ast.stmt.SwitchEntry) {
                return n;
            }
            child = n;
        }
        return null;
    }

    private static boolean isLoopBody(Node loop, Node child) {
        Statement body = loop instanceof WhileStmt w ? w.getBody() : loop instanceof DoStmt d ? d.getBody()
                : loop instanceof ForStmt f ? f.getBody() : ((ForEachStmt) loop).getBody();
        return body == child;
    }

    /**
     * The first statement after {@code anchor} and before {@code to} that leaves {@code region} without passing
     * the shutdown: a return, a throw no catch of the region takes, a break or continue out of it.
     */
    private static Node exitBetween(Node region, Pos anchor, Pos to) {
        Deque<Node> pending = new ArrayDeque<>();
        pending.push(region);
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            if (node instanceof LambdaExpr || node instanceof BodyDeclaration<?> || node instanceof Expression) {
                continue;
            }
            Pos at = FactExtractor.pos(node);
            if (node != region && (at.compareTo(to) >= 0 || endsBefore(at, anchor))) {
                continue; // wholly after the shutdown, or wholly before the creation
            }
            if (startsAfterEnd(at, anchor) && (node instanceof ReturnStmt
                    || node instanceof ThrowStmt && !caughtWithin(node, region)
                    || (node instanceof BreakStmt || node instanceof ContinueStmt) && jumpsOutOf(node, region))) {
                return node;
            }
            List<Node> children = node.getChildNodes();
            for (int i = children.size() - 1; i >= 0; i--) {
                pending.push(children.get(i));
            }
        }
        return null;
    }

    /** Whether range {@code a} ends before range {@code b} begins. */
    private static boolean endsBefore(Pos a, Pos b) {
        return a.endLine() < b.line() || a.endLine() == b.line() && a.endColumn() < b.column();
    }

    /** Whether range {@code a} begins after range {@code b} ends. */
    private static boolean startsAfterEnd(Pos a, Pos b) {
        return a.line() > b.endLine() || a.line() == b.endLine() && a.column() > b.endColumn();
    }

    /** Whether a throw stands in the try block of a try, inside {@code region}, that has catch clauses. */
    private static boolean caughtWithin(Node node, Node region) {
        Node child = node;
        for (Node n = node.getParentNode().orElse(null); n != null && child != region; n = n.getParentNode().orElse(null)) {
            if (n instanceof TryStmt t && t.getTryBlock() == child && !t.getCatchClauses().isEmpty()) {
                return true;
            }
            child = n;
        }
        return false;
    }

    /** Whether a break or continue jumps to a statement outside {@code region}. */
    private static boolean jumpsOutOf(Node jump, Node region) {
        String label = jump instanceof BreakStmt b ? b.getLabel().map(l -> l.asString()).orElse(null)
                : ((ContinueStmt) jump).getLabel().map(l -> l.asString()).orElse(null);
        for (Node n = jump.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (n == region) {
                return true; // the target is around the region
            }
            boolean target = label != null ? n instanceof LabeledStmt l && l.getLabel().asString().equals(label)
                    : Syntax.isLoop(n)
                    || jump instanceof BreakStmt && n instanceof SwitchStmt;
            if (target) {
                return false;
            }
            if (n instanceof LambdaExpr || n instanceof BodyDeclaration<?>) {
                return false;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ interrupts

    /** Called before a try statement's resources and block are walked. */
    void enterTry(TryStmt n) {
        for (CatchClause c : n.getCatchClauses()) {
            if (catchesDirectly(c) || catchesBroadly(c)) {
                tries.push(new TryFrame(n, true, units.size()));
                return;
            }
        }
    }

    /** Called after a try statement's block is walked, before its catch clauses. */
    void exitTry(TryStmt n) {
        if (!tries.isEmpty() && tries.peek().tryStmt == n) {
            TryFrame frame = tries.pop();
            if (frame.records && !frame.calls.isEmpty()) {
                tryCalls.put(n, List.copyOf(frame.calls));
            }
        }
    }

    /** Adds a call to the innermost try around it that can catch an InterruptedException. */
    private void recordForTries(MethodCallExpr n) {
        TryFrame frame = tries.peek();
        if (frame == null || frame.depth != units.size() || !frame.records || frame.calls.size() >= 256) {
            return;
        }
        CallAt call = new CallAt(callRef(n), FactExtractor.text(n), false, site(n));
        frame.calls.add(call);
        if (SettledFutures.settled(n)) {
            settledCalls.add(call);
        }
    }

    /** The calls of a try block less the {@code get()}s of futures known complete, which cannot be interrupted. */
    private List<CallAt> interruptible(List<CallAt> calls) {
        if (calls.size() >= 256 || calls.stream().noneMatch(settledCalls::contains)) {
            return calls; // a truncated list stays whole: the rule reads its size
        }
        return calls.stream().filter(c -> !settledCalls.contains(c)).toList();
    }

    private static boolean catchesDirectly(CatchClause c) {
        for (Type t : FactExtractor.alternatives(c.getParameter().getType())) {
            if (FactExtractor.simpleName(t).equals("InterruptedException")) {
                return true;
            }
        }
        return false;
    }

    private static boolean catchesBroadly(CatchClause c) {
        for (Type t : FactExtractor.alternatives(c.getParameter().getType())) {
            String name = FactExtractor.simpleName(t);
            if (name.equals("Exception") || name.equals("Throwable")) {
                return true;
            }
        }
        return false;
    }

    /** Called on every catch clause, once its try block has been walked. */
    void catchClause(CatchClause c) {
        if (!(c.getParentNode().orElse(null) instanceof TryStmt t)) {
            return;
        }
        boolean direct = catchesDirectly(c);
        List<CallAt> calls = List.of();
        if (direct) {
            // What can raise it, for the rule to tell whether anything can; none when the block throws itself.
            calls = throwsInterrupt(t.getTryBlock()) ? List.of() : tryCalls.getOrDefault(t, List.of());
            if (!calls.isEmpty()) {
                calls = interruptible(calls);
                if (calls.isEmpty()) {
                    return; // only get()s of futures known complete, which return at once: nothing to swallow
                }
            }
        } else {
            if (!catchesBroadly(c)) {
                return;
            }
            for (CatchClause earlier : t.getCatchClauses()) {
                if (earlier == c) {
                    break;
                }
                if (catchesDirectly(earlier) || catchesBroadly(earlier)) {
                    return; // an earlier clause takes the InterruptedException
                }
            }
            calls = interruptible(tryCalls.getOrDefault(t, List.of()));
            if (calls.isEmpty()) {
                return;
            }
        }
        if (handlesInterrupt(c, t) || restoredInFinally(t)) {
            return;
        }
        Node unit = enclosingUnit(c);
        if (ownThread(unit) || isMain(unit) || direct && backOff(t)) {
            return; // the thread's own policy, or a pause cut short on purpose
        }
        boolean ownLoop = serviceLoop(t, unit); // a loop that stops by its own state: kept for cancel-cannot-interrupt
        if (cleanupOfInterruptible(t, unit)) {
            return; // the interrupt of the main path leaves through the method's throws clause
        }
        String caught = direct ? "InterruptedException" : "";
        for (Type type : FactExtractor.alternatives(c.getParameter().getType())) {
            String name = FactExtractor.simpleName(type);
            if (!direct && (name.equals("Exception") || name.equals("Throwable"))) {
                caught = name;
            }
        }
        boolean inner = unit instanceof MethodDeclaration m && !m.isPublic() && !m.isStatic()
                && m.getParentNode().orElse(null) instanceof com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
        NodeList<Statement> handler = c.getBody().getStatements();
        // A lambda run on the spot (list.forEach(x -> ...)) is one turn of a loop: ending it ends no work.
        boolean endsWork = (unit instanceof CallableDeclaration<?> || isRunLike(unit))
                && (!handler.isEmpty() && handler.get(handler.size() - 1) instanceof ReturnStmt || endsUnit(t, unit));
        String unitName = unit instanceof MethodDeclaration m ? m.getNameAsString() : unit instanceof LambdaExpr ? "lambda" : null;
        interruptCatches.add(new InterruptCatch(caught, direct, calls, site(c), pooled(unit), inner, endsWork,
                unitName == null ? null : FactExtractor.pos(unit), unitName, abandons(handler, t, unit), testOnly(t, unit), ownLoop));
    }

    /**
     * Whether a catch gives up its method's work with a failure answer: its block ends with
     * {@code return null;} or {@code return false;}, or with {@code return;} that skips work the method would
     * still do after the try, and every statement before is a call ({@code log.warn(..)},
     * {@code future.cancel(true)}). The interrupt ended the work, as asked. A {@code return;} with nothing
     * after the try is an empty catch ({@code sleepQuietly}), and {@code return true;} answers as if the wait
     * had succeeded: neither gives up anything.
     */
    private static boolean abandons(NodeList<Statement> handler, TryStmt t, Node unit) {
        if (handler.isEmpty() || !(handler.get(handler.size() - 1) instanceof ReturnStmt r)) {
            return false;
        }
        Expression answer = r.getExpression().orElse(null);
        if (answer == null ? !workFollows(t, unit)
                : !(answer instanceof com.github.javaparser.ast.expr.NullLiteralExpr
                        || answer instanceof BooleanLiteralExpr b && !b.getValue())) {
            return false;
        }
        for (int i = 0; i < handler.size() - 1; i++) {
            if (!(handler.get(i) instanceof ExpressionStmt e && e.getExpression() instanceof MethodCallExpr)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a statement of the unit follows the try (in its block or an enclosing one), which a return skips. */
    private static boolean workFollows(TryStmt t, Node unit) {
        Node child = t;
        for (Node n = t.getParentNode().orElse(null); n != null && n != unit; n = n.getParentNode().orElse(null)) {
            if (n instanceof BlockStmt block && Syntax.indexOf(block.getStatements(), child) < block.getStatements().size() - 1
                    || Syntax.isLoop(n)) {
                return true; // a statement after the try, or the next turn of a loop around it
            }
            child = n;
        }
        return false;
    }

    /**
     * Whether the interrupt is restored by a {@code finally} around the catch, in the same method or lambda:
     * the {@code finally} of the catch's own {@code try} or of an enclosing one calls
     * {@code Thread.currentThread().interrupt()} (or a method named like it).
     */
    private static boolean restoredInFinally(TryStmt t) {
        for (Node n = t; n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof LambdaExpr || n instanceof BodyDeclaration<?>) {
                return false;
            }
            if (n instanceof TryStmt enclosing && enclosing.getFinallyBlock().map(LifecycleExtractor::callsRestore).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    /** Words that mark code kept for tests or demonstrations, as parts of a name ({@code testDelay}, {@code MockDriver}). */
    private static final Set<String> TEST_WORDS = Set.of("test", "tests", "testing", "mock", "mocks", "example",
            "examples", "dunit");

    /**
     * Code there for tests or demonstrations only: its method's name, the condition of an {@code if} around the
     * try ({@code if (testDelay > 0)}, {@code if (TEST_HOOK != null)}), the name of a class around it, or a
     * part of its package names a test, a mock or an example. Nobody stops such code by an interrupt.
     */
    private static boolean testOnly(TryStmt t, Node unit) {
        Node child = t;
        for (Node n = t.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof IfStmt i && i.getThenStmt() == child && namesTest(i.getCondition())) {
                return true;
            }
            if (n instanceof CallableDeclaration<?> m && testWord(m.getNameAsString(), true)) {
                return true;
            }
            if (n instanceof com.github.javaparser.ast.body.TypeDeclaration<?> type && testWord(type.getNameAsString(), false)) {
                return true;
            }
            if (n instanceof com.github.javaparser.ast.CompilationUnit cu) {
                return cu.getPackageDeclaration().map(p -> testPackage(p.getNameAsString())).orElse(false);
            }
            child = n;
        }
        return false;
    }

    /**
     * Whether a package part names a test, a mock or an example. The reserved documentation domains
     * ({@code com.example}, {@code org.example}, {@code net.example}) are the namespace of a user's own
     * application, not demonstration code: their {@code example} part does not count.
     */
    static boolean testPackage(String pkg) {
        String[] parts = pkg.split("\\.");
        int from = parts.length >= 2 && parts[1].equals("example") && Set.of("com", "org", "net").contains(parts[0]) ? 2 : 0;
        for (int i = from; i < parts.length; i++) {
            if (TEST_WORDS.contains(parts[i])) {
                return true;
            }
        }
        return false;
    }

    private static boolean namesTest(Expression condition) {
        for (Node n : condition.findAll(Node.class)) {
            String name = n instanceof NameExpr ne ? ne.getNameAsString()
                    : n instanceof FieldAccessExpr fa ? fa.getNameAsString()
                    : n instanceof MethodCallExpr mc ? mc.getNameAsString() : null;
            if (name != null && testWord(name, true)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a part of a name, split at case changes, digits and underscores, is one of {@link #TEST_WORDS}. */
    static boolean testWord(String name, boolean member) {
        String[] parts = name.split("_|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].toLowerCase(java.util.Locale.ROOT);
            // A member named with "test" first uses it as a verb: testConnection(), testOnBorrow, Predicate.test(t)
            // check production state; "...ForTest", "inDUnitTest", "isTesting", "mockClock" name test code.
            if (TEST_WORDS.contains(part) && !(member && i == 0 && (part.equals("test") || part.equals("tests")))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Code a dedicated thread runs as its own: {@code run()} of a class that extends {@code Thread}, or a
     * lambda or anonymous class handed to {@code new Thread(...)} or a thread builder. Such a thread decides
     * what an interrupt means to it (often a wake-up before it checks its own flag); nobody else's work is
     * cancelled through it.
     */
    private static boolean ownThread(Node unit) {
        if (unit instanceof MethodDeclaration m && m.getNameAsString().equals("run") && m.getParameters().isEmpty()) {
            Node type = m.getParentNode().orElse(null);
            if (type instanceof com.github.javaparser.ast.body.ClassOrInterfaceDeclaration c) {
                return c.getExtendedTypes().stream().anyMatch(e -> e.getNameAsString().equals("Thread"));
            }
            if (type instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent()) {
                return threadNamed(o) || handedToThread(o);
            }
            return false;
        }
        return unit instanceof LambdaExpr lambda && handedToThread(lambda);
    }

    /**
     * {@code new Thread(..)}, or a creation of a class named like a thread ({@code new LoggingThread(name, task)},
     * a project's {@code Thread} subclass that takes the task to run): a thread made for what it is given.
     */
    private static boolean threadNamed(ObjectCreationExpr o) {
        return o.getType().getName().getIdentifier().endsWith("Thread");
    }

    /** Whether an expression is the task of {@code new Thread(...)} or of a thread builder's start/unstarted. */
    private static boolean handedToThread(Expression task) {
        Node user = task.getParentNode().orElse(null);
        if (user instanceof ObjectCreationExpr o) {
            return threadNamed(o);
        }
        if (user instanceof MethodCallExpr call) {
            String name = call.getNameAsString();
            return name.equals("startVirtualThread") || name.equals("newThread")
                    || (name.equals("start") || name.equals("unstarted"))
                    && call.getScope().map(FactExtractor::text).map(t -> t.contains("Thread")).orElse(false);
        }
        return false;
    }

    /** A task handed to an executor: its interrupt is how {@code shutdownNow()} and {@code cancel(true)} stop it. */
    private static boolean pooled(Node unit) {
        Node task = unit instanceof MethodDeclaration m ? m.getParentNode().orElse(null) : unit;
        if (task instanceof Expression e && e.getParentNode().orElse(null) instanceof MethodCallExpr call) {
            return POOLED_SUBMISSIONS.contains(call.getNameAsString()) || call.getNameAsString().equals("invokeAll")
                    || call.getNameAsString().equals("invokeAny");
        }
        return false;
    }

    /** {@code public static void main(String[])}: the process's own thread, which ends with it. */
    private static boolean isMain(Node unit) {
        return unit instanceof MethodDeclaration m && m.getNameAsString().equals("main") && m.isStatic()
                && m.getParameters().size() == 1;
    }

    /**
     * A back-off: a try whose block is only a {@code sleep}, inside a loop that goes round again. The
     * interrupt cuts the pause short and the loop's own condition decides whether to go on.
     */
    private static boolean backOff(TryStmt t) {
        NodeList<Statement> statements = t.getTryBlock().getStatements();
        if (statements.isEmpty() || !(statements.get(statements.size() - 1) instanceof ExpressionStmt es)
                || !(es.getExpression() instanceof MethodCallExpr call) || !call.getNameAsString().equals("sleep")) {
            return false;
        }
        for (int i = 0; i < statements.size() - 1; i++) {
            if (statements.get(i).findFirst(MethodCallExpr.class, m -> WAITS.contains(m.getNameAsString())).isPresent()) {
                return false; // it waits for something else first: not only a pause
            }
        }
        for (Node n = t.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (Syntax.isLoop(n)) {
                return true;
            }
            if (n instanceof LambdaExpr || n instanceof BodyDeclaration<?>) {
                return false;
            }
        }
        return false;
    }

    /**
     * A catch in the {@code finally} cleanup of a method declared {@code throws InterruptedException}, whose
     * guarded block lets an InterruptedException out (no catch of it, or of {@code Exception} or
     * {@code Throwable}, on that try): an interrupt of the main path leaves the method as its exception; the
     * cleanup only goes on past a second one.
     */
    private static boolean cleanupOfInterruptible(TryStmt t, Node unit) {
        if (!(unit instanceof MethodDeclaration m) || m.getThrownExceptions().stream()
                .noneMatch(x -> FactExtractor.simpleName(x).equals("InterruptedException"))) {
            return false;
        }
        Node child = t;
        for (Node n = t.getParentNode().orElse(null); n != null && n != unit; n = n.getParentNode().orElse(null)) {
            if (n instanceof LambdaExpr || n instanceof BodyDeclaration<?>) {
                return false;
            }
            if (n instanceof TryStmt outer && outer.getFinallyBlock().orElse(null) == child) {
                return outer.getCatchClauses().stream().noneMatch(c -> catchesDirectly(c) || catchesBroadly(c));
            }
            child = n;
        }
        return false;
    }

    /** Calls that only wait: a loop whose try block makes none but these does no work of its own. */
    private static final Set<String> WAITS = Set.of("sleep", "await", "wait", "join", "get", "take", "poll",
            "acquire", "tryAcquire", "park", "parkNanos", "lockInterruptibly", "tryLock", "put", "offer", "awaitNanos",
            "awaitTermination", "invokeAll", "invokeAny");

    /** Calls that change an atomic holder's value: a stop path of a loop that tests it. */
    private static final Set<String> SETTERS = Set.of("set", "lazySet", "setRelease", "setVolatile", "setPlain",
            "setOpaque", "compareAndSet", "weakCompareAndSet", "weakCompareAndSetVolatile", "getAndSet",
            "compareAndExchange", "incrementAndGet", "getAndIncrement", "decrementAndGet", "getAndDecrement");

    /**
     * A service loop that stops through its own state: the catch sits in a loop whose condition reads only
     * this object's state (its fields, or its own methods without arguments: {@code while (running)},
     * {@code while (state.get() == STARTED)}), never a local; the class changes one of those fields outside
     * its constructors (the stop path: {@code running = false}, {@code state.compareAndSet(..)}); and the
     * try block does work, not only a wait. Whoever stops such a loop changes its state first; the interrupt
     * only wakes it up to see the change. A wait loop ({@code while (!done) latch.await();}) is not one: its
     * caller is left unable to interrupt it.
     */
    private static boolean serviceLoop(TryStmt t, Node unit) {
        Statement loop = null;
        for (Node n = t.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof LambdaExpr || n instanceof BodyDeclaration<?>) {
                return false;
            }
            if (n instanceof WhileStmt || n instanceof DoStmt || n instanceof ForStmt) {
                loop = (Statement) n;
                break;
            }
        }
        Expression condition = loop instanceof WhileStmt w ? w.getCondition()
                : loop instanceof DoStmt d ? d.getCondition()
                : loop instanceof ForStmt f ? f.getCompare().orElse(null) : null;
        if (condition == null || unit == null || !doesWork(isRunLike(unit) ? loop : t.getTryBlock(), condition)) {
            return false;
        }
        Set<String> locals = new java.util.HashSet<>();
        unit.findAll(VariableDeclarator.class).forEach(v -> locals.add(v.getNameAsString()));
        unit.findAll(com.github.javaparser.ast.body.Parameter.class).forEach(p -> locals.add(p.getNameAsString()));
        Set<String> fields = new java.util.HashSet<>();
        Set<String> services = new java.util.HashSet<>(); // fields asked isShutdown()/isTerminated()/isClosed()
        for (Node n : condition.findAll(Node.class)) {
            if (n instanceof MethodCallExpr asked && asked.getArguments().isEmpty() && STOPPED_QUERIES.contains(asked.getNameAsString())) {
                String service = ownFieldName(asked.getScope().orElse(null));
                if (service != null) {
                    services.add(service);
                }
            }
            if (n instanceof NameExpr name) {
                String id = name.getNameAsString();
                if (locals.contains(id)) {
                    return false; // it waits for something of its own: a deadline, a local flag
                }
                if (Character.isLowerCase(id.charAt(0))) {
                    fields.add(id);
                }
            } else if (n instanceof FieldAccessExpr access && access.getScope() instanceof ThisExpr) {
                fields.add(access.getNameAsString());
            } else if (n instanceof MethodCallExpr call && call.getArguments().isEmpty()
                    && (call.getScope().isEmpty() || call.getScope().get() instanceof ThisExpr)) {
                if (!accessorFields(call.getNameAsString(), unit, fields)) {
                    return false; // a method of a supertype, or one that takes arguments: unknown state
                }
            }
        }
        if (fields.isEmpty()) {
            return false;
        }
        Node root = unit.findRootNode();
        for (AssignExpr a : root.findAll(AssignExpr.class)) {
            Expression target = a.getTarget();
            String name = ownFieldName(target);
            if (name != null && fields.contains(name) && !constructing(a)) {
                return true;
            }
        }
        for (MethodCallExpr call : root.findAll(MethodCallExpr.class)) {
            if (SETTERS.contains(call.getNameAsString()) && call.getScope().orElse(null) instanceof NameExpr holder
                    && fields.contains(holder.getNameAsString()) && !constructing(call)) {
                return true;
            }
            // A loop that runs while its executor is not shut down stops when the class shuts that executor down.
            if (STOPS.contains(call.getNameAsString()) && call.getArguments().isEmpty()
                    && services.contains(ownFieldName(call.getScope().orElse(null))) && !constructing(call)) {
                return true;
            }
        }
        return false;
    }

    /** The name when an expression is a plain name or {@code this.name} (null for none): a field of the class, or a local. */
    private static String ownFieldName(Expression e) {
        return e instanceof NameExpr ne ? ne.getNameAsString()
                : e instanceof FieldAccessExpr fa && fa.getScope() instanceof ThisExpr ? fa.getNameAsString() : null;
    }

    /** What a loop asks a service (an executor, a channel) to learn that it was stopped. */
    private static final Set<String> STOPPED_QUERIES = Set.of("isShutdown", "isTerminated", "isShuttingDown",
            "isTerminating", "isClosed");

    /** The calls that stop such a service. */
    private static final Set<String> STOPS = Set.of("shutdown", "shutdownNow", "close", "shutdownGracefully");

    /**
     * Whether code does work besides waiting: it makes a call that neither only waits nor only logs (outside the
     * loop's condition). Asked of the whole loop in a task's own {@code run()}, where the loop is the service and
     * what follows the wait is its work; elsewhere of the try block alone, since a loop that only waits for
     * another thread to change the state ({@code while (isRunning()) sleep(100);} in a {@code stop()}) is a
     * wait its caller cannot interrupt.
     */
    private static boolean doesWork(Statement code, Expression condition) {
        return code.findFirst(MethodCallExpr.class, m -> !WAITS.contains(m.getNameAsString())
                && !Logging.onlyReports(m.getScope().map(FactExtractor::text).orElse(null), m.getNameAsString())
                && condition.findFirst(MethodCallExpr.class, x -> x == m).isEmpty()).isPresent();
    }

    /**
     * Adds the fields that the class's own method of that name without parameters reads ({@code isRunning()}
     * reading {@code current_state} and {@code target_state}); false when the class declares no such method.
     */
    private static boolean accessorFields(String name, Node unit, Set<String> fields) {
        com.github.javaparser.ast.body.TypeDeclaration<?> type =
                unit.findAncestor(com.github.javaparser.ast.body.TypeDeclaration.class).orElse(null);
        if (type == null) {
            return false;
        }
        for (MethodDeclaration m : type.getMethodsByName(name)) {
            if (m.getParameters().isEmpty() && m.getBody().isPresent()) {
                Set<String> locals = new java.util.HashSet<>();
                m.findAll(VariableDeclarator.class).forEach(v -> locals.add(v.getNameAsString()));
                for (NameExpr read : m.getBody().get().findAll(NameExpr.class)) {
                    String id = read.getNameAsString();
                    if (!locals.contains(id) && Character.isLowerCase(id.charAt(0))) {
                        fields.add(id);
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** Whether a node is in a constructor, an initializer or a field's initializer. */
    private static boolean constructing(Node node) {
        for (Node n = node.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof ConstructorDeclaration || n instanceof InitializerDeclaration || n instanceof FieldDeclaration) {
                return true;
            }
            if (n instanceof MethodDeclaration || n instanceof LambdaExpr) {
                return false;
            }
        }
        return false;
    }

    /**
     * Whether a catch does right by an interrupt: it throws, restores the interrupt, hands the exception to
     * code other than logging, or ends the thread's own {@code run()} (returns, breaks out, clears its running
     * flag, or is the last thing the run does); or it notes the interrupt in a variable and the method restores
     * it later.
     */
    private static boolean handlesInterrupt(CatchClause c, TryStmt t) {
        String exception = c.getParameter().getNameAsString();
        Node unit = enclosingUnit(c);
        boolean runLike = isRunLike(unit);
        boolean assigns = false;
        Set<String> flags = new java.util.HashSet<>();
        Deque<Node> pending = new ArrayDeque<>();
        pending.push(c.getBody());
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            if (node instanceof LambdaExpr || node instanceof BodyDeclaration<?>) {
                continue;
            }
            if (node instanceof ThrowStmt) {
                return true;
            }
            if (node instanceof MethodCallExpr call) {
                if (restoresInterrupt(call.getNameAsString())) {
                    return true;
                }
                if (alwaysThrows(call, 0)) {
                    return true; // writeError(500, e.toString()) whose every path throws: wrapped and thrown
                }
                if (!Logging.onlyReports(call.getScope().map(FactExtractor::text).orElse(null), call.getNameAsString())
                        && mentionsArgument(call.getArguments(), exception)) {
                    return true; // future.completeExceptionally(e), listener.failed(e): handed on
                }
            }
            if (node instanceof ObjectCreationExpr o && mentionsArgument(o.getArguments(), exception)) {
                return true;
            }
            if (node instanceof AssignExpr a && FactExtractor.unwrap(a.getValue()) instanceof NameExpr value
                    && value.getNameAsString().equals(exception)) {
                return true; // failure = e: kept to be reported or rethrown later
            }
            if (node instanceof com.github.javaparser.ast.stmt.AssertStmt assertion
                    && FactExtractor.unwrap(assertion.getCheck()) instanceof BooleanLiteralExpr b && !b.getValue()) {
                return true; // assert false: the author states that the interrupt cannot happen here
            }
            if (runLike && (node instanceof ReturnStmt || node instanceof BreakStmt)) {
                return true;
            }
            if (node instanceof AssignExpr a) {
                assigns = true;
                if (a.getTarget() instanceof NameExpr flag && a.getValue() instanceof BooleanLiteralExpr) {
                    flags.add(flag.getNameAsString());
                }
                if (runLike && a.getValue() instanceof BooleanLiteralExpr) {
                    return true; // running = false: the loop ends
                }
            }
            List<Node> children = node.getChildNodes();
            for (int i = children.size() - 1; i >= 0; i--) {
                pending.push(children.get(i));
            }
        }
        if (runLike && endsUnit(t, unit)) {
            return true;
        }
        return assigns && unit != null && (callsRestore(unit) || flags.stream().anyMatch(f -> answersFlag(t, unit, f)));
    }

    /**
     * Whether a local flag that a catch sets ({@code interrupted = true}) becomes the method's answer after the
     * try: an {@code if} reading it throws ({@code if (interrupted) throw new BuildException(..)}), or a
     * {@code return} gives it back ({@code return !interrupted;}). The interrupt is reported, not lost.
     */
    private static boolean answersFlag(TryStmt t, Node unit, String flag) {
        if (unit.findAll(VariableDeclarator.class).stream().noneMatch(v -> v.getNameAsString().equals(flag))) {
            return false; // a field: whoever reads it is not this method
        }
        Pos end = FactExtractor.pos(t);
        for (IfStmt i : unit.findAll(IfStmt.class)) {
            if (startsAfterEnd(FactExtractor.pos(i), end) && reads(i.getCondition(), flag)
                    && i.getThenStmt().findFirst(ThrowStmt.class).isPresent()) {
                return true;
            }
        }
        for (ReturnStmt r : unit.findAll(ReturnStmt.class)) {
            if (startsAfterEnd(FactExtractor.pos(r), end) && r.getExpression().map(e -> reads(e, flag)).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private static boolean reads(Expression e, String name) {
        return e.findFirst(NameExpr.class, n -> n.getNameAsString().equals(name)).isPresent();
    }

    /**
     * Whether a call of the class's own method ({@code fail(..)}, {@code this.fail(..)}) always throws: every
     * method of its class (or a class around it) of that name and number of parameters has a body whose every
     * path ends in a {@code throw}, at most {@link #THROWER_DEPTH} such calls deep.
     */
    private static boolean alwaysThrows(MethodCallExpr call, int depth) {
        if (depth > THROWER_DEPTH || call.getScope().isPresent() && !(call.getScope().get() instanceof ThisExpr)) {
            return false;
        }
        int found = 0;
        for (Node n = call.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (!(n instanceof com.github.javaparser.ast.body.TypeDeclaration<?> type)) {
                continue;
            }
            for (MethodDeclaration m : type.getMethodsByName(call.getNameAsString())) {
                if (m.getParameters().size() != call.getArguments().size()) {
                    continue;
                }
                if (m.getBody().isEmpty() || !alwaysThrows(m.getBody().get(), depth)) {
                    return false;
                }
                found++;
            }
            if (found > 0 || call.getScope().isPresent()) {
                break;
            }
        }
        return found > 0;
    }

    private static final int THROWER_DEPTH = 3;

    /** Whether every path through a statement ends in a {@code throw} (or a call of the class's that always does). */
    private static boolean alwaysThrows(Statement s, int depth) {
        if (s instanceof ThrowStmt) {
            return true;
        }
        if (s instanceof BlockStmt block) {
            for (Statement x : block.getStatements()) {
                if (alwaysThrows(x, depth)) {
                    return true;
                }
                if (x.findFirst(Statement.class, j -> j instanceof ReturnStmt || j instanceof BreakStmt
                        || j instanceof com.github.javaparser.ast.stmt.ContinueStmt).isPresent()) {
                    return false; // a way out before it
                }
            }
            return false;
        }
        if (s instanceof IfStmt i) {
            return i.getElseStmt().isPresent() && alwaysThrows(i.getThenStmt(), depth)
                    && alwaysThrows(i.getElseStmt().get(), depth);
        }
        if (s instanceof SynchronizedStmt sync) {
            return alwaysThrows(sync.getBody(), depth);
        }
        if (s instanceof LabeledStmt l) {
            return alwaysThrows(l.getStatement(), depth);
        }
        if (s instanceof TryStmt t) {
            return t.getFinallyBlock().map(f -> alwaysThrows(f, depth)).orElse(false)
                    || alwaysThrows(t.getTryBlock(), depth)
                    && t.getCatchClauses().stream().allMatch(c -> alwaysThrows(c.getBody(), depth));
        }
        return s instanceof ExpressionStmt e && e.getExpression() instanceof MethodCallExpr call
                && alwaysThrows(call, depth + 1);
    }

    private static boolean mentionsArgument(NodeList<Expression> arguments, String name) {
        for (Expression a : arguments) {
            if (FactExtractor.unwrap(a) instanceof NameExpr n && n.getNameAsString().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** {@code interrupt()}, {@code selfInterrupt()}, {@code restoreInterrupt()}; not {@code interrupted()}. */
    private static boolean restoresInterrupt(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("interrupt") && !lower.endsWith("interrupted") && !lower.startsWith("is")
                && !lower.startsWith("clear");
    }

    private static Node enclosingUnit(Node node) {
        for (Node n = node.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof CallableDeclaration<?> || n instanceof LambdaExpr || n instanceof InitializerDeclaration) {
                return n;
            }
        }
        return null;
    }

    /** The code a thread runs as its own: a {@code run()} method, or a lambda handed to a thread or an executor. */
    private static boolean isRunLike(Node unit) {
        if (unit instanceof MethodDeclaration m) {
            return m.getParameters().isEmpty() && (m.getNameAsString().equals("run")
                    || m.getNameAsString().equals("call") && callable(m.getParentNode().orElse(null)));
        }
        if (unit instanceof LambdaExpr lambda) {
            Node user = lambda.getParentNode().orElse(null);
            if (user instanceof MethodCallExpr call) {
                String name = call.getNameAsString();
                return POOLED_SUBMISSIONS.contains(name) || name.endsWith("Async") || name.equals("start")
                        || name.equals("startVirtualThread") || name.equals("unstarted") || name.equals("newThread");
            }
            if (user instanceof ObjectCreationExpr o) {
                return threadNamed(o);
            }
            // A Runnable kept, returned or cast: what a thread will run as its own.
            Type target = user instanceof VariableDeclarator v ? v.getType()
                    : user instanceof CastExpr c ? c.getType()
                    : user instanceof ReturnStmt && enclosingUnit(user) instanceof MethodDeclaration m ? m.getType() : null;
            return target instanceof ClassOrInterfaceType t && t.getName().getIdentifier().equals("Runnable");
        }
        return false;
    }

    /** A class that implements {@code Callable}, or an anonymous {@code new Callable<>() {..}}: its {@code call()} is a task's body. */
    private static boolean callable(Node type) {
        if (type instanceof com.github.javaparser.ast.body.ClassOrInterfaceDeclaration c) {
            return c.getImplementedTypes().stream().anyMatch(i -> i.getNameAsString().equals("Callable"));
        }
        return type instanceof ObjectCreationExpr o && o.getType().getName().getIdentifier().equals("Callable");
    }

    /**
     * Whether nothing but straight-line code follows a try up to the end of its unit: when its catch completes,
     * the unit ends, without going round a loop again.
     */
    private static boolean endsUnit(TryStmt t, Node unit) {
        Node child = t;
        for (Node n = t.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (n == unit) {
                return true;
            }
            if (n instanceof BlockStmt block) {
                NodeList<Statement> statements = block.getStatements();
                for (int i = Syntax.indexOf(statements, child) + 1; i < statements.size(); i++) {
                    if (containsLoop(statements.get(i))) {
                        return false;
                    }
                }
            } else if (!(n instanceof TryStmt || n instanceof IfStmt || n instanceof LabeledStmt
                    || n instanceof SynchronizedStmt || n instanceof CatchClause)) {
                return false;
            }
            child = n;
        }
        return false;
    }

    private static boolean containsLoop(Node node) {
        if (Syntax.isLoop(node)) {
            return true;
        }
        if (node instanceof LambdaExpr || node instanceof BodyDeclaration<?>) {
            return false;
        }
        for (Node child : node.getChildNodes()) {
            if (containsLoop(child)) {
                return true;
            }
        }
        return false;
    }

    private static boolean callsRestore(Node node) {
        if (node instanceof MethodCallExpr call && restoresInterrupt(call.getNameAsString())) {
            return true;
        }
        for (Node child : node.getChildNodes()) {
            if (callsRestore(child)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ pooled tasks and thread locals

    private void pooledTask(MethodCallExpr n) {
        boolean async = n.getNameAsString().endsWith("Async");
        for (Expression a : n.getArguments()) {
            Expression e = FactExtractor.unwrap(a);
            PooledTask task = null;
            if (e instanceof LambdaExpr lambda) {
                pooledBodies.add(lambda);
                task = new PooledTask(callRef(n), FactExtractor.text(n), PooledTask.Kind.BODY, FactExtractor.pos(lambda),
                        null, null, site(n));
            } else if (e instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent()) {
                for (BodyDeclaration<?> b : o.getAnonymousClassBody().get()) {
                    if (b instanceof MethodDeclaration m && m.getParameters().isEmpty()
                            && (m.getNameAsString().equals("run") || m.getNameAsString().equals("call"))) {
                        pooledBodies.add(m);
                        task = new PooledTask(callRef(n), FactExtractor.text(n), PooledTask.Kind.BODY,
                                FactExtractor.pos(m), null, null, site(n));
                    }
                }
            } else if (e instanceof MethodReferenceExpr ref) {
                task = new PooledTask(callRef(n), FactExtractor.text(n), PooledTask.Kind.METHOD_REFERENCE, null,
                        scope.valueRef(ref.getScope()), ref.getIdentifier(), site(n));
            } else if (!async) {
                task = new PooledTask(callRef(n), FactExtractor.text(n), PooledTask.Kind.INSTANCE, null,
                        scope.valueRef(e), null, site(n));
            }
            if (task != null) {
                pooledTasks.add(task);
            }
            if (task != null || !async) {
                return; // the task is the first argument of submit and execute; the first function of an *Async
            }
        }
    }

    private void threadLocalCall(MethodCallExpr n, Unit unit) {
        int args = n.getArguments().size();
        boolean set = n.getNameAsString().equals("set");
        if (n.getScope().isEmpty() || (set ? args != 1 : args != 0)) {
            return;
        }
        Expression receiver = FactExtractor.unwrap(n.getScope().get());
        if (!(receiver instanceof NameExpr || receiver instanceof FieldAccessExpr)) {
            return;
        }
        boolean clears = !set || n.getArgument(0).isNullLiteralExpr();
        String text = FactExtractor.text(receiver);
        threadLocalCalls.add(new ThreadLocalCall(scope.valueRef(receiver), text, clears,
                unit == null ? Pos.NONE : unit.pos(), unit != null && inFinally(n, unit.node()), site(n),
                set && !clears && lazyInit(n, text), set && !clears && savesPrevious(n, text)));
    }

    /**
     * Whether a {@code tl.set(v)} stands in a method that returns what it read from {@code tl} before:
     * {@code T old = tl.get(); tl.set(v); return old;} (the save half of a save/restore pair).
     */
    private static boolean savesPrevious(MethodCallExpr set, String receiver) {
        CallableDeclaration<?> method = set.findAncestor(CallableDeclaration.class).orElse(null);
        if (!(method instanceof MethodDeclaration m) || m.getBody().isEmpty()) {
            return false;
        }
        int line = set.getBegin().map(b -> b.line).orElse(0);
        Set<String> saved = new HashSet<>();
        for (VariableDeclarator v : m.getBody().get().findAll(VariableDeclarator.class)) {
            if (v.getInitializer().map(FactExtractor::unwrap).filter(i -> i instanceof MethodCallExpr c
                    && c.getNameAsString().equals("get") && c.getArguments().isEmpty()
                    && c.getScope().map(x -> FactExtractor.text(FactExtractor.unwrap(x)).equals(receiver)).orElse(false))
                    .isPresent() && v.getBegin().map(b -> b.line).orElse(Integer.MAX_VALUE) <= line) {
                saved.add(v.getNameAsString());
            }
        }
        return !saved.isEmpty() && m.getBody().get().findFirst(ReturnStmt.class, r -> r.getExpression()
                .map(FactExtractor::unwrap).filter(e -> e instanceof NameExpr ne && saved.contains(ne.getNameAsString()))
                .isPresent()).isPresent();
    }

    /**
     * Whether a {@code tl.set(v)} fills a per-thread cache on first use: it stands in an {@code if} whose
     * condition compares something with {@code null}, and its method calls {@code tl.get()} before it
     * ({@code if (tl.get() == null) tl.set(...)}, or through a local).
     */
    private static boolean lazyInit(MethodCallExpr set, String receiver) {
        Node body = null;
        boolean testsNull = false;
        for (Node p = set.getParentNode().orElse(null); p != null; p = p.getParentNode().orElse(null)) {
            if (p instanceof IfStmt i && i.getCondition().findFirst(BinaryExpr.class, b -> (b.getOperator() == BinaryExpr.Operator.EQUALS
                    || b.getOperator() == BinaryExpr.Operator.NOT_EQUALS)
                    && (b.getLeft().isNullLiteralExpr() || b.getRight().isNullLiteralExpr())).isPresent()) {
                testsNull = true;
            }
            if (p instanceof CallableDeclaration<?> || p instanceof LambdaExpr) {
                body = p;
                break;
            }
        }
        if (!testsNull || body == null) {
            return false;
        }
        int line = set.getBegin().map(b -> b.line).orElse(0);
        return body.findFirst(MethodCallExpr.class, c -> c.getNameAsString().equals("get") && c.getArguments().isEmpty()
                && c.getScope().map(x -> FactExtractor.text(FactExtractor.unwrap(x)).equals(receiver)).orElse(false)
                && c.getBegin().map(b -> b.line).orElse(Integer.MAX_VALUE) <= line).isPresent();
    }

    // ------------------------------------------------------------------ waits, sleeps

    private void waitCall(MethodCallExpr n) {
        if (n.getArguments().size() > 2 || n.getScope().filter(s -> s instanceof SuperExpr).isPresent()
                || n.getNameAsString().equals("await") && n.getScope().isEmpty()) {
            return;
        }
        if (enclosingLoop(n, true) == null) {
            Node unit = enclosingUnit(n);
            boolean verdict = unit instanceof MethodDeclaration m && m.getType().asString().equals("boolean");
            ValueRef.Call call = callRef(n);
            if (n.getNameAsString().equals("wait") && n.getArguments().size() == 1
                    && n.getArgument(0) instanceof com.github.javaparser.ast.expr.LiteralStringValueExpr zero
                    && zero.getValue().matches("0+[lL]?")) {
                call = new ValueRef.Call(call.target(), call.name(), 0); // wait(0) waits without a time limit, as wait()
            }
            waits.add(new WaitOutsideLoop(call, FactExtractor.text(n), site(n), waitingStep(n), verdict,
                    unit instanceof MethodDeclaration m ? FactExtractor.pos(m) : null));
        }
    }

    /** Whether only a return follows a call in its method or lambda (see {@link LifecycleFacts#tailCalls()}). */
    private static boolean tail(MethodCallExpr n) {
        Node parent = n.getParentNode().orElse(null);
        if (parent instanceof ReturnStmt) {
            return true;
        }
        if (!(parent instanceof ExpressionStmt statement)) {
            return false;
        }
        Node child = statement;
        for (Node p = statement.getParentNode().orElse(null); p != null; p = p.getParentNode().orElse(null)) {
            if (p instanceof CallableDeclaration<?> || p instanceof LambdaExpr) {
                return true;
            }
            if (p instanceof BlockStmt block) {
                // Only the last statement, or the one before a plain return: looked at from the end, not searched.
                NodeList<Statement> statements = block.getStatements();
                int size = statements.size();
                if (statements.get(size - 1) != child) {
                    return size >= 2 && statements.get(size - 2) == child
                            && statements.get(size - 1) instanceof ReturnStmt r
                            && (r.getExpression().isEmpty() || r.getExpression().get().isLiteralExpr());
                }
            } else if (!(p instanceof IfStmt || p instanceof SynchronizedStmt
                    || p instanceof TryStmt t && t.getTryBlock() == child)) {
                return false;
            }
            child = p;
        }
        return false;
    }

    /** The innermost {@code while}, {@code do} or {@code for} of its unit that holds a call, in any part. */
    private static Statement repeating(Node n) {
        for (Node p = n.getParentNode().orElse(null); p != null; p = p.getParentNode().orElse(null)) {
            if (p instanceof LambdaExpr || p instanceof BodyDeclaration<?>) {
                return null;
            }
            if (p instanceof WhileStmt || p instanceof DoStmt || p instanceof ForStmt) {
                return (Statement) p;
            }
        }
        return null;
    }

    /**
     * Whether a wait is a step its caller repeats: the method ends with it (a wrapper such as
     * {@code timedWait(obj, t)}), or only returns a verdict after it that tells the caller to check again.
     */
    private static boolean waitingStep(MethodCallExpr n) {
        if (!(n.getParentNode().orElse(null) instanceof ExpressionStmt statement)) {
            return returnsVerdictAfter(n);
        }
        Set<String> locals = new java.util.HashSet<>();
        Node unit = enclosingUnit(n);
        if (unit != null) {
            unit.findAll(VariableDeclarator.class).forEach(v -> locals.add(v.getNameAsString()));
        }
        Node child = statement;
        for (Node p = statement.getParentNode().orElse(null); p != null; p = p.getParentNode().orElse(null)) {
            if (p instanceof BlockStmt || p instanceof com.github.javaparser.ast.stmt.SwitchEntry) {
                NodeList<Statement> statements = p instanceof BlockStmt block ? block.getStatements()
                        : ((com.github.javaparser.ast.stmt.SwitchEntry) p).getStatements();
                int at = Syntax.indexOf(statements, child);
                for (int i = at + 1; i < statements.size(); i++) {
                    Statement next = statements.get(i);
                    if (next instanceof ReturnStmt r && (r.getExpression().isEmpty()
                            || r.getExpression().get().isLiteralExpr())) {
                        return true; // wait(); return;  the method ends with the wait, acting on nothing
                    }
                    if (!inert(next, locals)) {
                        return returnsVerdictAfter(n);
                    }
                }
                if (p instanceof com.github.javaparser.ast.stmt.SwitchEntry) {
                    return returnsVerdictAfter(n); // falls through to the next case, or leaves the switch: more code
                }
            } else if (p instanceof CallableDeclaration<?>) {
                return true;
            } else if (!(p instanceof SynchronizedStmt || p instanceof IfStmt
                    || p instanceof TryStmt t && t.getTryBlock() == child)) {
                return returnsVerdictAfter(n);
            }
            child = p;
        }
        return false;
    }

    /**
     * A statement after a wait that acts on nothing the wait was for: logging, setting a flag to a constant,
     * or releasing and taking a lock again.
     */
    private static boolean inert(Statement statement, Set<String> locals) {
        if (!(statement instanceof ExpressionStmt es)) {
            return false;
        }
        Expression e = es.getExpression();
        if (e instanceof AssignExpr a) {
            return a.getOperator() == AssignExpr.Operator.ASSIGN && a.getValue().isLiteralExpr();
        }
        if (e instanceof MethodCallExpr call) {
            String name = call.getNameAsString();
            return Logging.onlyReports(call.getScope().map(FactExtractor::text).orElse(null), name)
                    || (name.equals("unlock") || name.equals("lock")) && call.getArguments().isEmpty()
                    // a call on the method's own local (a latch it made, a handle it was given back), with
                    // arguments that are locals or constants: no shared state the wait was for
                    || call.getScope().orElse(null) instanceof NameExpr local && locals.contains(local.getNameAsString())
                    && call.getArguments().stream().allMatch(arg -> arg.isLiteralExpr()
                            || arg instanceof NameExpr v && locals.contains(v.getNameAsString()));
        }
        return false;
    }

    /**
     * Whether, after a wait, the method hands a verdict back: it returns {@code boolean}, and returns after the
     * wait, for a caller that loops on the answer or acts on it.
     */
    private static boolean returnsVerdictAfter(MethodCallExpr n) {
        Node unit = enclosingUnit(n);
        if (!(unit instanceof MethodDeclaration m) || !m.getType().asString().equals("boolean") || m.getBody().isEmpty()) {
            return false;
        }
        Pos at = FactExtractor.pos(n);
        boolean any = false;
        for (ReturnStmt r : m.getBody().get().findAll(ReturnStmt.class)) {
            if (FactExtractor.pos(r).compareTo(at) > 0 && enclosingUnit(r) == m) {
                any = true; // true, false, or a check made again (return decrement(n);): an answer to act on
            }
        }
        return any;
    }

    /**
     * The innermost loop whose body holds {@code n}, within its own method or lambda; null when there is none.
     * For-each loops count only when {@code anyLoop}: they walk a collection, they do not re-check a condition.
     */
    private static Statement enclosingLoop(Node n, boolean anyLoop) {
        Node child = n;
        for (Node p = n.getParentNode().orElse(null); p != null; p = p.getParentNode().orElse(null)) {
            if (p instanceof LambdaExpr || p instanceof BodyDeclaration<?>) {
                return null;
            }
            if ((p instanceof WhileStmt || p instanceof DoStmt || p instanceof ForStmt
                    || anyLoop && p instanceof ForEachStmt) && isLoopBody(p, child)) {
                return (Statement) p;
            }
            child = p;
        }
        return null;
    }

    private void sleepCall(MethodCallExpr n) {
        if (n.getArguments().isEmpty() || n.getArguments().size() > 2 || scope.locksHeld()) {
            return;
        }
        Statement loop = enclosingLoop(n, false);
        if (loop == null) {
            return;
        }
        List<Expression> conditions = new ArrayList<>();
        if (loop instanceof WhileStmt w) {
            conditions.add(w.getCondition());
        } else if (loop instanceof DoStmt d) {
            conditions.add(d.getCondition());
        } else if (loop instanceof ForStmt f && f.getCompare().isPresent() && !counted(f)) {
            conditions.add(f.getCompare().get());
        }
        Statement body = loop instanceof WhileStmt w ? w.getBody() : loop instanceof DoStmt d ? d.getBody()
                : ((ForStmt) loop).getBody();
        if (body instanceof BlockStmt block) {
            for (Statement s : block.getStatements()) {
                // while (true) { if (stopped) break; ... sleep(...); }
                if (s instanceof IfStmt i && leavesLoop(i.getThenStmt())) {
                    conditions.add(i.getCondition());
                }
            }
        }
        Map<String, Expression> fields = new LinkedHashMap<>();
        for (Expression c : conditions) {
            polledFields(c, fields);
        }
        ValueRef.Call sleep = callRef(n);
        boolean concurrent = scope.inDeferredCode() || isRunLike(enclosingUnit(n));
        for (Map.Entry<String, Expression> f : fields.entrySet()) {
            int hash = f.getKey().indexOf('#');
            String field = f.getKey().substring(hash + 1);
            // while ((proxy = connect()) == null) waits for its own write; while (!end) { pump(); ... } with a
            // pump() of the class that sets end: the loop's own thread writes it
            if (!writes(loop, field) && !writesThroughOwnMethods(loop, field, new HashSet<>(), 3)) {
                pendingPolls.add(new PendingPoll(f.getKey().substring(0, hash), field, sleep, FactExtractor.pos(n),
                        scope.member(), scope.inDeferredCode(), concurrent, site(f.getValue())));
            }
        }
    }

    /**
     * Whether a {@code for} loop counts its way to its end: its compare tests a variable its update changes
     * against a bound ({@code for (int i = 0; i < retries; i++)}). A field in that compare is a bound, not a
     * stop flag another thread sets: the loop ends whatever the field's value.
     */
    private static boolean counted(ForStmt f) {
        if (!(FactExtractor.unwrap(f.getCompare().get()) instanceof BinaryExpr b)
                || b.getOperator() != BinaryExpr.Operator.LESS && b.getOperator() != BinaryExpr.Operator.LESS_EQUALS
                && b.getOperator() != BinaryExpr.Operator.GREATER && b.getOperator() != BinaryExpr.Operator.GREATER_EQUALS) {
            return false;
        }
        for (Expression side : List.of(FactExtractor.unwrap(b.getLeft()), FactExtractor.unwrap(b.getRight()))) {
            if (side instanceof NameExpr counter
                    && f.getUpdate().stream().anyMatch(u -> writes(u, counter.getNameAsString()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a method of the loop's own class that the loop calls plainly ({@code pump()}, {@code this.pump()})
     * writes the field, following such calls {@code depth} levels: the loop's thread writes it itself.
     */
    private static boolean writesThroughOwnMethods(Node root, String field, Set<String> seen, int depth) {
        if (depth == 0) {
            return false;
        }
        TypeDeclaration<?> type = root.findAncestor(TypeDeclaration.class).orElse(null);
        if (type == null) {
            return false;
        }
        for (MethodCallExpr call : root.findAll(MethodCallExpr.class)) {
            if (call.getScope().isPresent() && !(call.getScope().get() instanceof ThisExpr)
                    || !seen.add(call.getNameAsString())) {
                continue;
            }
            for (MethodDeclaration m : type.getMethodsByName(call.getNameAsString())) {
                if (m.getBody().isPresent() && (writes(m.getBody().get(), field)
                        || writesThroughOwnMethods(m.getBody().get(), field, seen, depth - 1))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean leavesLoop(Statement s) {
        return Syntax.endsIn(s, BreakStmt.class, ReturnStmt.class, ThrowStmt.class);
    }

    /** The fields of enclosing types a condition reads as values ({@code !stopped}, {@code state == DONE}), by key. */
    private void polledFields(Node node, Map<String, Expression> out) {
        if (node instanceof LambdaExpr) {
            return;
        }
        if (node instanceof MethodCallExpr call) {
            // stop.get() asks an object; only its arguments may read fields as values.
            call.getArguments().forEach(a -> polledFields(a, out));
            return;
        }
        if (node instanceof NameExpr name && !scope.isLocal(name.getNameAsString())) {
            String owner = scope.fieldOwner(name.getNameAsString());
            if (owner != null) {
                out.putIfAbsent(owner + "#" + name.getNameAsString(), name);
            }
            return;
        }
        if (node instanceof FieldAccessExpr f) {
            if (f.getScope() instanceof ThisExpr t && t.getTypeName().isEmpty()) {
                out.putIfAbsent(scope.scopeType() + "#" + f.getNameAsString(), f);
            }
            return;
        }
        for (Node child : node.getChildNodes()) {
            polledFields(child, out);
        }
    }

    /** Whether code in {@code root} assigns or updates a field (or variable) named {@code field}. */
    private static boolean writes(Node root, String field) {
        if (root instanceof AssignExpr a && named(a.getTarget(), field)) {
            return true;
        }
        if (root instanceof UnaryExpr u && u.getOperator() != UnaryExpr.Operator.LOGICAL_COMPLEMENT
                && u.getOperator() != UnaryExpr.Operator.MINUS && u.getOperator() != UnaryExpr.Operator.PLUS
                && u.getOperator() != UnaryExpr.Operator.BITWISE_COMPLEMENT && named(u.getExpression(), field)) {
            return true;
        }
        for (Node child : root.getChildNodes()) {
            if (writes(child, field)) {
                return true;
            }
        }
        return false;
    }

    private static boolean named(Expression e, String field) {
        return e instanceof NameExpr n && n.getNameAsString().equals(field)
                || e instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr && f.getNameAsString().equals(field);
    }
}
