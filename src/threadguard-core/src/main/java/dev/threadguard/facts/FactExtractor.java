package dev.threadguard.facts;

import com.github.javaparser.Range;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;
import com.github.javaparser.ast.nodeTypes.NodeWithModifiers;
import com.github.javaparser.ast.body.AnnotationDeclaration;
import com.github.javaparser.ast.body.AnnotationMemberDeclaration;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.CompactConstructorDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MemberValuePair;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.TypeExpr;
import com.github.javaparser.ast.expr.TypePatternExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.type.ArrayType;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.IntersectionType;
import com.github.javaparser.ast.type.PrimitiveType;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.ast.type.TypeParameter;
import com.github.javaparser.ast.type.UnionType;
import com.github.javaparser.ast.type.VarType;
import com.github.javaparser.ast.type.VoidType;
import com.github.javaparser.ast.type.WildcardType;
import com.github.javaparser.ast.visitor.VoidVisitorAdapter;
import dev.threadguard.facts.model.Logging;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static dev.threadguard.facts.model.Futures.OBSERVERS;
import static dev.threadguard.facts.model.Futures.WEAK_USES;
import dev.threadguard.facts.model.Monitors;
import dev.threadguard.facts.model.Tasks;
import static dev.threadguard.facts.model.Tasks.DEFERRING;
import static dev.threadguard.facts.model.Tasks.ELEMENT_CALLBACKS;
import static dev.threadguard.facts.model.Tasks.SUBMISSIONS;
import static dev.threadguard.facts.model.Tasks.SUBMISSION_EXCEPTIONS;
import static dev.threadguard.facts.model.Tasks.VOID_FUNCTIONS;
import static dev.threadguard.facts.model.Tasks.VOID_LAMBDA_TARGETS;

/**
 * Turns one syntax tree into {@link FileFacts} in a single walk. Everything a rule needs later is
 * decided or recorded here, so that the tree can be dropped as soon as this returns.
 *
 * <p>Names are kept symbolic where only the whole program can answer (fields, inherited methods,
 * imported types); locals and parameters are resolved on the spot from the scope being walked.
 */
public final class FactExtractor {

    /**
     * {@code @SuppressWarnings} names of other analyzers' checks for the same bug (Error Prone, IntelliJ
     * IDEA), by the rule they silence here.
     */
    static final Map<String, String> OTHER_TOOLS_SUPPRESSIONS = Map.ofEntries(
            Map.entry("GuardedBy", "guarded-by-violation"),
            Map.entry("FieldAccessNotGuarded", "guarded-by-violation"),
            Map.entry("LockAcquiredButNotSafelyReleased", "lock-without-finally"),
            Map.entry("FutureReturnValueIgnored", "future-result-ignored"),
            Map.entry("WaitNotInLoop", "wait-not-in-loop"),
            Map.entry("FieldAccessedSynchronizedAndUnsynchronized", "inconsistent-synchronization"),
            Map.entry("NonAtomicOperationOnVolatileField", "non-atomic-update"),
            Map.entry("DoubleCheckedLocking", "double-checked-locking"),
            Map.entry("CallToThreadRun", "thread-run-called"),
            Map.entry("SleepWhileHoldingLock", "blocking-call-under-lock"),
            Map.entry("InterruptedExceptionSwallowed", "interrupt-swallowed"));

    /** Whether a statement runs only on some paths of its method: inside an {@code if} or a {@code switch}. */
    static boolean conditional(Node statement) {
        for (Node n = statement.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
            if (n instanceof com.github.javaparser.ast.stmt.IfStmt || n instanceof com.github.javaparser.ast.stmt.SwitchEntry
                    || n instanceof com.github.javaparser.ast.expr.ConditionalExpr) {
                return true;
            }
            if (n instanceof com.github.javaparser.ast.body.CallableDeclaration<?> || n instanceof LambdaExpr) {
                return false;
            }
        }
        return false;
    }

    private FactExtractor() {
    }

    /**
     * Extracts the facts of one parsed file.
     *
     * @param path the file's path as it should appear in findings
     * @param unit the parsed file
     * @param text the file's text, read for {@code threadguard:ignore} comments
     */
    public static FileFacts extract(String path, CompilationUnit unit, String text) {
        Walker walker = new Walker();
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        walker.fileBaseName = fileName.endsWith(".java") ? fileName.substring(0, fileName.length() - 5) : fileName;
        walker.collectPrivateFields(unit);
        unit.accept(walker, null);
        walker.finishFields();
        List<String> imports = new ArrayList<>();
        List<String> staticImports = new ArrayList<>();
        for (ImportDeclaration i : unit.getImports()) {
            String name = i.getNameAsString();
            if (i.isStatic()) {
                staticImports.add(i.isAsterisk() ? name + ".*" : name);
            } else {
                imports.add(i.isModule() ? "module " + name : i.isAsterisk() ? name + ".*" : name);
            }
        }
        List<Suppression> suppressions = walker.suppressions;
        IgnoreComments.scan(text, suppressions);
        return new FileFacts(
                path,
                unit.getPackageDeclaration().map(p -> p.getNameAsString()).orElse(""),
                List.copyOf(imports),
                List.copyOf(staticImports),
                List.copyOf(walker.types),
                List.copyOf(walker.discarded),
                List.copyOf(walker.stored),
                walker.kept(walker.fieldAccesses, FieldAccess::owner),
                walker.kept(walker.callsUnderLock, CallUnderLock::owner),
                List.copyOf(walker.lockMisuses),
                Set.copyOf(walker.completionTakers),
                List.copyOf(suppressions),
                List.copyOf(walker.doubleCheckedInits),
                List.copyOf(walker.checkThenActs),
                List.copyOf(walker.lockBodies),
                walker.lifecycle.finish(),
                walker.pools.finish(),
                walker.sharing.finish(),
                walker.accessFacts.finish(),
                walker.objectFlow.finish(),
                walker.guardUses.finish(walker.concurrentTypes::contains),
                walker.inlineRuns.finish(),
                walker.classInits.finish(),
                walker.cancels.finish(),
                walker.lockValues.finish());
    }

    /** {@code x.closeQuietly(y);}: a call of a helper whose name says it swallows its failures. */
    private static boolean callsQuietHelper(Statement s) {
        return s instanceof ExpressionStmt e && e.getExpression() instanceof MethodCallExpr call
                && call.getNameAsString().endsWith("Quietly");
    }

    /**
     * A statement before a task's guarding try that cannot throw in practice: a logging call, or a local
     * variable set to a literal ({@code int cleared = 0;}).
     */
    private static boolean preamble(Statement s) {
        if (s instanceof ExpressionStmt e && e.getExpression() instanceof MethodCallExpr call) {
            return call.getScope().map(x -> Logging.isLogger(x.toString())).orElse(false);
        }
        // if (LOG.isDebugEnabled()) LOG.debug(...); if (!lock.tryLock()) { LOG.info(...); return; }: a guard
        // that asks a logger or tries a lock, and then only logs or leaves, throws nothing
        if (s instanceof com.github.javaparser.ast.stmt.IfStmt i && i.getElseStmt().isEmpty()
                && unwrap(i.getCondition() instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT
                ? u.getExpression() : i.getCondition()) instanceof MethodCallExpr test
                && (test.getNameAsString().equals("tryLock") && test.getArguments().isEmpty()
                || test.getScope().map(x -> Logging.isLogger(x.toString())).orElse(false))) {
            List<Statement> then = i.getThenStmt() instanceof BlockStmt b ? b.getStatements() : List.of(i.getThenStmt());
            for (int k = 0; k < then.size(); k++) {
                Statement t = then.get(k);
                boolean leaves = k == then.size() - 1 && t instanceof com.github.javaparser.ast.stmt.ReturnStmt r
                        && r.getExpression().isEmpty();
                if (!leaves && !preamble(t)) {
                    return false;
                }
            }
            return true;
        }
        return s instanceof ExpressionStmt e && e.getExpression() instanceof VariableDeclarationExpr v
                && v.getVariables().stream().allMatch(d -> d.getInitializer().map(i -> i instanceof LiteralExpr).orElse(false));
    }

    static Pos pos(Node node) {
        Optional<Range> r = node.getRange();
        if (r.isEmpty()) {
            return Pos.NONE;
        }
        Range range = r.get();
        return new Pos(range.begin.line, range.begin.column, range.end.line, range.end.column);
    }

    /**
     * Whether a block loses no exception to its caller: it is one try statement whose catch takes every
     * exception (with only logging calls and local variables before it), or it only calls helpers that
     * swallow failures by name ({@code IOUtils.closeQuietly(a); closeQuietly(b);}).
     */
    static boolean catchesAll(BlockStmt body) {
        NodeList<Statement> statements = body.getStatements();
        if (!statements.isEmpty() && statements.stream().allMatch(FactExtractor::callsQuietHelper)) {
            return true;
        }
        int first = 0;
        while (first < statements.size() - 1 && preamble(statements.get(first))) {
            first++;
        }
        if (statements.size() - first != 1) {
            return false;
        }
        Statement only = statements.get(first);
        // A worker loop whose every round is guarded counts too: while (running) { try { ... } catch ... }
        Statement loopBody = only instanceof com.github.javaparser.ast.stmt.WhileStmt w ? w.getBody()
                : only instanceof com.github.javaparser.ast.stmt.DoStmt d ? d.getBody()
                : only instanceof com.github.javaparser.ast.stmt.ForStmt f ? f.getBody() : null;
        if (loopBody instanceof BlockStmt block) {
            return catchesAll(block);
        }
        if (!only.isTryStmt()) {
            return false;
        }
        for (CatchClause c : only.asTryStmt().getCatchClauses()) {
            for (Type t : alternatives(c.getParameter().getType())) {
                String name = simpleName(t);
                if (name.equals("Exception") || name.equals("Throwable") || name.equals("RuntimeException")) {
                    return true;
                }
            }
        }
        return false;
    }

    static List<Type> alternatives(Type t) {
        if (t instanceof UnionType u) {
            return new ArrayList<>(u.getElements());
        }
        return List.of(t);
    }

    static String simpleName(Type t) {
        return t instanceof ClassOrInterfaceType c ? c.getName().getIdentifier() : t.asString();
    }

    static Expression unwrap(Expression e) {
        while (true) {
            if (e instanceof EnclosedExpr en) {
                e = en.getInner();
            } else if (e instanceof CastExpr c) {
                e = c.getExpression();
            } else {
                return e;
            }
        }
    }

    /** A variable being watched for reads: a local, or a private field of the file. */
    private static final class Candidate {
        final String name;
        final TypeName declared;
        final Site site;
        final List<StoredValue.Assignment> values = new ArrayList<>();
        final Set<String> weakUses = new TreeSet<>();
        int strongUses;

        Candidate(String name, TypeName declared, Site site) {
            this.name = name;
            this.declared = declared;
            this.site = site;
        }
    }

    /** A type being walked. */
    private static final class TypeCtx {
        final String qualifiedName;
        final String displayName;
        final TypeFacts.Kind kind;
        final String outer;
        final List<TypeName> supertypes;
        /** The type's own type parameters in order, each with its first bound (null when unbounded). */
        final Map<String, ClassOrInterfaceType> typeParameters;
        final List<FieldFacts> fields = new ArrayList<>();
        final List<MethodFacts> methods = new ArrayList<>();
        /** The classes this type's own code instantiates, as written, in first-seen order. */
        final Set<TypeName> instantiated = new LinkedHashSet<>();
        final Pos pos;
        final int modifiers;
        /** The one thread an annotation on this type or one around it confines its code to, or null. */
        String thread;
        int anonymous;
        /** For an anonymous class: whether it is handed to another thread or kept, to run later. */
        boolean runsLater;

        TypeCtx(String qualifiedName, String displayName, TypeFacts.Kind kind, String outer,
                List<TypeName> supertypes, Map<String, ClassOrInterfaceType> typeParameters, Pos pos, int modifiers) {
            this.qualifiedName = qualifiedName;
            this.displayName = displayName;
            this.kind = kind;
            this.outer = outer;
            this.supertypes = supertypes;
            this.typeParameters = typeParameters;
            this.pos = pos;
            this.modifiers = modifiers;
        }
    }

    /**
     * A lock held at the point being walked: {@code ref} as the lock model names it, {@code name} as the guard
     * rules and check-then-act facts name it ({@code Account.lock}); null for a try-with-resources resource,
     * which only the lock model sees (it holds a lock only if its class locks and unlocks one).
     */
    private record Held(LockRef ref, String name) {
    }

    /** A body of code being walked: a method, constructor, initializer or field initializer. */
    private static final class CodeCtx {
        final String member;
        final CodeCtx enclosing;
        /** What each local in scope holds: its declared type, or for {@code var} its initializer. */
        final Map<String, ValueRef> locals = new HashMap<>();
        final Map<String, Candidate> candidates = new HashMap<>();
        final List<Candidate> finished = new ArrayList<>();
        final Map<String, ClassOrInterfaceType> typeParameters;
        /** Locals on which a listener or failure handler was registered. */
        final Set<String> observedLocals = new HashSet<>();
        /** Locals returned by the method. */
        final Set<String> returnedLocals = new HashSet<>();
        boolean returnsObserved;
        String delegate;
        int returns;
        int lambdaDepth;
        /** The one held-lock stack: the locks held at the point being walked, innermost last. */
        ArrayList<Held> held = new ArrayList<>();
        /** The locks of {@link #held} as the lock model names them, shared by the steps recorded until the next change. */
        List<LockRef> heldSnapshot = List.of();
        /** The names of {@link #held} the guard rules read, computed when first asked after a change. */
        List<String> namesSnapshot = List.of();
        /** What this code does with locks and calls, in order; a lambda that runs later collects its own. */
        List<LockOp> ops = new ArrayList<>();
        /** The names of the method's own parameters. */
        final Set<String> parameters = new HashSet<>();
        /** Locals that stand for a lock field ({@code final ReentrantLock lock = this.lock;}). */
        final Map<String, LockRef> lockAliases = new HashMap<>();
        /** Locals chosen by a comparison ({@code first = a.id < b.id ? a : b}): locks the code puts in order. */
        final Set<String> orderedLocals = new HashSet<>();
        /** The declaring type, name and position of a method body that calls can reach; null otherwise. */
        String bodyType;
        String bodyMethod;
        Pos declared;
        /** lock() calls not followed by try/finally; kept only if this code unlocks that lock somewhere. */
        final List<LockMisuse> pendingMisuses = new ArrayList<>();
        /** The locks this code unlocks itself. */
        final Set<String> unlocked = new HashSet<>();
        /** Whether the code runs before the object is shared: a constructor or an initializer. */
        boolean constructing;
        /** How many enclosing lambdas or anonymous classes run later, on another thread or at another time. */
        int deferred;
        /** The one thread an annotation confines this code to ({@code "main"}), or null. */
        String thread;

        CodeCtx(String member, CodeCtx enclosing, Map<String, ClassOrInterfaceType> typeParameters) {
            this.member = member;
            this.enclosing = enclosing;
            this.typeParameters = typeParameters;
        }
    }

    /** The lock named by a field's {@code @GuardedBy} annotation, whichever package it comes from. */
    static String guardedBy(FieldDeclaration field) {
        return guardedBy(field.getAnnotations());
    }

    static String guardedBy(NodeList<AnnotationExpr> annotations) {
        for (AnnotationExpr a : annotations) {
            if (a.getName().getIdentifier().equals("GuardedBy")) {
                if (a instanceof SingleMemberAnnotationExpr single && single.getMemberValue() instanceof StringLiteralExpr v) {
                    return v.getValue();
                }
                if (a instanceof NormalAnnotationExpr normal) {
                    for (MemberValuePair p : normal.getPairs()) {
                        if (p.getNameAsString().equals("value") && p.getValue() instanceof StringLiteralExpr v) {
                            return v.getValue();
                        }
                    }
                }
            }
        }
        return null;
    }

    /** Marker for a local whose type is not written (an untyped lambda parameter). */
    private static final TypeName UNTYPED = TypeName.of("?");

    private static final class Walker extends VoidVisitorAdapter<Void> {
        /** Whether the file calls a {@code StampedLock}'s try methods; found on first need ({@link Syntax#stampTry}). */
        private Boolean fileTriesStamps;
        final List<TypeFacts> types = new ArrayList<>();
        final List<DiscardedCall> discarded = new ArrayList<>();
        final List<StoredValue> stored = new ArrayList<>();
        final Set<String> completionTakers = new HashSet<>();
        final List<Suppression> suppressions = new ArrayList<>();
        final List<FieldAccess> fieldAccesses = new ArrayList<>();
        final List<CallUnderLock> callsUnderLock = new ArrayList<>();
        final List<LockMisuse> lockMisuses = new ArrayList<>();
        final List<LockBody> lockBodies = new ArrayList<>();
        /** Per type (qualified), the names of the fields and of the methods it declares. */
        final Map<String, Set<String>> declaredFields = new HashMap<>();
        final Map<String, Set<String>> declaredMethods = new HashMap<>();
        /** Lock fields that are one side of a read/write lock, by {@code type#field}: {@code rw (read)} or {@code rw}. */
        final Map<String, String> lockSides = new HashMap<>();
        /** Set while walking the expression that names a lock: naming the lock is no access it must guard. */
        int namingLock;
        /** Types whose field accesses matter to guard rules: they lock, or declare volatile or guarded fields. */
        final Set<String> concurrentTypes = new HashSet<>();

        /** The records whose owner type is one of {@link #concurrentTypes}. */
        <T> List<T> kept(List<T> all, java.util.function.Function<T, String> owner) {
            List<T> out = new ArrayList<>();
            for (T t : all) {
                if (concurrentTypes.contains(owner.apply(t))) {
                    out.add(t);
                }
            }
            return List.copyOf(out);
        }
        final Deque<TypeCtx> typeStack = new ArrayDeque<>();
        final Deque<CodeCtx> codeStack = new ArrayDeque<>();
        final Map<String, Candidate> privateFields = new LinkedHashMap<>();
        final Map<MethodCallExpr, CaughtTypes> catchAround = new IdentityHashMap<>();
        String packageName = "";
        /** The file's name without {@code .java}: the name of a compact source file's implicit class. */
        String fileBaseName = "";

        // ---------------------------------------------------------------- declarations

        void collectPrivateFields(CompilationUnit unit) {
            packageName = unit.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
            Deque<Map.Entry<String, TypeDeclaration<?>>> pending = new ArrayDeque<>();
            for (TypeDeclaration<?> t : unit.getTypes()) {
                String simple = t.getNameAsString().equals("$COMPACT_CLASS") && !fileBaseName.isEmpty()
                        ? fileBaseName : t.getNameAsString();
                pending.push(Map.entry(packageName.isEmpty() ? simple : packageName + "." + simple, t));
            }
            while (!pending.isEmpty()) {
                Map.Entry<String, TypeDeclaration<?>> entry = pending.pop();
                String qualified = entry.getKey();
                TypeDeclaration<?> type = entry.getValue();
                Set<String> fields = declaredFields.computeIfAbsent(qualified, k -> new HashSet<>());
                Set<String> methods = declaredMethods.computeIfAbsent(qualified, k -> new HashSet<>());
                accessFacts.typeAnnotations(qualified, type.getAnnotations());
                if (type.getAnnotations().stream().anyMatch(a -> a.getName().getIdentifier().equals("ThreadSafe"))) {
                    concurrentTypes.add(qualified);
                }
                if (type instanceof RecordDeclaration record) {
                    record.getParameters().forEach(p -> fields.add(p.getNameAsString()));
                }
                for (BodyDeclaration<?> member : type.getMembers()) {
                    if (member instanceof MethodDeclaration m) {
                        methods.add(m.getNameAsString());
                        if (m.isSynchronized()) {
                            concurrentTypes.add(qualified);
                        }
                    }
                    if (member instanceof FieldDeclaration field) {
                        field.getVariables().forEach(v -> fields.add(v.getNameAsString()));
                        if (field.isFinal() || type instanceof ClassOrInterfaceDeclaration c && c.isInterface()) {
                            field.getVariables().forEach(v -> accessFacts.finalField(qualified, v.getNameAsString()));
                        }
                        for (VariableDeclarator v : field.getVariables()) {
                            // private final Lock r = rw.readLock(): r is rw's read side, w = rw.writeLock() its write side
                            if (v.getInitializer().orElse(null) instanceof MethodCallExpr side && side.getArguments().isEmpty()
                                    && side.getScope().isPresent()
                                    && (side.getNameAsString().equals("readLock") || side.getNameAsString().equals("writeLock"))) {
                                String rw = text(side.getScope().get()).replaceFirst("^this\\.", "");
                                lockSides.put(qualified + "#" + v.getNameAsString(),
                                        rw + (side.getNameAsString().equals("readLock") ? " (read)" : ""));
                            }
                        }
                        if (field.isVolatile() || guardedBy(field) != null) {
                            concurrentTypes.add(qualified);
                        }
                    }
                }
                for (BodyDeclaration<?> member : type.getMembers()) {
                    if (member instanceof TypeDeclaration<?> nested) {
                        pending.push(Map.entry(qualified + "." + nested.getNameAsString(), nested));
                    } else if (member instanceof FieldDeclaration field && field.isPrivate()
                            && !hasGeneratedGetter(type, field)) {
                        for (VariableDeclarator v : field.getVariables()) {
                            TypeName t = typeName(v.getType());
                            if (t != null && !t.isPrimitive()) {
                                Site site = new Site(type.getNameAsString(), v.getNameAsString(), pos(v));
                                privateFields.putIfAbsent(v.getNameAsString(), new Candidate(v.getNameAsString(), t, site));
                            }
                        }
                    }
                }
            }
        }

        /** Lombok's {@code @Getter}, {@code @Data} or {@code @Value} write a getter that reads the field. */
        private static boolean hasGeneratedGetter(TypeDeclaration<?> type, FieldDeclaration field) {
            for (AnnotationExpr a : field.getAnnotations()) {
                if (a.getName().getIdentifier().equals("Getter")) {
                    return true;
                }
            }
            for (AnnotationExpr a : type.getAnnotations()) {
                String name = a.getName().getIdentifier();
                if (name.equals("Getter") || name.equals("Data") || name.equals("Value")) {
                    return true;
                }
            }
            return false;
        }

        void finishFields() {
            for (Candidate c : privateFields.values()) {
                if (c.strongUses == 0 && !c.values.isEmpty()) {
                    stored.add(new StoredValue(StoredValue.Kind.PRIVATE_FIELD, c.name, c.declared, c.site,
                            List.copyOf(c.values), Set.copyOf(c.weakUses)));
                }
            }
        }

        private String qualify(String simple) {
            TypeCtx outer = typeStack.peek();
            if (outer != null) {
                return outer.qualifiedName + "." + simple;
            }
            return packageName.isEmpty() ? simple : packageName + "." + simple;
        }

        private String display(String simple) {
            TypeCtx outer = typeStack.peek();
            return outer != null ? outer.displayName + "." + simple : simple;
        }

        private void enterType(String qualified, String display, TypeFacts.Kind kind, List<TypeName> supertypes,
                               NodeList<TypeParameter> typeParameters, Node node) {
            Map<String, ClassOrInterfaceType> params = typeParameters(typeParameters);
            TypeCtx outer = typeStack.peek();
            TypeCtx ctx = new TypeCtx(qualified, display, kind, outer == null ? null : outer.qualifiedName,
                    supertypes, params, pos(node),
                    node instanceof NodeWithModifiers<?> m ? modifiers(m.getModifiers()) : 0);
            ctx.thread = node instanceof NodeWithAnnotations<?> a ? confinement(a.getAnnotations(),
                    outer == null ? null : outer.thread) : outer == null ? null : outer.thread;
            typeStack.push(ctx);
            CodeCtx enclosing = codeStack.peek();
            String member = enclosing != null ? enclosing.member : display;
            codeStack.push(new CodeCtx(member, enclosing, Map.of()));
        }

        private static Map<String, ClassOrInterfaceType> typeParameters(NodeList<TypeParameter> declared) {
            if (declared.isEmpty()) {
                return Map.of();
            }
            Map<String, ClassOrInterfaceType> out = new LinkedHashMap<>();
            for (TypeParameter p : declared) {
                out.put(p.getNameAsString(), p.getTypeBound().isEmpty() ? null : p.getTypeBound().get(0));
            }
            return out;
        }

        private void exitType() {
            finishCode(codeStack.pop());
            TypeCtx ctx = typeStack.pop();
            types.add(new TypeFacts(ctx.qualifiedName, ctx.displayName, ctx.kind, ctx.outer,
                    List.copyOf(ctx.supertypes), List.copyOf(ctx.typeParameters.keySet()), List.copyOf(ctx.fields),
                    List.copyOf(ctx.methods), List.copyOf(ctx.instantiated), ctx.pos, ctx.modifiers));
        }

        private List<TypeName> typeNames(List<? extends Type> list) {
            List<TypeName> out = new ArrayList<>(list.size());
            for (Type t : list) {
                TypeName n = typeName(t);
                if (n != null) {
                    out.add(n);
                }
            }
            return out;
        }

        @Override
        public void visit(ClassOrInterfaceDeclaration n, Void arg) {
            List<TypeName> supers = typeNames(n.getExtendedTypes());
            supers.addAll(typeNames(n.getImplementedTypes()));
            String simple = n.getNameAsString();
            // JavaParser names the implicit class of a compact source file $COMPACT_CLASS; the JDK names it
            // after the file.
            String shown = simple.equals("$COMPACT_CLASS") && !fileBaseName.isEmpty() ? fileBaseName : simple;
            enterType(qualify(shown), display(shown),
                    n.isInterface() ? TypeFacts.Kind.INTERFACE : TypeFacts.Kind.CLASS, supers, n.getTypeParameters(), n);
            super.visit(n, arg);
            classInits.type(n);
            exitType();
        }

        @Override
        public void visit(EnumDeclaration n, Void arg) {
            List<TypeName> supers = typeNames(n.getImplementedTypes());
            supers.add(TypeName.of("java.lang.Enum"));
            String simple = n.getNameAsString();
            enterType(qualify(simple), display(simple), TypeFacts.Kind.ENUM, supers, new NodeList<>(), n);
            super.visit(n, arg);
            classInits.type(n);
            exitType();
        }

        @Override
        public void visit(RecordDeclaration n, Void arg) {
            List<TypeName> supers = typeNames(n.getImplementedTypes());
            supers.add(TypeName.of("java.lang.Record"));
            String simple = n.getNameAsString();
            enterType(qualify(simple), display(simple), TypeFacts.Kind.RECORD, supers, n.getTypeParameters(), n);
            TypeCtx ctx = typeStack.peek();
            for (Parameter p : n.getParameters()) {
                TypeName t = typeName(p.getType());
                int mods = java.lang.reflect.Modifier.PRIVATE | java.lang.reflect.Modifier.FINAL;
                ctx.fields.add(new FieldFacts(p.getNameAsString(), t, mods, null, pos(p)));
                ctx.methods.add(new MethodFacts(p.getNameAsString(), List.of(), t,
                        java.lang.reflect.Modifier.PUBLIC, false, false, false, null, pos(p)));
            }
            super.visit(n, arg);
            classInits.type(n);
            exitType();
        }

        @Override
        public void visit(AnnotationDeclaration n, Void arg) {
            String simple = n.getNameAsString();
            enterType(qualify(simple), display(simple), TypeFacts.Kind.ANNOTATION,
                    new ArrayList<>(List.of(TypeName.of("java.lang.annotation.Annotation"))), new NodeList<>(), n);
            super.visit(n, arg);
            exitType();
        }

        @Override
        public void visit(AnnotationMemberDeclaration n, Void arg) {
            TypeCtx ctx = typeStack.peek();
            if (ctx != null) {
                ctx.methods.add(new MethodFacts(n.getNameAsString(), List.of(), typeName(n.getType()),
                        java.lang.reflect.Modifier.PUBLIC | java.lang.reflect.Modifier.ABSTRACT, false, false, false,
                        null, pos(n)));
            }
            super.visit(n, arg);
        }

        @Override
        public void visit(EnumConstantDeclaration n, Void arg) {
            if (n.getClassBody().isEmpty()) {
                super.visit(n, arg);
                return;
            }
            n.getArguments().forEach(a -> a.accept(this, arg));
            TypeCtx outer = typeStack.peek();
            String base = outer == null ? "java.lang.Enum" : outer.qualifiedName;
            // Code in a constant's body is named after the constant: Level.HIGH, not just Level.
            codeStack.push(new CodeCtx((outer == null ? "" : outer.displayName + ".") + n.getNameAsString(),
                    codeStack.peek(), Map.of()));
            enterAnonymous(List.of(TypeName.of(base)), n);
            n.getClassBody().forEach(b -> b.accept(this, arg));
            exitType();
            finishCode(codeStack.pop());
        }

        /**
         * Records a class the current type's code instantiates ({@code new T(...)}, {@code T::new}), without
         * its type arguments; an array creation instantiates no class. An anonymous class is instantiated by
         * its kind, not recorded here.
         */
        private void instantiates(Type type) {
            TypeCtx ctx = typeStack.peek();
            if (ctx != null && type instanceof ClassOrInterfaceType c) {
                ctx.instantiated.add(TypeName.of(c.getNameWithScope()));
            }
        }

        private void enterAnonymous(List<TypeName> supertypes, Node node) {
            TypeCtx outer = typeStack.peek();
            int number = outer == null ? 1 : ++outer.anonymous;
            String qualified = (outer == null ? "" : outer.qualifiedName) + "$" + number;
            String display = (outer == null ? "" : outer.displayName) + "$" + number;
            enterType(qualified, display, TypeFacts.Kind.ANONYMOUS, new ArrayList<>(supertypes), new NodeList<>(), node);
        }

        @Override
        public void visit(ObjectCreationExpr n, Void arg) {
            lifecycle.creation(n);
            pools.creation(n);
            objectFlow.creation(n);
            if (n.getAnonymousClassBody().isEmpty()) {
                instantiates(n.getType());
                super.visit(n, arg);
                return;
            }
            n.getScope().ifPresent(s -> s.accept(this, arg));
            n.getArguments().forEach(a -> a.accept(this, arg));
            TypeName base = typeName(n.getType());
            CodeCtx creator = codeStack.peek();
            enterAnonymous(base == null ? List.of() : List.of(base), n);
            typeStack.peek().runsLater = runsLater(n);
            CodeCtx body = codeStack.peek();
            if (typeStack.peek().runsLater) {
                body.deferred = 1;
            } else if (creator != null) {
                inherit(body, creator);
                body.deferred = creator.deferred;
            }
            n.getAnonymousClassBody().get().forEach(b -> b.accept(this, arg));
            exitType();
        }

        @Override
        public void visit(FieldDeclaration n, Void arg) {
            objectFlow.field(n);
            TypeCtx ctx = typeStack.peek();
            int mods = modifiers(n.getModifiers());
            if (ctx != null && ctx.kind == TypeFacts.Kind.INTERFACE) {
                mods |= java.lang.reflect.Modifier.PUBLIC | java.lang.reflect.Modifier.STATIC
                        | java.lang.reflect.Modifier.FINAL;
            }
            n.getAnnotations().forEach(a -> a.accept(this, arg));
            for (VariableDeclarator v : n.getVariables()) {
                TypeName t = typeName(v.getType());
                if (ctx != null) {
                    ctx.fields.add(new FieldFacts(v.getNameAsString(), t, mods, guardedBy(n), pos(v)));
                }
                if (v.getInitializer().isPresent()) {
                    String owner = ctx == null ? "" : ctx.displayName;
                    CodeCtx code = new CodeCtx(owner + "." + v.getNameAsString(), codeStack.peek(), Map.of());
                    code.constructing = true; // field initializers run as part of construction
                    codeStack.push(code);
                    Expression init = v.getInitializer().get();
                    if (ctx != null) {
                        accessFacts.fieldInitializer(ctx.qualifiedName, v.getNameAsString(), init);
                    }
                    if (n.isPrivate()) {
                        Candidate c = privateFields.get(v.getNameAsString());
                        if (c != null) {
                            recordValue(c, StoredValue.How.INITIALIZER, init);
                        }
                    }
                    init.accept(this, arg);
                    finishCode(codeStack.pop());
                }
            }
        }

        private static int modifiers(NodeList<Modifier> modifiers) {
            int bits = 0;
            for (Modifier m : modifiers) {
                bits |= switch (m.getKeyword()) {
                    case PUBLIC -> java.lang.reflect.Modifier.PUBLIC;
                    case PRIVATE -> java.lang.reflect.Modifier.PRIVATE;
                    case PROTECTED -> java.lang.reflect.Modifier.PROTECTED;
                    case STATIC -> java.lang.reflect.Modifier.STATIC;
                    case FINAL -> java.lang.reflect.Modifier.FINAL;
                    case SYNCHRONIZED -> java.lang.reflect.Modifier.SYNCHRONIZED;
                    case VOLATILE -> java.lang.reflect.Modifier.VOLATILE;
                    case TRANSIENT -> java.lang.reflect.Modifier.TRANSIENT;
                    case NATIVE -> java.lang.reflect.Modifier.NATIVE;
                    case ABSTRACT -> java.lang.reflect.Modifier.ABSTRACT;
                    case STRICTFP -> java.lang.reflect.Modifier.STRICT;
                    default -> 0;
                };
            }
            return bits;
        }

        private void enterCallable(CallableDeclaration<?> n, String name, TypeName returnType, BlockStmt body) {
            TypeCtx ctx = typeStack.peek();
            Map<String, ClassOrInterfaceType> params = typeParameters(n.getTypeParameters());
            String owner = ctx == null ? "" : ctx.displayName;
            CodeCtx enclosing = codeStack.peek();
            // Code of an anonymous or local class is named after the member that contains it.
            String member = ctx != null && ctx.kind == TypeFacts.Kind.ANONYMOUS && enclosing != null
                    ? enclosing.member : owner + "." + name;
            CodeCtx code = new CodeCtx(member, enclosing, params);
            // Deserialization fills in an object nobody else can see yet, as a constructor does.
            code.constructing = n instanceof ConstructorDeclaration
                    || name.equals("readObject") || name.equals("readObjectNoData");
            if (enclosing != null && enclosing.deferred > 0) {
                code.deferred = 1; // handed to an executor or a thread, or kept: it runs later, without our locks
            } else if (ctx != null && ctx.kind == TypeFacts.Kind.ANONYMOUS && enclosing != null) {
                inherit(code, enclosing); // called on the spot, as a retry helper does: under our locks
            }
            code.thread = code.deferred > 0 ? null : confinement(n.getAnnotations(), ctx == null ? null : ctx.thread);
            boolean isStatic = n.getModifiers().stream().anyMatch(m -> m.getKeyword() == Modifier.Keyword.STATIC);
            if (ctx != null && n instanceof MethodDeclaration) {
                code.bodyType = ctx.qualifiedName;
                code.bodyMethod = name;
                code.declared = pos(n);
            }
            if (n.getModifiers().stream().anyMatch(m -> m.getKeyword() == Modifier.Keyword.SYNCHRONIZED) && ctx != null) {
                acquire(code, ctx.displayName + (isStatic ? ".class" : ".this"),
                        new LockRef(isStatic ? LockRef.Kind.CLASS : LockRef.Kind.THIS, ctx.qualifiedName,
                                ctx.displayName + (isStatic ? ".class" : ".this"), false, null, LockRef.Origin.NONE,
                                false, false, false, pos(n.getName())));
                concurrentTypes.add(ctx.qualifiedName);
            }
            codeStack.push(code);
            List<TypeName> parameterTypes = new ArrayList<>();
            boolean varargs = false;
            for (Parameter p : n.getParameters()) {
                TypeName t = typeName(p.getType());
                if (p.isVarArgs() && t != null) {
                    t = new TypeName(t.name(), t.dimensions() + 1, t.arguments(), t.typeVariable());
                    varargs = true;
                }
                parameterTypes.add(t == null ? UNTYPED : t);
                code.locals.put(p.getNameAsString(), declared(t));
                code.parameters.add(p.getNameAsString());
            }
            if (ctx != null) {
                int mods = modifiers(n.getModifiers());
                if (ctx.kind == TypeFacts.Kind.INTERFACE) {
                    mods |= java.lang.reflect.Modifier.PUBLIC;
                    // An interface method without a body is abstract: the one a lambda of the interface implements.
                    if (body == null && n instanceof MethodDeclaration m && !m.isDefault() && !m.isStatic() && !m.isPrivate()) {
                        mods |= java.lang.reflect.Modifier.ABSTRACT;
                    }
                }
                ctx.methods.add(new MethodFacts(name, List.copyOf(parameterTypes), returnType, mods, varargs,
                        body != null && catchesAll(body), false, null, pos(n)));
            }
        }

        @Override
        public void visit(MethodDeclaration n, Void arg) {
            if (guardedBy(n.getAnnotations()) != null) {
                // A method annotated @GuardedBy runs with that lock held by its callers: the accesses in it are
                // guarded by contract.
                Pos p = pos(n);
                suppressions.add(new Suppression(p.line(), p.endLine(), Set.of("guarded-by-violation")));
            }
            enterCallable(n, n.getNameAsString(), null, n.getBody().orElse(null));
            lifecycle.enterMethod(n);
            guardUses.method(n);
            TypeCtx ctx = typeStack.peek();
            int index = ctx == null ? -1 : ctx.methods.size() - 1;
            CodeCtx code = codeStack.peek();
            inlineRuns.enterMethod(n, code.bodyType == null ? null : LockBody.key(code.bodyType, code.bodyMethod, code.declared));
            super.visit(n, arg);
            // The return type is resolved in the method's own scope, and the summary of what the method
            // returns is known once its body has been walked.
            if (ctx != null) {
                MethodFacts m = ctx.methods.get(index);
                TypeName returnType = typeName(n.getType());
                // @CanIgnoreReturnValue (Error Prone's, or any package's), on the method or its class, says that
                // dropping the result is intended.
                boolean observed = code.returnsObserved
                        || !code.returnedLocals.isEmpty() && code.observedLocals.containsAll(code.returnedLocals)
                        || n.getAnnotationByName("CanIgnoreReturnValue").isPresent()
                        || n.getParentNode().filter(p -> p instanceof com.github.javaparser.ast.nodeTypes.NodeWithAnnotations<?> a
                                && a.getAnnotationByName("CanIgnoreReturnValue").isPresent()).isPresent();
                String delegate = code.returns == 1 && code.delegate != null ? code.delegate : null;
                ctx.methods.set(index, new MethodFacts(m.name(), m.parameterTypes(),
                        returnType == null ? UNTYPED : returnType, m.modifiers(), m.varargs(), m.catchesAll(),
                        observed, delegate, m.pos()));
            }
            lifecycle.exitUnit();
            if (n.getNameAsString().equals("close") && n.getParameters().isEmpty()) {
                objectFlow.closed(code.unlocked);
            }
            inlineRuns.exitMethod();
            finishCode(codeStack.pop());
        }

        @Override
        public void visit(com.github.javaparser.ast.stmt.ReturnStmt n, Void arg) {
            lifecycle.returned(n);
            CodeCtx code = codeStack.peek();
            if (code != null && code.lambdaDepth == 0 && n.getExpression().isPresent()) {
                code.returns++;
                Expression e = unwrap(n.getExpression().get());
                if (e instanceof NameExpr name) {
                    code.returnedLocals.add(name.getNameAsString());
                } else if (e instanceof MethodCallExpr call) {
                    if (OBSERVERS.contains(call.getNameAsString())) {
                        code.returnsObserved = true;
                    } else if (call.getScope().isEmpty() || call.getScope().get() instanceof ThisExpr) {
                        code.delegate = call.getNameAsString() + "/" + call.getArguments().size();
                    }
                }
            }
            super.visit(n, arg);
        }

        @Override
        public void visit(ConstructorDeclaration n, Void arg) {
            enterCallable(n, "<init>", null, n.getBody());
            lifecycle.enterConstructor(n);
            super.visit(n, arg);
            lifecycle.exitUnit();
            objectFlow.constructed(n, heldRefs(codeStack.peek()));
            finishCode(codeStack.pop());
        }

        @Override
        public void visit(CompactConstructorDeclaration n, Void arg) {
            TypeCtx ctx = typeStack.peek();
            String owner = ctx == null ? "" : ctx.displayName;
            codeStack.push(new CodeCtx(owner + ".<init>", codeStack.peek(), Map.of()));
            codeStack.peek().constructing = true;
            super.visit(n, arg);
            finishCode(codeStack.pop());
        }

        @Override
        public void visit(InitializerDeclaration n, Void arg) {
            TypeCtx ctx = typeStack.peek();
            String owner = ctx == null ? "" : ctx.displayName;
            codeStack.push(new CodeCtx(owner + (n.isStatic() ? ".<clinit>" : ".<init>"), codeStack.peek(), Map.of()));
            codeStack.peek().constructing = true;
            super.visit(n, arg);
            finishCode(codeStack.pop());
        }

        private void finishCode(CodeCtx code) {
            String bodyType = code.bodyType != null ? code.bodyType : scopeType();
            String bodyMethod = code.bodyMethod != null ? code.bodyMethod : code.member.substring(code.member.lastIndexOf('.') + 1);
            if (!code.ops.isEmpty()) {
                lockBodies.add(new LockBody(bodyType, bodyMethod, code.declared,
                        scopeType(), code.member, List.copyOf(code.ops), code.thread));
            }
            accessFacts.finishBody(code.ops, bodyType, bodyMethod, code.declared, scopeType(), code.member, code.thread,
                    code.deferred > 0, code.constructing, code.ops.isEmpty() ? -1 : lockBodies.size() - 1, null);
            // A method that locks and never unlocks (fullyLock()) hands the lock to its caller on purpose.
            for (LockMisuse m : code.pendingMisuses) {
                if (code.unlocked.contains(m.lock())) {
                    lockMisuses.add(m);
                }
            }
            code.finished.addAll(code.candidates.values());
            for (Candidate c : code.finished) {
                if (c.strongUses == 0 && !c.values.isEmpty()) {
                    stored.add(new StoredValue(StoredValue.Kind.LOCAL, c.name, c.declared, c.site,
                            List.copyOf(c.values), Set.copyOf(c.weakUses)));
                }
            }
        }

        // ---------------------------------------------------------------- locals

        private void declareLocal(String name, TypeName type, ValueRef value, Node node) {
            CodeCtx code = codeStack.peek();
            if (code == null) {
                return;
            }
            code.locals.put(name, value);
            Candidate previous = code.candidates.remove(name);
            if (previous != null) {
                code.finished.add(previous);
            }
            if (type == null || !type.isPrimitive()) {
                code.candidates.put(name, new Candidate(name, type, new Site(scopeType(), code.member, pos(node))));
            }
        }

        @Override
        public void visit(VariableDeclarationExpr n, Void arg) {
            n.getAnnotations().forEach(a -> a.accept(this, arg));
            for (VariableDeclarator v : n.getVariables()) {
                Type type = v.getType();
                TypeName t = type instanceof VarType ? null : typeName(type);
                ValueRef value = t != null ? new ValueRef.Declared(t)
                        : v.getInitializer().map(this::valueRef).orElse(ValueRef.UNKNOWN);
                // The initializer is walked before the name is in scope, as Java scopes it.
                v.getInitializer().ifPresent(i -> i.accept(this, arg));
                declareLocal(v.getNameAsString(), t, value, v);
                accessFacts.local(v);
                if (t == null || !t.isPrimitive()) {
                    v.getInitializer().ifPresent(i -> noteLocalLock(v.getNameAsString(), i, v));
                } else if (t.name().equals("long") && t.dimensions() == 0) {
                    v.getInitializer().ifPresent(this::stampedAcquire);
                }
                v.getInitializer().ifPresent(i -> {
                    Candidate c = codeStack.peek() == null ? null : codeStack.peek().candidates.get(v.getNameAsString());
                    if (c != null) {
                        recordValue(c, StoredValue.How.INITIALIZER, i);
                    }
                });
            }
        }

        @Override
        public void visit(Parameter n, Void arg) {
            // Parameters of lambdas, catch clauses and for-each loops; those of methods are declared on entry.
            Node parent = n.getParentNode().orElse(null);
            if (!(parent instanceof CallableDeclaration<?>)) {
                CodeCtx code = codeStack.peek();
                if (code != null) {
                    TypeName t = n.getType() instanceof com.github.javaparser.ast.type.UnknownType
                            || n.getType() instanceof VarType ? null : typeName(n.getType());
                    code.locals.put(n.getNameAsString(), t != null ? declared(t) : elementOf(n));
                    code.candidates.remove(n.getNameAsString());
                }
            }
            super.visit(n, arg);
        }

        @Override
        public void visit(TypePatternExpr n, Void arg) {
            CodeCtx code = codeStack.peek();
            if (code != null) {
                code.locals.put(n.getNameAsString(), declared(typeName(n.getType())));
            }
            super.visit(n, arg);
        }

        @Override
        public void visit(ForEachStmt n, Void arg) {
            n.getIterable().accept(this, arg);
            for (VariableDeclarator v : n.getVariable().getVariables()) {
                CodeCtx code = codeStack.peek();
                if (code != null) {
                    TypeName t = v.getType() instanceof VarType ? null : typeName(v.getType());
                    code.locals.put(v.getNameAsString(),
                            t == null ? new ValueRef.Element(valueRef(n.getIterable()), 0) : declared(t));
                    code.candidates.remove(v.getNameAsString());
                }
            }
            n.getBody().accept(this, arg);
        }

        private static ValueRef declared(TypeName t) {
            return t == null ? ValueRef.UNKNOWN : new ValueRef.Declared(t);
        }

        /**
         * What an untyped lambda parameter holds when the lambda is handed to a method that feeds it the
         * elements of its receiver: {@code pools.forEach(p -> ...)}, {@code map.forEach((k, v) -> ...)},
         * {@code maybe.ifPresent(p -> ...)}.
         */
        private ValueRef elementOf(Parameter p) {
            if (p.getParentNode().orElse(null) instanceof LambdaExpr lambda
                    && lambda.getParentNode().orElse(null) instanceof MethodCallExpr call
                    && call.getScope().isPresent() && ELEMENT_CALLBACKS.contains(call.getNameAsString())) {
                return new ValueRef.Element(valueRef(call.getScope().get()), lambda.getParameters().indexOf(p));
            }
            return ValueRef.UNKNOWN;
        }

        /**
         * The elements of a collection, stream or optional: the type argument of its type, or, for the common
         * {@code stream().map(x -> new Task(x))}, the type the mapping lambda creates.
         */
        private ValueRef elementRef(Expression source) {
            Expression e = unwrap(source);
            if (e instanceof MethodCallExpr map && map.getNameAsString().equals("map") && map.getArguments().size() == 1
                    && map.getArguments().get(0) instanceof LambdaExpr lambda
                    && lambda.getExpressionBody().map(FactExtractor::unwrap).orElse(null) instanceof ObjectCreationExpr made) {
                return valueRef(made);
            }
            return new ValueRef.Element(valueRef(source), 0);
        }

        /** What the local {@code name} holds, or null when no local of that name is in scope. */
        // JavaParser's generated visitor walks a node's children in alphabetical order of their properties: a
        // lambda's body before its parameters, a for loop's body before its initialization, a catch body
        // before its parameter. Scopes need source order, so these nodes are walked by hand.

        @Override
        public void visit(LambdaExpr n, Void arg) {
            n.getParameters().forEach(p -> p.accept(this, arg));
            CodeCtx code = codeStack.peek();
            boolean later = code != null && runsLater(n);
            ArrayList<Held> held = code == null ? null : code.held;
            List<LockOp> ops = code == null ? null : code.ops;
            if (code != null) {
                code.lambdaDepth++;
                if (later) {
                    code.deferred++;
                    code.held = new ArrayList<>(); // handed to another thread or kept: it runs without these locks
                    changed(code);
                    code.ops = new ArrayList<>();
                    markConcurrent();
                } else {
                    inlineRuns.inlineLambda(n);
                }
            }
            lifecycle.enterLambda(n);
            n.getBody().accept(this, arg);
            lifecycle.exitUnit();
            if (code != null) {
                code.lambdaDepth--;
                if (later) {
                    code.deferred--;
                    if (!code.ops.isEmpty()) {
                        // Runs on its own, with no lock held: only the calls of its interface's method that the
                        // program makes on it reach it (ObjectFlow's functions).
                        LockBody body = new LockBody(scopeType(), "lambda", pos(n), scopeType(), code.member,
                                List.copyOf(code.ops), null);
                        lockBodies.add(body);
                        objectFlow.function(n, body.key(), null, n.getParameters().size());
                    }
                    accessFacts.finishBody(code.ops, scopeType(), "lambda", null, scopeType(), code.member, null, true,
                            false, code.ops.isEmpty() ? -1 : lockBodies.size() - 1, n);
                    code.held = held;
                    changed(code);
                    code.ops = ops;
                }
            }
        }

        @Override
        public void visit(SynchronizedStmt n, Void arg) {
            lockValues.synchronizedOn(n);
            namingLock++;
            n.getExpression().accept(this, arg);
            namingLock--;
            CodeCtx code = codeStack.peek();
            if (code == null) {
                n.getBody().accept(this, arg);
                return;
            }
            markConcurrent();
            String name = lockName(n.getExpression());
            acquire(code, name, lockRef(n.getExpression(), pos(n.getExpression()), false));
            n.getBody().accept(this, arg);
            release(code, name);
        }

        @Override
        public void visit(IfStmt n, Void arg) {
            guardPatterns(n);
            n.getCondition().accept(this, arg);
            CodeCtx code = codeStack.peek();
            Expression condition = unwrap(n.getCondition());
            boolean monitor = condition instanceof MethodCallExpr m && m.getScope().isPresent()
                    && Monitors.tries(m.getNameAsString(), m.getArguments().size());
            String tried = code != null && condition instanceof MethodCallExpr call && (isLockCall(call, "tryLock") || monitor)
                    ? lockName(call.getScope().get()) : null;
            if (tried != null) {
                markConcurrent();
                // A monitor's enterIf(guard) waits for the monitor, only the guard may make it give up.
                boolean trying = !monitor || !Monitors.WAITING_TRIES.contains(((MethodCallExpr) condition).getNameAsString());
                acquire(code, tried, lockRef(((MethodCallExpr) condition).getScope().get(), pos(condition), trying)
                        .byLockCall());
            }
            MethodCallExpr stampTry = code == null || tried != null ? null : Syntax.stampTry(condition, n, () -> {
                if (fileTriesStamps == null) {
                    fileTriesStamps = n.findCompilationUnit().map(Syntax::callsStampTry).orElse(true);
                }
                return fileTriesStamps;
            });
            if (stampTry != null) {
                markConcurrent();
                boolean read = stampTry.getNameAsString().startsWith("tryRead");
                Expression lock = stampTry.getScope().get();
                LockRef base = lockRef(lock, pos(stampTry), true);
                tried = lockName(lock) + (read ? " (read)" : "");
                acquire(code, tried, new LockRef(base.kind(), base.owner(), base.name(), read, base.value(),
                        base.origin(), base.ordered(), true, true, pos(stampTry)));
            }
            n.getThenStmt().accept(this, arg);
            if (tried != null) {
                release(code, tried);
            }
            n.getElseStmt().ifPresent(e -> e.accept(this, arg));
            // if (!lock.tryLock()) return false;  -- past this statement the lock is held
            if (code != null && condition instanceof UnaryExpr not
                    && not.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT
                    && unwrap(not.getExpression()) instanceof MethodCallExpr attempt
                    && isLockCall(attempt, "tryLock") && n.getElseStmt().isEmpty() && exits(n.getThenStmt())) {
                markConcurrent();
                acquire(code, lockName(attempt.getScope().get()), lockRef(attempt.getScope().get(), pos(attempt), true)
                        .byLockCall());
            }
        }

        /** Whether a statement always leaves the enclosing block: a return or throw, alone or last in a block. */
        private static boolean exits(Statement st) {
            if (st instanceof BlockStmt b) {
                return !b.getStatements().isEmpty() && exits(b.getStatements().getLast().get());
            }
            return st instanceof com.github.javaparser.ast.stmt.ReturnStmt || st instanceof ThrowStmt;
        }

        @Override
        public void visit(com.github.javaparser.ast.stmt.ForStmt n, Void arg) {
            n.getInitialization().forEach(e -> e.accept(this, arg));
            n.getCompare().ifPresent(e -> e.accept(this, arg));
            n.getUpdate().forEach(e -> e.accept(this, arg));
            n.getBody().accept(this, arg);
        }

        @Override
        public void visit(CatchClause n, Void arg) {
            lifecycle.catchClause(n);
            n.getParameter().accept(this, arg);
            n.getBody().accept(this, arg);
        }

        @Override
        public void visit(com.github.javaparser.ast.stmt.SwitchEntry n, Void arg) {
            n.getLabels().forEach(e -> e.accept(this, arg));
            n.getGuard().ifPresent(e -> e.accept(this, arg));
            n.getStatements().forEach(st -> st.accept(this, arg));
        }

        private ValueRef localType(String name) {
            for (CodeCtx c = codeStack.peek(); c != null; c = c.enclosing) {
                ValueRef t = c.locals.get(name);
                if (t != null) {
                    return t;
                }
            }
            return null;
        }

        private Candidate localCandidate(String name) {
            for (CodeCtx c = codeStack.peek(); c != null; c = c.enclosing) {
                if (c.locals.containsKey(name)) {
                    return c.candidates.get(name);
                }
            }
            return null;
        }

        /** The candidate a simple name refers to: a local if one is in scope, else a private field. */
        private Candidate candidateFor(String name) {
            if (localType(name) != null) {
                return localCandidate(name);
            }
            return privateFields.get(name);
        }

        private void recordValue(Candidate c, StoredValue.How how, Expression value) {
            Expression e = unwrap(value);
            if (e instanceof MethodCallExpr call) {
                c.values.add(new StoredValue.Assignment(how, callRef(call), call.getScope().map(FactExtractor::text).orElse(""),
                        chainText(call), arguments(call), taskShape(call),
                        new Site(scopeType(), currentMember(), pos(call))));
            }
        }

        private String scopeType() {
            TypeCtx t = typeStack.peek();
            return t == null ? "" : t.qualifiedName;
        }

        private String currentMember() {
            CodeCtx c = codeStack.peek();
            return c == null ? "" : c.member;
        }

        // ---------------------------------------------------------------- uses

        @Override
        public void visit(NameExpr n, Void arg) {
            use(n.getNameAsString(), n);
            accessFacts.expression(n);
            inlineRuns.name(n);
            if (localType(n.getNameAsString()) == null) {
                TypeCtx owner = fieldOwner(n.getNameAsString());
                if (owner != null) {
                    recordAccess(owner, n.getNameAsString(), n);
                }
            }
        }

        private void recordAccess(TypeCtx owner, String field, Expression node) {
            CodeCtx code = codeStack.peek();
            if (code == null || namingLock > 0) {
                return;
            }
            Node parent = node.getParentNode().orElse(null);
            FieldAccess.Kind kind = FieldAccess.Kind.READ;
            if (parent instanceof AssignExpr a && a.getTarget() == node) {
                kind = a.getOperator() != AssignExpr.Operator.ASSIGN || mentionsField(a.getValue(), field)
                        ? FieldAccess.Kind.READ_WRITE : FieldAccess.Kind.WRITE; // x = x + 1 reads as well
            } else if (parent instanceof UnaryExpr u && (u.getOperator() == UnaryExpr.Operator.PREFIX_INCREMENT
                    || u.getOperator() == UnaryExpr.Operator.PREFIX_DECREMENT
                    || u.getOperator() == UnaryExpr.Operator.POSTFIX_INCREMENT
                    || u.getOperator() == UnaryExpr.Operator.POSTFIX_DECREMENT)) {
                kind = FieldAccess.Kind.READ_WRITE;
            }
            fieldAccesses.add(new FieldAccess(owner.qualifiedName, field, kind, heldNames(code), context(code),
                    new Site(scopeType(), currentMember(), pos(node)), heldRefs(code)));
            if (kind == FieldAccess.Kind.READ) {
                guardUses.read(owner.qualifiedName, field, node);
            }
        }

        /**
         * Whether an expression reads the field of this name, as in the {@code x + 1} of {@code x = x + 1};
         * in {@code this.x = x} the {@code x} is a parameter, not the field.
         */
        private boolean mentionsField(Expression e, String name) {
            if (e instanceof NameExpr n) {
                return n.getNameAsString().equals(name) && localType(name) == null;
            }
            if (e instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr) {
                return f.getNameAsString().equals(name);
            }
            if (e instanceof LambdaExpr) {
                return false;
            }
            for (Node child : e.getChildNodes()) {
                if (child instanceof Expression c && mentionsField(c, name)) {
                    return true;
                }
            }
            return false;
        }

        private static FieldAccess.Context context(CodeCtx code) {
            if (code.deferred > 0) {
                return FieldAccess.Context.DEFERRED;
            }
            return code.constructing && code.lambdaDepth == 0 ? FieldAccess.Context.CONSTRUCTOR : FieldAccess.Context.NORMAL;
        }

        @Override
        public void visit(FieldAccessExpr n, Void arg) {
            n.getScope().accept(this, arg);
            accessFacts.expression(n);
            if (n.getScope() instanceof ThisExpr t) {
                TypeCtx owner = t.getTypeName().isEmpty() ? typeStack.peek() : null;
                if (owner == null) {
                    String outer = t.getTypeName().map(x -> x.asString()).orElse("");
                    for (TypeCtx x : typeStack) {
                        if (x.displayName.equals(outer) || x.displayName.endsWith("." + outer)) {
                            owner = x;
                            break;
                        }
                    }
                }
                if (owner != null) {
                    recordAccess(owner, n.getNameAsString(), n);
                }
            }
            Candidate c = privateFields.get(n.getNameAsString());
            if (c != null) {
                classifyUse(c, n);
            }
        }

        private void use(String name, Expression node) {
            Candidate c = candidateFor(name);
            if (c != null) {
                classifyUse(c, node);
            }
        }

        private void classifyUse(Candidate c, Expression node) {
            Node parent = node.getParentNode().orElse(null);
            if (parent instanceof com.github.javaparser.ast.expr.BinaryExpr b
                    && (b.getOperator() == com.github.javaparser.ast.expr.BinaryExpr.Operator.EQUALS
                    || b.getOperator() == com.github.javaparser.ast.expr.BinaryExpr.Operator.NOT_EQUALS)
                    && (b.getLeft().isNullLiteralExpr() || b.getRight().isNullLiteralExpr())) {
                c.weakUses.add("== null");
                return;
            }
            if (parent instanceof MethodCallExpr call && call.getScope().filter(s -> s == node).isPresent()
                    && WEAK_USES.contains(call.getNameAsString())) {
                c.weakUses.add(call.getNameAsString());
                return;
            }
            c.strongUses++;
        }

        @Override
        public void visit(AssignExpr n, Void arg) {
            lifecycle.assignment(n);
            accessFacts.assignment(n);
            lockValues.assignment(n);
            objectFlow.assignment(n);
            Expression target = n.getTarget();
            boolean plain = n.getOperator() == AssignExpr.Operator.ASSIGN;
            Candidate c = null;
            if (plain && target instanceof NameExpr name) {
                c = candidateFor(name.getNameAsString());
                TypeCtx owner = localType(name.getNameAsString()) == null ? fieldOwner(name.getNameAsString()) : null;
                if (owner == null && localType(name.getNameAsString()) != null) {
                    noteLocalLock(name.getNameAsString(), n.getValue(), n);
                }
                if (owner != null) {
                    recordAccess(owner, name.getNameAsString(), name);
                }
            } else if (plain && target instanceof FieldAccessExpr field && field.getScope() instanceof ThisExpr) {
                c = privateFields.get(field.getNameAsString());
                if (field.getScope() instanceof ThisExpr t && t.getTypeName().isEmpty() && typeStack.peek() != null) {
                    recordAccess(typeStack.peek(), field.getNameAsString(), field);
                }
            } else {
                target.accept(this, arg);
            }
            if (c != null) {
                recordValue(c, StoredValue.How.ASSIGNMENT, n.getValue());
            }
            n.getValue().accept(this, arg);
        }

        @Override
        public void visit(MethodCallExpr n, Void arg) {
            guardAct(n);
            lifecycle.call(n);
            pools.call(n);
            sharing.call(n);
            cancels.call(n);
            accessFacts.call(n);
            String name = n.getNameAsString();
            Optional<Expression> scope = n.getScope();
            CodeCtx calling = codeStack.peek();
            if (calling != null) {
                lockStep(n, calling);
            }
            if (calling != null && (scope.isEmpty() || scope.get() instanceof ThisExpr t && t.getTypeName().isEmpty())) {
                for (TypeCtx t : typeStack) {
                    Set<String> methods = declaredMethods.get(t.qualifiedName);
                    if (methods != null && methods.contains(name)) {
                        FieldAccess.Context c = context(calling);
                        callsUnderLock.add(new CallUnderLock(t.qualifiedName, name, n.getArguments().size(),
                                heldNames(calling), CallUnderLock.Context.valueOf(c.name()),
                                new Site(scopeType(), currentMember(), pos(n))));
                        break;
                    }
                }
            }
            if (scope.isPresent() && scope.get() instanceof NameExpr observed && OBSERVERS.contains(name)
                    && codeStack.peek() != null) {
                codeStack.peek().observedLocals.add(observed.getNameAsString());
            }
            if (VOID_LAMBDA_TARGETS.contains(name)) {
                for (Expression a : n.getArguments()) {
                    // JavaParser reads the name before :: as a type; the index tries it as a field first.
                    if (a instanceof MethodReferenceExpr ref && !ref.getIdentifier().equals("new")) {
                        // jobs.forEach(executor::submit) calls submit once per job and drops each result.
                        ValueRef.Call call = new ValueRef.Call(valueRef(ref.getScope()), ref.getIdentifier(), 1);
                        String target = text(ref.getScope());
                        // What the method is called with: each element of the receiver of forEach.
                        List<Argument> each = scope.isPresent()
                                ? List.of(new Argument(elementRef(scope.get()), true)) : List.of();
                        discarded.add(new DiscardedCall(new Site(scopeType(), currentMember(), pos(ref)), call, target,
                                target + "::" + ref.getIdentifier(), each, TaskShape.OPAQUE, null));
                    }
                }
            }
            if (scope.isPresent() && (name.equals("take") || name.equals("poll"))) {
                // A local is drained only in its own method; a field anywhere in its type.
                boolean local = scope.get() instanceof NameExpr target && localType(target.getNameAsString()) != null;
                completionTakers.add(scopeType() + "#" + (local ? currentMember() + "#" : "") + text(scope.get()));
            }
            if (scope.isPresent() && scope.get() instanceof NameExpr target && WEAK_USES.contains(name)) {
                Candidate c = candidateFor(target.getNameAsString());
                boolean adds = name.startsWith("add") || name.equals("put") || name.equals("offer") || name.equals("push");
                if (c != null && adds) {
                    for (Expression a : n.getArguments()) {
                        recordValue(c, StoredValue.How.ADDED, a);
                    }
                }
            }
            super.visit(n, arg);
        }

        // ---------------------------------------------------------------- statements

        @Override
        public void visit(ExpressionStmt n, Void arg) {
            if (n.getExpression() instanceof MethodCallExpr call && codeStack.peek() != null && !yieldsValue(n)) {
                // acquireLock(); ... releaseLock(): a call of a method of this class that only takes (or only
                // releases) one of its locks is that lock step here, so the code between holds the lock.
                MethodCallExpr step = lockWrapperStep(call);
                if (step != null) {
                    super.visit(n, arg);
                    CodeCtx code = codeStack.peek();
                    Expression lock = step.getScope().get();
                    if (step.getNameAsString().equals("unlock")) {
                        release(code, lockName(lock));
                    } else {
                        markConcurrent();
                        acquire(code, lockName(lock), lockRef(lock, pos(call), false).byLockCall());
                    }
                    return;
                }
            }
            if (n.getExpression() instanceof MethodCallExpr call && call.getScope().isPresent()
                    && codeStack.peek() != null && !yieldsValue(n)) {
                String name = call.getNameAsString();
                CodeCtx code = codeStack.peek();
                if (isLockCall(call, "lock") || isLockCall(call, "lockInterruptibly")) {
                    super.visit(n, arg);
                    String lock = lockName(call.getScope().get());
                    markConcurrent();
                    acquire(code, lock, lockRef(call.getScope().get(), pos(call), false).byLockCall());
                    if (!unlockedInFinallyNext(n, call.getScope().get()) && !relockAfterRelease(n, call.getScope().get())) {
                        LockMisuse.Kind kind = lockedFirstInTryThatUnlocks(n, call.getScope().get())
                                ? LockMisuse.Kind.LOCK_INSIDE_TRY : LockMisuse.Kind.NO_FINALLY_UNLOCK;
                        code.pendingMisuses.add(new LockMisuse(kind, lock, new Site(scopeType(), currentMember(), pos(call)),
                                lockRef(call.getScope().get(), pos(call), false).byLockCall()));
                    }
                    return;
                }
                if (Monitors.enters(name, call.getArguments().size())) {
                    // Guava's monitor.enter() ... monitor.leave(): a lock step if the receiver is a Monitor (LockSteps)
                    super.visit(n, arg);
                    markConcurrent();
                    acquire(code, lockName(call.getScope().get()), lockRef(call.getScope().get(), pos(call), false).byLockCall());
                    return;
                }
                if (name.equals(Monitors.LEAVE) && call.getArguments().isEmpty()) {
                    super.visit(n, arg);
                    release(code, lockName(call.getScope().get()));
                    return;
                }
                if (STAMPED_UNLOCKS.contains(name) && call.getArguments().size() == 1) {
                    super.visit(n, arg);
                    // sl.unlockWrite(stamp), sl.unlockRead(stamp), sl.unlock(stamp): a StampedLock's release
                    String lock = lockName(call.getScope().get());
                    if (name.equals("unlockRead") || name.equals("unlock") && !heldNames(code).contains(lock)) {
                        lock = lock + " (read)";
                    }
                    release(code, lock);
                    return;
                }
                if (isLockCall(call, "unlock")) {
                    super.visit(n, arg);
                    release(code, lockName(call.getScope().get()));
                    // An unlock made only on some paths (release on failure: `if (stopped) { unlock(); return
                    // false; }`) leaves the lock held on the others, for the caller: an acquiring helper.
                    if (!conditional(n)) {
                        code.unlocked.add(lockName(call.getScope().get()));
                    }
                    return;
                }
                if (isLockCall(call, "tryLock")) {
                    lockMisuses.add(new LockMisuse(LockMisuse.Kind.TRY_LOCK_IGNORED, lockName(call.getScope().get()),
                            new Site(scopeType(), currentMember(), pos(call)),
                            lockRef(call.getScope().get(), pos(call), true).byLockCall()));
                }
            }
            if (n.getExpression() instanceof MethodCallExpr call && !yieldsValue(n)) {
                ValueRef.Call ref = callRef(call);
                String target = call.getScope().map(FactExtractor::text).orElse("");
                discarded.add(new DiscardedCall(new Site(scopeType(), currentMember(), pos(call)), ref, target,
                        chainText(call), arguments(call), taskShape(call), catchAround.get(call)));
            }
            super.visit(n, arg);
        }

        /**
         * The lock step a call stands for when it calls, without arguments and on this object, a private or
         * final method of an enclosing class whose whole body is one {@code lock()},
         * {@code lockInterruptibly()} or {@code unlock()} of a lock named by a field ({@code lock.lock()},
         * {@code rw.writeLock().lock()}): that call; null for any other call.
         */
        /** Per type declaration of this file, its methods by name: what {@link #lockWrapperStep} looks up. */
        private final Map<TypeDeclaration<?>, Map<String, List<MethodDeclaration>>> methodsByName =
                new IdentityHashMap<>();

        private MethodCallExpr lockWrapperStep(MethodCallExpr call) {
            if (!call.getArguments().isEmpty()
                    || call.getScope().isPresent() && !call.getScope().get().isThisExpr()) {
                return null;
            }
            String name = call.getNameAsString();
            for (Node p = call.getParentNode().orElse(null); p != null; p = p.getParentNode().orElse(null)) {
                if (!(p instanceof TypeDeclaration<?> type)) {
                    continue;
                }
                List<MethodDeclaration> named = methodsByName.computeIfAbsent(type, t -> {
                    Map<String, List<MethodDeclaration>> byName = new HashMap<>();
                    for (MethodDeclaration m : t.getMethods()) {
                        byName.computeIfAbsent(m.getNameAsString(), k -> new ArrayList<>()).add(m);
                    }
                    return byName;
                }).getOrDefault(name, List.of());
                if (named.isEmpty()) {
                    continue; // the call is to a method of an outer class
                }
                if (named.size() != 1) {
                    return null;
                }
                MethodDeclaration m = named.get(0);
                if (!m.getParameters().isEmpty() || m.isStatic() || !(m.isPrivate() || m.isFinal())
                        || m.getBody().isEmpty() || m.getBody().get().getStatements().size() != 1
                        || !(m.getBody().get().getStatement(0) instanceof ExpressionStmt only)
                        || !(only.getExpression() instanceof MethodCallExpr inner)) {
                    return null;
                }
                boolean step = isLockCall(inner, "lock") || isLockCall(inner, "lockInterruptibly")
                        || isLockCall(inner, "unlock");
                return step && namesAField(inner.getScope().get()) ? inner : null;
            }
            return null;
        }

        /** {@code lock}, {@code this.lock}, {@code rw.writeLock()}, {@code this.rw.readLock()}. */
        private static boolean namesAField(Expression e) {
            if (e instanceof MethodCallExpr side && side.getArguments().isEmpty()
                    && (side.getNameAsString().equals("readLock") || side.getNameAsString().equals("writeLock"))
                    && side.getScope().isPresent()) {
                e = side.getScope().get();
            }
            return e.isNameExpr() || e.isFieldAccessExpr() && e.asFieldAccessExpr().getScope().isThisExpr();
        }

        /**
         * Whether a call has the shape of a method of {@code java.util.concurrent.locks.Lock}: {@code lock()},
         * {@code lockInterruptibly()}, {@code unlock()}, {@code tryLock()} or {@code tryLock(time, unit)} on a
         * receiver. A domain method {@code lock(key)} is no lock step; whether the receiver's type is a lock is
         * decided by the program model, which has the types.
         */
        static boolean isLockCall(MethodCallExpr call, String method) {
            if (call.getScope().isEmpty() || !call.getNameAsString().equals(method)) {
                return false;
            }
            int args = call.getArguments().size();
            return args == 0 || method.equals("tryLock") && args == 2;
        }

        /**
         * Whether {@code lockStatement} takes a lock back in the finally of a try that follows its release:
         * {@code lock.unlock(); try { ... } finally { lock.lock(); }} lets others in for a while, and the
         * caller's own finally releases the lock again.
         */
        private static boolean relockAfterRelease(ExpressionStmt lockStatement, Expression lock) {
            if (!(lockStatement.getParentNode().orElse(null) instanceof BlockStmt block)
                    || !(block.getParentNode().orElse(null) instanceof TryStmt tryStmt)
                    || tryStmt.getFinallyBlock().orElse(null) != block
                    || !(tryStmt.getParentNode().orElse(null) instanceof BlockStmt outer)) {
                return false;
            }
            int at = outer.getStatements().indexOf(tryStmt);
            String name = text(lock).replaceFirst("^this\\.", "");
            return at > 0 && outer.getStatements().get(at - 1) instanceof ExpressionStmt previous
                    && previous.getExpression() instanceof MethodCallExpr call && isLockCall(call, "unlock")
                    && text(call.getScope().get()).replaceFirst("^this\\.", "").equals(name);
        }

        /** Whether the statement after {@code lockStatement} is a try whose finally unlocks {@code lock}. */
        private static boolean unlockedInFinallyNext(ExpressionStmt lockStatement, Expression lock) {
            Node parent = lockStatement.getParentNode().orElse(null);
            NodeList<Statement> statements = parent instanceof BlockStmt block ? block.getStatements()
                    : parent instanceof com.github.javaparser.ast.stmt.SwitchEntry entry ? entry.getStatements() : null;
            if (statements == null) {
                return false;
            }
            int at = statements.indexOf(lockStatement) + 1;
            // boolean done = false; between lock() and try cannot throw, so the lock is still released.
            while (at > 0 && at < statements.size() && cannotThrow(statements.get(at))) {
                at++;
            }
            if (at <= 0 || at >= statements.size()
                    || !(statements.get(at) instanceof TryStmt next) || next.getFinallyBlock().isEmpty()) {
                return false;
            }
            String name = text(lock).replaceFirst("^this\\.", "");
            for (Statement st : next.getFinallyBlock().get().getStatements()) {
                if (st instanceof ExpressionStmt e && e.getExpression() instanceof MethodCallExpr call
                        && call.getNameAsString().equals("unlock")
                        && call.getScope().map(x -> text(x).replaceFirst("^this\\.", "").equals(name)).orElse(false)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether {@code lockStatement} opens a try block whose finally unlocks the same lock. */
        private static boolean lockedFirstInTryThatUnlocks(ExpressionStmt lockStatement, Expression lock) {
            if (!(lockStatement.getParentNode().orElse(null) instanceof BlockStmt block)
                    || block.getStatements().isEmpty() || block.getStatements().get(0) != lockStatement
                    || !(block.getParentNode().orElse(null) instanceof TryStmt tryStmt)
                    || tryStmt.getTryBlock() != block || tryStmt.getFinallyBlock().isEmpty()) {
                return false;
            }
            String name = text(lock).replaceFirst("^this\\.", "");
            for (Statement st : tryStmt.getFinallyBlock().get().getStatements()) {
                if (st instanceof ExpressionStmt e && e.getExpression() instanceof MethodCallExpr call
                        && call.getNameAsString().equals("unlock")
                        && call.getScope().map(x -> text(x).replaceFirst("^this\\.", "").equals(name)).orElse(false)) {
                    return true;
                }
            }
            return false;
        }

        /** A local declaration whose initializers are literals or names: nothing in it can throw. */
        private static boolean cannotThrow(Statement st) {
            if (!(st instanceof ExpressionStmt e) || !(e.getExpression() instanceof VariableDeclarationExpr decl)) {
                return false;
            }
            for (VariableDeclarator v : decl.getVariables()) {
                if (v.getInitializer().isPresent() && !(v.getInitializer().get().isLiteralExpr()
                        || v.getInitializer().get().isNameExpr())) {
                    return false;
                }
            }
            return true;
        }

        /**
         * A lock as a reader names it: {@code Account.this}, {@code Account.class}, {@code Account.lock} for a
         * field, {@code Account.rw (read)} for a read lock; other expressions as written.
         */
        private String lockName(Expression lock) {
            Expression e = unwrap(lock);
            TypeCtx type = typeStack.peek();
            String owner = type == null ? "" : type.displayName;
            if (e instanceof ThisExpr t) {
                return t.getTypeName().map(x -> x.asString()).orElse(owner) + ".this";
            }
            if (e instanceof ClassExpr c) {
                return c.getType().asString() + ".class";
            }
            if (e instanceof MethodCallExpr call && call.getScope().isPresent() && call.getArguments().isEmpty()
                    && (call.getNameAsString().equals("readLock") || call.getNameAsString().equals("writeLock"))) {
                String rw = lockName(call.getScope().get());
                return call.getNameAsString().equals("readLock") ? rw + " (read)" : rw;
            }
            String field = e instanceof NameExpr name && localType(name.getNameAsString()) == null ? name.getNameAsString()
                    : e instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr ? f.getNameAsString() : null;
            if (field != null) {
                TypeCtx declaring = fieldOwner(field);
                TypeCtx t = declaring == null ? type : declaring;
                String side = t == null ? null : lockSides.get(t.qualifiedName + "#" + field);
                String base = (t == null ? owner : t.displayName) + ".";
                return side != null ? base + side : base + field;
            }
            return text(e);
        }

        // ---------------------------------------------------------------- lock order

        /** Calls that take or release locks themselves, or wake waiters: recorded as lock steps or not at all. */
        private static final Set<String> LOCK_CALLS = Set.of("lock", "unlock", "tryLock", "lockInterruptibly");

        /** A {@code StampedLock}'s methods that take it and return a stamp. */
        private static final Set<String> STAMPED_LOCKS = Set.of("writeLock", "readLock", "writeLockInterruptibly",
                "readLockInterruptibly");
        /** A {@code StampedLock}'s methods that release it, given the stamp. */
        private static final Set<String> STAMPED_UNLOCKS = Set.of("unlockWrite", "unlockRead", "unlock");

        /**
         * {@code long stamp = sl.writeLock();} takes a {@code StampedLock} (its read side for {@code readLock()})
         * until {@code sl.unlockWrite(stamp)}. Only a stamp kept in a {@code long} counts: a
         * {@code ReadWriteLock}'s {@code writeLock()} returns a lock, not a stamp. The program model keeps the
         * step only when the receiver's type is a lock.
         */
        private void stampedAcquire(Expression value) {
            CodeCtx code = codeStack.peek();
            if (code == null || !(unwrap(value) instanceof MethodCallExpr call) || call.getScope().isEmpty()
                    || !call.getArguments().isEmpty() || !STAMPED_LOCKS.contains(call.getNameAsString())) {
                return;
            }
            boolean read = call.getNameAsString().startsWith("read");
            Expression lock = call.getScope().get();
            LockRef base = lockRef(lock, pos(call), false);
            markConcurrent();
            acquire(code, lockName(lock) + (read ? " (read)" : ""), new LockRef(base.kind(), base.owner(), base.name(),
                    read, base.value(), base.origin(), base.ordered(), false, true, pos(call)));
        }

        /** Annotations that confine code to the main (UI) thread, of any package. */
        private static final Set<String> MAIN_THREAD = Set.of("UiThread", "MainThread");
        /** Annotations that let several threads run code. */
        private static final Set<String> ANY_THREAD = Set.of("WorkerThread", "AnyThread", "BinderThread");

        /**
         * The one thread annotations confine code to: {@code "main"} for {@code @UiThread}, {@code @MainThread}
         * or {@code @ThreadConfined("UI")}/{@code @ThreadConfined(ThreadConfined.UI)}; null for annotations that
         * let several threads in; {@code inherited} (the enclosing type's) when none of these is present.
         */
        private static String confinement(NodeList<AnnotationExpr> annotations, String inherited) {
            for (AnnotationExpr a : annotations) {
                String name = a.getName().getIdentifier();
                if (MAIN_THREAD.contains(name)) {
                    return "main";
                }
                if (ANY_THREAD.contains(name)) {
                    return null;
                }
                if (name.equals("ThreadConfined")) {
                    String value = a instanceof SingleMemberAnnotationExpr single ? text(single.getMemberValue())
                            : a instanceof NormalAnnotationExpr normal ? normal.getPairs().stream()
                            .filter(p -> p.getNameAsString().equals("value")).map(p -> text(p.getValue()))
                            .findFirst().orElse("") : "";
                    return value.toUpperCase(java.util.Locale.ROOT).matches(".*\\b(UI|MAIN)\\b.*") ? "main" : null;
                }
            }
            return inherited;
        }

        /** Takes a lock: records the step with the locks already held, then holds it. */
        private void acquire(CodeCtx code, String name, LockRef ref) {
            code.ops.add(new LockOp(LockOp.Kind.ACQUIRE, ref, null, heldRefs(code), ref.pos().line(), ref.pos().column()));
            code.held.add(new Held(ref, name));
            changed(code);
        }

        /** Releases the innermost hold of a lock, if this code holds it. */
        private static void release(CodeCtx code, String name) {
            for (int i = code.held.size() - 1; i >= 0; i--) {
                if (name.equals(code.held.get(i).name())) {
                    code.held.remove(i);
                    changed(code);
                    return;
                }
            }
        }

        /** Code run on the spot by other code (an anonymous class called at once) holds its locks. */
        private static void inherit(CodeCtx code, CodeCtx from) {
            code.held.addAll(from.held);
            changed(code);
        }

        private static void changed(CodeCtx code) {
            code.heldSnapshot = null;
            code.namesSnapshot = null;
        }

        /** The locks held, outermost first, as the lock model names them (try-with-resources resources included). */
        private static List<LockRef> heldRefs(CodeCtx code) {
            if (code.heldSnapshot == null) {
                LockRef[] refs = new LockRef[code.held.size()];
                for (int i = 0; i < refs.length; i++) {
                    refs[i] = code.held.get(i).ref();
                }
                code.heldSnapshot = List.of(refs);
            }
            return code.heldSnapshot;
        }

        /** The locks held, outermost first, as the guard rules name them: derived from the one stack. */
        private static List<String> heldNames(CodeCtx code) {
            if (code.namesSnapshot == null) {
                List<String> names = new ArrayList<>(code.held.size());
                for (Held h : code.held) {
                    if (h.name() != null) {
                        names.add(h.name());
                    }
                }
                code.namesSnapshot = List.copyOf(names);
            }
            return code.namesSnapshot;
        }

        /** Records a call, or a wait on a monitor, as a step of the lock-order graph. */
        private void lockStep(MethodCallExpr n, CodeCtx code) {
            String name = n.getNameAsString();
            if (LOCK_CALLS.contains(name) && isLockCall(n, name)) {
                return;
            }
            Optional<Expression> scope = n.getScope().map(FactExtractor::unwrap);
            Pos at = pos(n);
            boolean waits = name.equals("wait") && n.getArguments().size() <= 2;
            boolean wakes = (name.equals("notify") || name.equals("notifyAll")) && n.getArguments().isEmpty();
            if ((waits || wakes)
                    && (scope.isEmpty() || !(scope.get() instanceof SuperExpr) && !(scope.get() instanceof TypeExpr))) {
                LockRef monitor = scope.isEmpty() ? thisRef(at) : lockRef(scope.get(), at, false);
                code.ops.add(new LockOp(waits ? LockOp.Kind.WAIT : LockOp.Kind.NOTIFY, monitor, null, heldRefs(code),
                        at.line(), at.column()));
                return;
            }
            LockRef receiver = null;
            if (!code.held.isEmpty() && scope.isPresent() && scope.get() instanceof NameExpr v
                    && localType(v.getNameAsString()) != null) {
                receiver = lockRef(v, at, false);
            }
            code.ops.add(new LockOp(LockOp.Kind.CALL, receiver, callRef(n), heldRefs(code), at.line(), at.column()));
            // list.forEach(this::write) calls write() here, under these locks, as the same code as a lambda does.
            for (Expression a : n.getArguments()) {
                if (a instanceof MethodReferenceExpr ref && !ref.getIdentifier().equals("new") && !runsLater(a)
                        && (ref.getScope() instanceof ThisExpr || ref.getScope() instanceof NameExpr)) {
                    ValueRef target = valueRef(ref.getScope());
                    Pos where = pos(ref);
                    // The functional interface is not known here: a Consumer passes one argument, a BiConsumer two.
                    for (int arguments = 1; arguments <= 2; arguments++) {
                        code.ops.add(new LockOp(LockOp.Kind.CALL, null,
                                new ValueRef.Call(target, ref.getIdentifier(), arguments), heldRefs(code),
                                where.line(), where.column()));
                    }
                }
            }
        }

        private LockRef thisRef(Pos at) {
            TypeCtx t = typeStack.peek();
            return new LockRef(LockRef.Kind.THIS, t == null ? "" : t.qualifiedName,
                    (t == null ? "" : t.displayName) + ".this", false, null, LockRef.Origin.NONE, false, false, false, at);
        }

        /**
         * A lock as the lock-order graph names it: the monitor of {@code this}, a class, a field of this object
         * (directly, through a local alias or one side of a read/write lock), or another expression whose type
         * the index resolves.
         */
        private LockRef lockRef(Expression lock, Pos at, boolean trying) {
            Expression e = unwrap(lock);
            if (e instanceof ThisExpr t) {
                TypeCtx owner = typeStack.peek();
                if (t.getTypeName().isPresent()) {
                    String simple = t.getTypeName().get().getIdentifier();
                    owner = null;
                    for (TypeCtx c : typeStack) {
                        if (c.qualifiedName.equals(simple) || c.qualifiedName.endsWith("." + simple)) {
                            owner = c;
                            break;
                        }
                    }
                }
                return new LockRef(LockRef.Kind.THIS, owner == null ? text(e) : owner.qualifiedName,
                        (owner == null ? text(e) : owner.displayName + ".this"), false, null, LockRef.Origin.NONE,
                        false, trying, false, at);
            }
            if (e instanceof ClassExpr c) {
                TypeName t = typeName(c.getType());
                return new LockRef(LockRef.Kind.CLASS, null, c.getType().asString() + ".class", false,
                        t == null ? null : new ValueRef.Declared(t), LockRef.Origin.NONE, false, trying, false, at);
            }
            if (e instanceof MethodCallExpr call && call.getScope().isPresent() && call.getArguments().isEmpty()
                    && (call.getNameAsString().equals("readLock") || call.getNameAsString().equals("writeLock"))) {
                LockRef base = lockRef(call.getScope().get(), at, trying);
                return new LockRef(base.kind(), base.owner(), base.name(), call.getNameAsString().equals("readLock"),
                        base.value(), base.origin(), base.ordered(), trying, false, at);
            }
            String field = null;
            if (e instanceof NameExpr v) {
                String id = v.getNameAsString();
                ValueRef local = localType(id);
                if (local != null) {
                    LockRef alias = aliasOf(id);
                    if (alias != null) {
                        return alias.at(at, trying);
                    }
                    return new LockRef(LockRef.Kind.VALUE, null, id, false, local, originOf(id),
                            orderedLocal(id) || chosenByComparison(e, id), trying, false, at);
                }
                field = id;
            } else if (e instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr t && t.getTypeName().isEmpty()) {
                field = f.getNameAsString();
            }
            if (field != null) {
                TypeCtx declaring = fieldOwner(field);
                TypeCtx t = declaring == null ? typeStack.peek() : declaring;
                String side = t == null ? null : lockSides.get(t.qualifiedName + "#" + field);
                boolean read = side != null && side.endsWith(" (read)");
                String name = side == null ? field : read ? side.substring(0, side.length() - " (read)".length()) : side;
                return new LockRef(LockRef.Kind.FIELD, t == null ? "" : t.qualifiedName, name, read, null,
                        LockRef.Origin.NONE, false, trying, false, at);
            }
            Expression root = e;
            while (root instanceof FieldAccessExpr f) {
                root = unwrap(f.getScope());
            }
            LockRef.Origin origin = root instanceof NameExpr r && localType(r.getNameAsString()) != null
                    ? originOf(r.getNameAsString()) : LockRef.Origin.NONE;
            boolean ordered = origin != LockRef.Origin.NONE
                    && (orderedLocal(((NameExpr) root).getNameAsString())
                    || chosenByComparison(e, ((NameExpr) root).getNameAsString()));
            return new LockRef(LockRef.Kind.VALUE, null, text(e), false, valueRef(e), origin, ordered, trying, false, at);
        }

        private LockRef.Origin originOf(String local) {
            for (CodeCtx c = codeStack.peek(); c != null; c = c.enclosing) {
                if (c.locals.containsKey(local)) {
                    return c.parameters.contains(local) ? LockRef.Origin.PARAMETER : LockRef.Origin.LOCAL;
                }
            }
            return LockRef.Origin.NONE;
        }

        private LockRef aliasOf(String local) {
            for (CodeCtx c = codeStack.peek(); c != null; c = c.enclosing) {
                if (c.locals.containsKey(local)) {
                    return c.lockAliases.get(local);
                }
            }
            return null;
        }

        private boolean orderedLocal(String local) {
            for (CodeCtx c = codeStack.peek(); c != null; c = c.enclosing) {
                if (c.locals.containsKey(local)) {
                    return c.orderedLocals.contains(local);
                }
            }
            return false;
        }

        /**
         * Notes what a local stands for, as far as locks go: a lock field it copies
         * ({@code final ReentrantLock lock = this.lock;}), or one of two objects chosen by a comparison.
         */
        private void noteLocalLock(String local, Expression value, Node at) {
            CodeCtx code = codeStack.peek();
            if (code == null) {
                return;
            }
            Expression e = unwrap(value);
            if (e instanceof ConditionalExpr c && isComparison(c.getCondition())
                    || e instanceof NameExpr chosen && chosenByComparison(at, chosen.getNameAsString())) {
                code.orderedLocals.add(local);
            }
            boolean fieldLike = e instanceof NameExpr v && localType(v.getNameAsString()) == null
                    || e instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr
                    || e instanceof MethodCallExpr call && call.getArguments().isEmpty() && call.getScope().isPresent()
                    && (call.getNameAsString().equals("readLock") || call.getNameAsString().equals("writeLock"));
            if (fieldLike) {
                LockRef ref = lockRef(e, pos(e), false);
                if (ref.kind() == LockRef.Kind.FIELD) {
                    code.lockAliases.put(local, ref);
                }
            }
        }

        /**
         * Whether a node sits in a branch of an {@code if} or {@code ?:} that compares {@code variable} (or its
         * identity hash) with something: the code chose which object comes first.
         */
        private static boolean chosenByComparison(Node node, String variable) {
            Node child = node;
            for (Node p = node.getParentNode().orElse(null); p != null; child = p, p = p.getParentNode().orElse(null)) {
                if (p instanceof CallableDeclaration<?> || p instanceof LambdaExpr) {
                    return false;
                }
                Expression condition = p instanceof IfStmt i && child != i.getCondition() ? i.getCondition()
                        : p instanceof ConditionalExpr c && child != c.getCondition() ? c.getCondition() : null;
                if (condition != null && isComparison(condition) && (Syntax.mentions(condition, variable)
                        || condition.findFirst(MethodCallExpr.class,
                        m -> m.getNameAsString().equals("identityHashCode")).isPresent())) {
                    return true;
                }
            }
            return false;
        }

        /** Whether a condition orders two values: {@code <}, {@code >}, {@code compareTo}, {@code identityHashCode}. */
        private static boolean isComparison(Expression condition) {
            return condition.findFirst(Node.class, x -> x instanceof com.github.javaparser.ast.expr.BinaryExpr b
                    && switch (b.getOperator()) {
                        case LESS, LESS_EQUALS, GREATER, GREATER_EQUALS -> true;
                        default -> false;
                    }
                    || x instanceof MethodCallExpr m && (m.getNameAsString().equals("compareTo")
                    || m.getNameAsString().equals("compare") || m.getNameAsString().equals("identityHashCode")))
                    .isPresent();
        }

        /** Marks the types being walked as ones whose field accesses guard rules need. */
        private void markConcurrent() {
            for (TypeCtx t : typeStack) {
                concurrentTypes.add(t.qualifiedName);
            }
        }

        /** The enclosing type, innermost first, that declares a field of this name; null when none does. */
        private TypeCtx fieldOwner(String name) {
            for (TypeCtx t : typeStack) {
                Set<String> fields = declaredFields.get(t.qualifiedName);
                if (fields != null && fields.contains(name)) {
                    return t;
                }
            }
            return null;
        }

        private String fieldOwnerDisplay(String name) {
            TypeCtx t = fieldOwner(name);
            return t == null ? null : t.displayName;
        }

        /**
         * Whether a lambda, method reference or anonymous class runs later, without the locks held where it is
         * written: handed to an executor, a thread or a CompletableFuture, to a call that keeps it
         * ({@code listeners.add(...)}, {@code waiting.put(id, ...)}, {@code Tasks.stores}), to a constructor (a
         * {@code Thread}, a {@code FutureTask}, an object that keeps it), kept in a variable, a field or an array,
         * or returned; seen through parentheses, casts and {@code ?:}.
         */
        private static boolean runsLater(Expression task) {
            Node child = task;
            Node user = task.getParentNode().orElse(null);
            while (user instanceof EnclosedExpr || user instanceof CastExpr
                    || user instanceof ConditionalExpr c && c.getCondition() != child) {
                child = user;
                user = user.getParentNode().orElse(null);
            }
            if (user instanceof MethodCallExpr call) {
                String name = call.getNameAsString();
                return SUBMISSIONS.contains(name) || name.startsWith("then") || DEFERRING.contains(name)
                        || call.getScope().isPresent() && call.getScope().get() != child && Tasks.stores(name);
            }
            if (user instanceof ObjectCreationExpr creation) {
                return creation.getScope().orElse(null) != child;
            }
            return user instanceof VariableDeclarator || user instanceof AssignExpr a && a.getValue() == child
                    || user instanceof com.github.javaparser.ast.stmt.ReturnStmt || user instanceof ArrayInitializerExpr;
        }

        /**
         * Whether a statement is really the body of an expression lambda whose value may be used: JavaParser
         * wraps {@code x -> f(x)} in an expression statement. Only lambdas handed to methods known to take a
         * function that returns nothing have their value thrown away.
         */
        private static boolean yieldsValue(ExpressionStmt n) {
            Node parent = n.getParentNode().orElse(null);
            // The arm of a switch expression (case 1 -> pool.submit(r);) is the switch's value.
            if (parent instanceof com.github.javaparser.ast.stmt.SwitchEntry entry
                    && entry.getType() == com.github.javaparser.ast.stmt.SwitchEntry.Type.EXPRESSION) {
                return entry.getParentNode().orElse(null) instanceof com.github.javaparser.ast.expr.SwitchExpr;
            }
            if (!(parent instanceof LambdaExpr lambda)) {
                return false;
            }
            Node user = lambda.getParentNode().orElse(null);
            if (user instanceof MethodCallExpr call) {
                return !VOID_LAMBDA_TARGETS.contains(call.getNameAsString());
            }
            if (user instanceof VariableDeclarator v) {
                return !(v.getType() instanceof ClassOrInterfaceType t && VOID_FUNCTIONS.contains(t.getName().getIdentifier()));
            }
            if (user instanceof CastExpr cast) {
                return !(cast.getType() instanceof ClassOrInterfaceType t && VOID_FUNCTIONS.contains(t.getName().getIdentifier()));
            }
            return !(user instanceof ObjectCreationExpr creation
                    && creation.getType().getName().getIdentifier().equals("Thread"));
        }

        @Override
        public void visit(TryStmt n, Void arg) {
            if (!n.getCatchClauses().isEmpty()) {
                findMisplacedCatch(n);
            }
            lifecycle.enterTry(n);
            n.getResources().forEach(r -> r.accept(this, arg));
            // try (Held h = new Held(lock)) { ... }: the resource may hold a lock over the block (LockSteps decides).
            // It is a step of the lock model only, not in the names the guard and check-then-act facts list.
            List<LockRef> resources = new ArrayList<>();
            CodeCtx code = codeStack.peek();
            for (Expression r : code == null ? List.<Expression>of() : n.getResources()) {
                LockRef ref = resourceRef(r);
                if (ref != null) {
                    code.ops.add(new LockOp(LockOp.Kind.ACQUIRE, ref, null, heldRefs(code), ref.pos().line(), ref.pos().column()));
                    code.held.add(new Held(ref, null));
                    changed(code);
                    resources.add(ref);
                }
            }
            n.getTryBlock().accept(this, arg);
            for (LockRef ref : resources) {
                for (int i = code.held.size() - 1; i >= 0; i--) {
                    if (code.held.get(i).ref() == ref) {
                        code.held.remove(i);
                        changed(code);
                        break;
                    }
                }
            }
            lifecycle.exitTry(n);
            n.getCatchClauses().forEach(c -> c.accept(this, arg));
            n.getFinallyBlock().ifPresent(f -> f.accept(this, arg));
        }

        /** A try-with-resources resource as a possible lock: its name and the type it is declared or made with. */
        private LockRef resourceRef(Expression r) {
            String name;
            ValueRef value;
            if (r instanceof VariableDeclarationExpr decl && decl.getVariables().size() == 1) {
                VariableDeclarator v = decl.getVariables().get(0);
                name = v.getNameAsString();
                TypeName t = v.getType() instanceof VarType ? null : typeName(v.getType());
                value = t != null ? new ValueRef.Declared(t) : v.getInitializer().map(this::valueRef).orElse(null);
            } else if (r instanceof NameExpr || r instanceof FieldAccessExpr) {
                name = text(r);
                value = valueRef(r);
            } else {
                return null;
            }
            return value == null ? null : new LockRef(LockRef.Kind.RESOURCE, null, name, false, value,
                    LockRef.Origin.NONE, false, false, true, pos(r));
        }

        private void findMisplacedCatch(TryStmt n) {
            List<MethodCallExpr> submissions = new ArrayList<>();
            int[] others = {0};
            scanTryBlock(n.getTryBlock(), submissions, others);
            if (submissions.isEmpty() || others[0] > 0) {
                return;
            }
            for (CatchClause c : n.getCatchClauses()) {
                List<Type> caught = alternatives(c.getParameter().getType());
                boolean meantForTask = false;
                for (Type t : caught) {
                    if (!SUBMISSION_EXCEPTIONS.contains(simpleName(t))) {
                        meantForTask = true;
                    }
                }
                if (meantForTask) {
                    CaughtTypes clause = new CaughtTypes(typeNames(caught), pos(c));
                    for (MethodCallExpr s : submissions) {
                        catchAround.put(s, clause);
                    }
                    return;
                }
            }
        }

        /**
         * Collects the task submissions made as statements in a try block, and counts everything else there
         * that could throw: other calls, object creations and throw statements. Code inside lambdas and
         * anonymous classes runs later and is not counted; nor are logging calls.
         */
        private void scanTryBlock(Node node, List<MethodCallExpr> submissions, int[] others) {
            if (others[0] > 0) {
                return;
            }
            if (node instanceof LambdaExpr || node instanceof MethodReferenceExpr) {
                return;
            }
            if (node instanceof ExpressionStmt stmt && stmt.getExpression() instanceof MethodCallExpr call
                    && SUBMISSIONS.contains(call.getNameAsString())) {
                submissions.add(call);
                return;
            }
            if (node instanceof MethodCallExpr call) {
                if (isLogging(call)) {
                    return;
                }
                others[0]++;
                return;
            }
            if (node instanceof ObjectCreationExpr || node instanceof ThrowStmt) {
                others[0]++;
                return;
            }
            for (Node child : node.getChildNodes()) {
                scanTryBlock(child, submissions, others);
            }
        }

        private static boolean isLogging(MethodCallExpr call) {
            Optional<Expression> scope = call.getScope();
            if (scope.isEmpty()) {
                return false;
            }
            return Logging.isLogger(text(scope.get()));
        }

        // ---------------------------------------------------------------- suppressions

        @Override
        public void visit(SingleMemberAnnotationExpr n, Void arg) {
            suppression(n, List.of(n.getMemberValue()));
            super.visit(n, arg);
        }

        @Override
        public void visit(NormalAnnotationExpr n, Void arg) {
            List<Expression> values = new ArrayList<>();
            for (MemberValuePair p : n.getPairs()) {
                if (p.getNameAsString().equals("value")) {
                    values.add(p.getValue());
                }
            }
            suppression(n, values);
            super.visit(n, arg);
        }

        private void suppression(AnnotationExpr n, List<Expression> values) {
            String name = n.getNameAsString();
            if (!name.equals("SuppressWarnings") && !name.equals("java.lang.SuppressWarnings")) {
                return;
            }
            Set<String> rules = new TreeSet<>();
            boolean all = false;
            List<Expression> flat = new ArrayList<>();
            for (Expression v : values) {
                if (v instanceof ArrayInitializerExpr array) {
                    flat.addAll(array.getValues());
                } else {
                    flat.add(v);
                }
            }
            for (Expression v : flat) {
                if (v instanceof StringLiteralExpr s) {
                    String value = s.getValue();
                    if (value.equals("threadguard")) {
                        all = true;
                    } else if (value.startsWith("threadguard:")) {
                        rules.add(value.substring("threadguard:".length()).trim());
                    } else if (OTHER_TOOLS_SUPPRESSIONS.containsKey(value)) {
                        // The developer already looked at this very pattern with another analyzer.
                        rules.add(OTHER_TOOLS_SUPPRESSIONS.get(value));
                    }
                }
            }
            if (!all && rules.isEmpty()) {
                return;
            }
            Node annotated = n.getParentNode().orElse(n);
            Pos p = pos(annotated);
            suppressions.add(new Suppression(p.line(), p.endLine(), all ? Set.of() : Set.copyOf(rules)));
        }

        // ---------------------------------------------------------------- expressions to facts

        private ValueRef.Call callRef(MethodCallExpr call) {
            ValueRef target = call.getScope().map(this::valueRef).orElse(null);
            return new ValueRef.Call(target, call.getNameAsString(), call.getArguments().size());
        }

        /** How deep a value reference may nest: a chain of thousands of calls is followed no further. */
        private static final int MAX_REF_DEPTH = 48;
        private int refDepth;

        ValueRef valueRef(Expression e) {
            if (refDepth >= MAX_REF_DEPTH) {
                return ValueRef.UNKNOWN;
            }
            refDepth++;
            try {
                return valueRefOf(e);
            } finally {
                refDepth--;
            }
        }

        private ValueRef valueRefOf(Expression e) {
            if (e instanceof NameExpr n) {
                ValueRef local = localType(n.getNameAsString());
                if (local != null) {
                    return local;
                }
                return new ValueRef.Name(n.getNameAsString());
            }
            if (e instanceof MethodCallExpr call) {
                return callRef(call);
            }
            if (e instanceof FieldAccessExpr f) {
                return new ValueRef.Field(valueRef(f.getScope()), f.getNameAsString());
            }
            if (e instanceof ThisExpr t) {
                return new ValueRef.This(t.getTypeName().map(x -> x.asString()).orElse(null));
            }
            if (e instanceof SuperExpr) {
                return new ValueRef.Super();
            }
            if (e instanceof ObjectCreationExpr o) {
                TypeName t = typeName(o.getType());
                return t == null ? ValueRef.UNKNOWN : new ValueRef.Declared(t);
            }
            if (e instanceof CastExpr c) {
                TypeName t = typeName(c.getType());
                return t == null ? ValueRef.UNKNOWN : new ValueRef.Declared(t);
            }
            if (e instanceof EnclosedExpr en) {
                return valueRef(en.getInner());
            }
            if (e instanceof ConditionalExpr c) {
                return valueRef(c.getThenExpr());
            }
            if (e instanceof AssignExpr a) {
                return valueRef(a.getTarget());
            }
            if (e instanceof TypeExpr t) {
                // In executor::submit the parser cannot tell a variable from a type: a local wins, as in Java.
                if (t.getType() instanceof ClassOrInterfaceType c && c.getScope().isEmpty()) {
                    ValueRef local = localType(c.getNameAsString());
                    if (local != null) {
                        return local;
                    }
                }
                TypeName n = typeName(t.getType());
                return n == null ? ValueRef.UNKNOWN : new ValueRef.Name(n.name());
            }
            if (e instanceof StringLiteralExpr) {
                return new ValueRef.Declared(TypeName.of("java.lang.String"));
            }
            return ValueRef.UNKNOWN;
        }

        private List<Argument> arguments(MethodCallExpr call) {
            NodeList<Expression> args = call.getArguments();
            if (args.isEmpty()) {
                return List.of();
            }
            List<Argument> out = new ArrayList<>(args.size());
            for (Expression a : args) {
                Expression e = unwrap(a);
                // Null checks return their argument: requireNonNull(task) hands over task itself.
                while (e instanceof MethodCallExpr check && !check.getArguments().isEmpty()
                        && (check.getNameAsString().equals("requireNonNull")
                        || check.getNameAsString().equals("checkNotNull"))) {
                    e = unwrap(check.getArguments().get(0));
                }
                boolean held = isHeld(e);
                out.add(new Argument(e instanceof LambdaExpr || e instanceof MethodReferenceExpr
                        ? ValueRef.UNKNOWN : valueRef(e), held));
            }
            return List.copyOf(out);
        }

        /** A value the caller can still reach after the call: a variable, a field, or a getter of one. */
        private static boolean isHeld(Expression e) {
            if (e instanceof NameExpr || e instanceof FieldAccessExpr || e instanceof ThisExpr) {
                return true;
            }
            return e instanceof MethodCallExpr getter && getter.getArguments().isEmpty()
                    && getter.getScope().map(FactExtractor::unwrap).filter(Walker::isHeld).isPresent();
        }

        private static TaskShape blockShape(BlockStmt block) {
            if (catchesAll(block)) {
                return TaskShape.CATCHES_ALL;
            }
            NodeList<Statement> statements = block.getStatements();
            Statement last = statements.isEmpty() ? null : statements.get(statements.size() - 1);
            return last instanceof com.github.javaparser.ast.stmt.WhileStmt || last instanceof com.github.javaparser.ast.stmt.DoStmt
                    || last instanceof com.github.javaparser.ast.stmt.ForStmt ? TaskShape.WORKER_LOOP : TaskShape.OPAQUE;
        }

        private TaskShape taskShape(MethodCallExpr call) {
            for (Expression a : call.getArguments()) {
                Expression e = unwrap(a);
                if (e instanceof LambdaExpr lambda) {
                    Statement body = lambda.getBody();
                    return body instanceof BlockStmt block ? blockShape(block) : TaskShape.OPAQUE;
                }
                if (e instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent()) {
                    for (BodyDeclaration<?> b : o.getAnonymousClassBody().get()) {
                        if (b instanceof MethodDeclaration m && (m.getNameAsString().equals("run")
                                || m.getNameAsString().equals("call")) && m.getParameters().isEmpty()) {
                            return m.getBody().map(Walker::blockShape).orElse(TaskShape.OPAQUE);
                        }
                    }
                    return TaskShape.OPAQUE;
                }
                if (e instanceof MethodReferenceExpr ref) {
                    return new TaskShape(TaskShape.Kind.METHOD_REFERENCE, ref.getIdentifier(), valueRef(ref.getScope()));
                }
            }
            return TaskShape.OPAQUE;
        }

        private int boundDepth;

        TypeName typeName(Type type) {
            if (type instanceof PrimitiveType p) {
                return TypeName.of(p.asString());
            }
            if (type instanceof VoidType) {
                return TypeName.of("void");
            }
            if (type instanceof ArrayType a) {
                TypeName c = typeName(a.getComponentType());
                return c == null ? null : new TypeName(c.name(), c.dimensions() + 1, c.arguments(), c.typeVariable());
            }
            if (type instanceof ClassOrInterfaceType c) {
                String name = c.getNameWithScope();
                boolean variable = c.getScope().isEmpty() && isTypeParameter(name);
                if (variable) {
                    // E extends ExecutorService: what is known of an E is its bound.
                    ClassOrInterfaceType bound = boundOf(name);
                    if (bound != null && !bound.getNameWithScope().equals(name) && boundDepth < 4) {
                        boundDepth++;
                        try {
                            return typeName(bound);
                        } finally {
                            boundDepth--;
                        }
                    }
                }
                List<TypeName> args = List.of();
                if (c.getTypeArguments().isPresent() && !variable) {
                    List<TypeName> list = new ArrayList<>();
                    for (Type t : c.getTypeArguments().get()) {
                        TypeName n = t instanceof ClassOrInterfaceType ci
                                ? new TypeName(ci.getNameWithScope(), 0, List.of(),
                                ci.getScope().isEmpty() && isTypeParameter(ci.getNameAsString()))
                                : t instanceof WildcardType w ? TypeName.of(w.toString())
                                : null;
                        if (n != null) {
                            list.add(n);
                        }
                    }
                    args = List.copyOf(list);
                }
                return new TypeName(name, 0, args, variable);
            }
            if (type instanceof WildcardType w) {
                return w.getExtendedType().map(this::typeName).orElse(TypeName.of("java.lang.Object"));
            }
            if (type instanceof UnionType u && !u.getElements().isEmpty()) {
                return typeName(u.getElements().get(0));
            }
            if (type instanceof IntersectionType i && !i.getElements().isEmpty()) {
                return typeName(i.getElements().get(0));
            }
            return null;
        }


        private boolean isTypeParameter(String name) {
            for (CodeCtx c : codeStack) {
                if (c.typeParameters.containsKey(name)) {
                    return true;
                }
            }
            for (TypeCtx t : typeStack) {
                if (t.typeParameters.containsKey(name)) {
                    return true;
                }
            }
            return false;
        }

        /** The first bound of the type parameter {@code name} in scope, or null when it has none. */
        private ClassOrInterfaceType boundOf(String name) {
            for (CodeCtx c : codeStack) {
                if (c.typeParameters.containsKey(name)) {
                    return c.typeParameters.get(name);
                }
            }
            for (TypeCtx t : typeStack) {
                if (t.typeParameters.containsKey(name)) {
                    return t.typeParameters.get(name);
                }
            }
            return null;
        }

        // ---------------------------------------------------------------- double checks and check-then-act

        final List<DoubleCheckedInit> doubleCheckedInits = new ArrayList<>();
        final List<CheckThenActPair> checkThenActs = new ArrayList<>();
        /** Inner null checks found by shape, waiting for the walk to tell which locks they run under. */
        final Map<IfStmt, OuterNullCheck> innerNullChecks = new IdentityHashMap<>();
        /** Calls that act on a collection after a check, waiting for the walk to tell which locks they run under. */
        final Map<MethodCallExpr, PendingAct> pendingActs = new IdentityHashMap<>();

        /** A null check of a field made before any lock, whose inner twin has been found in its branch. */
        private record OuterNullCheck(String owner, String field, List<String> held, Site site, Pos assignment,
                                      boolean rereads, boolean storesParameter) {
        }

        /** A check on a collection whose acting call comes later in the walk. */
        private record PendingAct(CheckThenActPair.Kind kind, ValueRef receiver, String receiverText, TypeName createdAs,
                                  String key, String check, String atomic, List<String> held, String section,
                                  boolean confined, Site site) {
        }

        /** {@code x == null} ({@code absent}) or {@code x != null}, either way round. */
        private record NullTest(Expression operand, boolean absent) {
        }

        /**
         * What a variable was last given before a point: {@code value} is null for a declaration without one;
         * {@code declared} when that was the declaration, which proves the name a local.
         */
        private record LocalValue(Expression value, boolean declared) {
        }

        private static final Set<String> QUEUE_TAKES = Set.of(
                "poll", "remove", "element", "pop", "removeFirst", "removeLast", "pollFirst", "pollLast",
                "getFirst", "getLast", "take", "peek", "peekFirst", "peekLast");

        /** Called on every if statement before it is walked: both patterns start with an if. */
        private void guardPatterns(IfStmt n) {
            CodeCtx code = codeStack.peek();
            if (code == null) {
                return;
            }
            OuterNullCheck outer = innerNullChecks.remove(n);
            if (outer != null) {
                // The walk knows the locks held here, however they were taken: the ones not held at the outer
                // check were taken between the two.
                List<String> taken = new ArrayList<>(heldNames(code));
                taken.removeAll(outer.held());
                if (!taken.isEmpty()) {
                    doubleCheckedInits.add(new DoubleCheckedInit(outer.owner(), outer.field(),
                            taken.get(taken.size() - 1), outer.site(), pos(n.getCondition()), outer.assignment(),
                            outer.rereads(), outer.storesParameter()));
                }
            } else {
                findDoubleCheck(n, code);
            }
            findCheckThenAct(n, code);
        }

        /** Called on every method call before it is walked: completes a check-then-act whose act this is. */
        private void guardAct(MethodCallExpr n) {
            PendingAct p = pendingActs.remove(n);
            CodeCtx code = codeStack.peek();
            if (p == null || code == null) {
                return;
            }
            List<String> checkLocks = new ArrayList<>(p.held());
            List<String> actLocks = new ArrayList<>(heldNames(code));
            if (p.section() != null) {
                // The act is in the branch of the check, so inside the same try block as the check.
                checkLocks.add(p.section());
                actLocks.add(p.section());
            }
            checkThenActs.add(new CheckThenActPair(p.kind(), p.receiver(), p.receiverText(), p.createdAs(), p.key(),
                    p.check(), n.getNameAsString(), p.atomic(), List.copyOf(checkLocks), List.copyOf(actLocks),
                    p.confined(), p.site(), pos(n)));
        }

        private void findDoubleCheck(IfStmt n, CodeCtx code) {
            NullTest test = nullTest(n.getCondition());
            if (test == null) {
                return;
            }
            String field = checkedField(test.operand(), n);
            if (field == null) {
                return;
            }
            String fieldName = field.substring(field.indexOf('#') + 1);
            if (!test.absent() && n.getElseStmt().isEmpty()
                    && n.getThenStmt().findFirst(NameExpr.class, e -> e.getNameAsString().equals(fieldName)).isEmpty()
                    && n.getThenStmt().findFirst(FieldAccessExpr.class, e -> e.getNameAsString().equals(fieldName)).isEmpty()) {
                return; // if (f != null) throw ...: a fast failure that uses nothing it read, no lazy initialization
            }
            for (Statement region : branch(n, test.absent())) {
                for (IfStmt inner : innerStatements(region, IfStmt.class)) {
                    NullTest again = nullTest(inner.getCondition());
                    if (again == null || !field.equals(checkedField(again.operand(), inner))) {
                        continue;
                    }
                    Node write = null;
                    for (Statement s : branch(inner, again.absent())) {
                        write = write != null ? write : writeOf(field, s);
                    }
                    if (write != null) {
                        int hash = field.indexOf('#');
                        String name = field.substring(hash + 1);
                        boolean rereads = unwrap(test.operand()) instanceof NameExpr direct
                                && direct.getNameAsString().equals(name) && localOf(name, n) == null
                                || unwrap(test.operand()) instanceof FieldAccessExpr access
                                && access.getScope() instanceof ThisExpr;
                        innerNullChecks.put(inner, new OuterNullCheck(field.substring(0, hash), name,
                                heldNames(code), new Site(scopeType(), currentMember(), pos(n.getCondition())),
                                pos(write), rereads && readAfter(n, name), storesParameter(write)));
                        return;
                    }
                }
            }
        }

        /**
         * Whether the statements after {@code check} in its block (and in the blocks around it, up to its body of
         * code) read the field {@code name} itself, not a local copy: a second unlocked read, which the memory
         * model lets return null even after the first one saw the object.
         */
        private static boolean readAfter(IfStmt check, String name) {
            Node at = check;
            for (Node parent = at.getParentNode().orElse(null); parent != null && !(parent instanceof BodyDeclaration<?>)
                    && !(parent instanceof LambdaExpr); at = parent, parent = parent.getParentNode().orElse(null)) {
                if (!(parent instanceof BlockStmt block)) {
                    continue;
                }
                boolean after = false;
                for (Statement st : block.getStatements()) {
                    if (after && (st.findFirst(NameExpr.class, e -> e.getNameAsString().equals(name)).isPresent()
                            || st.findFirst(FieldAccessExpr.class, e -> e.getNameAsString().equals(name)
                            && e.getScope() instanceof ThisExpr).isPresent())) {
                        return true;
                    }
                    after |= st == at;
                }
            }
            return false;
        }

        private static NullTest nullTest(Expression condition) {
            Expression e = unwrap(condition);
            if (e instanceof com.github.javaparser.ast.expr.BinaryExpr b
                    && (b.getOperator() == com.github.javaparser.ast.expr.BinaryExpr.Operator.EQUALS
                    || b.getOperator() == com.github.javaparser.ast.expr.BinaryExpr.Operator.NOT_EQUALS)) {
                boolean absent = b.getOperator() == com.github.javaparser.ast.expr.BinaryExpr.Operator.EQUALS;
                if (b.getRight().isNullLiteralExpr() && !b.getLeft().isNullLiteralExpr()) {
                    return new NullTest(unwrap(b.getLeft()), absent);
                }
                if (b.getLeft().isNullLiteralExpr() && !b.getRight().isNullLiteralExpr()) {
                    return new NullTest(unwrap(b.getRight()), absent);
                }
            }
            return null;
        }

        /**
         * The field an expression reads, as {@code owner#name}: the field itself ({@code f}, {@code this.f}), an
         * assignment from it ({@code (r = f)}), or a local last given its value before {@code at}
         * ({@code T r = f; if (r == null)}). Null for anything else.
         */
        private String checkedField(Expression operand, Node at) {
            Expression e = unwrap(operand);
            if (e instanceof AssignExpr a && a.getOperator() == AssignExpr.Operator.ASSIGN) {
                return fieldKey(unwrap(a.getValue()));
            }
            if (e instanceof NameExpr name) {
                LocalValue local = localOf(name.getNameAsString(), at);
                if (local != null) {
                    return local.value() == null ? null : fieldKey(unwrap(local.value()));
                }
                if (localType(name.getNameAsString()) != null) {
                    return null;
                }
            }
            return fieldKey(e);
        }

        /** {@code owner#name} for a field of an enclosing type named plainly or through {@code this}; else null. */
        private String fieldKey(Expression e) {
            if (e instanceof NameExpr name && localType(name.getNameAsString()) == null) {
                TypeCtx owner = fieldOwner(name.getNameAsString());
                return owner == null ? null : owner.qualifiedName + "#" + name.getNameAsString();
            }
            if (e instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr t && t.getTypeName().isEmpty()) {
                TypeCtx owner = typeStack.peek();
                Set<String> fields = owner == null ? null : declaredFields.get(owner.qualifiedName);
                return fields != null && fields.contains(f.getNameAsString())
                        ? owner.qualifiedName + "#" + f.getNameAsString() : null;
            }
            return null;
        }

        /**
         * The value a local of this name was last given in the statements before {@code at}, in its block and
         * the blocks around it; null when no declaration or assignment of the name comes before.
         */
        private static LocalValue localValue(String name, Node at) {
            Node node = at;
            while (node != null && !(node instanceof CallableDeclaration<?>) && !(node instanceof LambdaExpr)
                    && !(node instanceof TypeDeclaration<?>)) {
                Node parent = node.getParentNode().orElse(null);
                if (parent instanceof BlockStmt block) {
                    NodeList<Statement> statements = block.getStatements();
                    int at0 = Syntax.indexOf(statements, node);
                    for (int i = at0 - 1; i >= 0; i--) {
                        if (!(statements.get(i) instanceof ExpressionStmt st)) {
                            continue;
                        }
                        Expression e = st.getExpression();
                        if (e instanceof VariableDeclarationExpr decl) {
                            for (VariableDeclarator v : decl.getVariables()) {
                                if (v.getNameAsString().equals(name)) {
                                    return new LocalValue(v.getInitializer().orElse(null), true);
                                }
                            }
                        } else if (e instanceof AssignExpr a && a.getOperator() == AssignExpr.Operator.ASSIGN
                                && a.getTarget() instanceof NameExpr target && target.getNameAsString().equals(name)) {
                            return new LocalValue(a.getValue(), false);
                        }
                    }
                }
                node = parent;
            }
            return null;
        }

        /**
         * What a local named {@code name} was last given before {@code at}; null when the name is not a local
         * (a field assigned earlier in the method is no local value) or nothing was given to it before.
         */
        private LocalValue localOf(String name, Node at) {
            LocalValue found = localValue(name, at);
            return found != null && (found.declared() || localType(name) != null) ? found : null;
        }

        /**
         * The statements that run when the condition of {@code n} is {@code whenTrue}: a branch, or, when the
         * other branch always leaves ({@code if (x != null) return x;}), the statements after the if.
         */
        private static List<Statement> branch(IfStmt n, boolean whenTrue) {
            if (whenTrue) {
                return List.of(n.getThenStmt());
            }
            if (n.getElseStmt().isPresent()) {
                return List.of(n.getElseStmt().get());
            }
            if (leaves(n.getThenStmt()) && n.getParentNode().orElse(null) instanceof BlockStmt block) {
                NodeList<Statement> statements = block.getStatements();
                int at = Syntax.indexOf(statements, n);
                return at < 0 ? List.of() : List.copyOf(statements.subList(at + 1, statements.size()));
            }
            return List.of();
        }

        /** Whether a statement always ends by return, throw, break or continue. */
        private static boolean leaves(Statement s) {
            return Syntax.endsIn(s, com.github.javaparser.ast.stmt.ReturnStmt.class, ThrowStmt.class,
                    com.github.javaparser.ast.stmt.BreakStmt.class, com.github.javaparser.ast.stmt.ContinueStmt.class);
        }

        /** The nodes of a kind inside {@code root}, in source order, not looking into lambdas or class bodies. */
        private static <T extends Node> List<T> innerStatements(Node root, Class<T> kind) {
            List<T> out = new ArrayList<>();
            Deque<Node> pending = new ArrayDeque<>();
            pending.push(root);
            while (!pending.isEmpty()) {
                Node node = pending.pop();
                if (kind.isInstance(node)) {
                    out.add(kind.cast(node));
                }
                if (node instanceof LambdaExpr || node instanceof TypeDeclaration<?>
                        || node instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent()) {
                    continue; // runs later, or elsewhere
                }
                List<Node> children = node.getChildNodes();
                for (int i = children.size() - 1; i >= 0; i--) {
                    pending.push(children.get(i));
                }
            }
            return out;
        }

        /** Whether an assignment stores, as it came, a parameter of the method around it. */
        private static boolean storesParameter(Node write) {
            if (!(write instanceof AssignExpr a) || !(unwrap(a.getValue()) instanceof NameExpr value)) {
                return false;
            }
            Node unit = a.getParentNode().orElse(null);
            while (unit != null && !(unit instanceof CallableDeclaration<?>) && !(unit instanceof LambdaExpr)) {
                unit = unit.getParentNode().orElse(null);
            }
            return unit instanceof CallableDeclaration<?> c && c.getParameters().stream()
                    .anyMatch(p -> p.getNameAsString().equals(value.getNameAsString()))
                    && c.findFirst(VariableDeclarator.class,
                    v -> v.getNameAsString().equals(value.getNameAsString())).isEmpty();
        }

        /** The first plain assignment to the field {@code owner#name} inside {@code root}, or null. */
        private Node writeOf(String field, Statement root) {
            for (AssignExpr a : innerStatements(root, AssignExpr.class)) {
                if (a.getOperator() == AssignExpr.Operator.ASSIGN && field.equals(fieldKey(a.getTarget()))) {
                    return a;
                }
            }
            return null;
        }

        private void findCheckThenAct(IfStmt n, CodeCtx code) {
            // In if (a && !m.containsKey(k)) the then-branch still knows the key is absent.
            List<Expression> conjuncts = new ArrayList<>();
            conjuncts(unwrap(n.getCondition()), conjuncts);
            MethodCallExpr check = null;
            boolean trueWhenAbsent = false; // for a map: the key is absent; for a queue: it is empty
            for (Expression part : conjuncts) {
                Expression condition = part;
                boolean negated = false;
                while (condition instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT) {
                    negated = !negated;
                    condition = unwrap(u.getExpression());
                }
                if (condition instanceof MethodCallExpr call && call.getScope().isPresent()) {
                    String name = call.getNameAsString();
                    if (name.equals("containsKey") && call.getArguments().size() == 1) {
                        check = call;
                        trueWhenAbsent = negated;
                    } else if (name.equals("isEmpty") && call.getArguments().isEmpty()) {
                        check = call;
                        trueWhenAbsent = !negated;
                    }
                } else if (!negated) {
                    NullTest test = nullTest(condition);
                    if (test != null) {
                        Expression value = test.operand();
                        if (value instanceof AssignExpr a && a.getOperator() == AssignExpr.Operator.ASSIGN) {
                            value = unwrap(a.getValue()); // if ((v = m.get(k)) == null)
                        } else if (value instanceof NameExpr local) {
                            LocalValue given = localOf(local.getNameAsString(), n);
                            value = given == null || given.value() == null ? null : unwrap(given.value());
                        }
                        if (value instanceof MethodCallExpr get && get.getNameAsString().equals("get")
                                && get.getArguments().size() == 1 && get.getScope().isPresent()) {
                            check = get;
                            trueWhenAbsent = test.absent();
                        }
                    }
                }
                if (check != null) {
                    break;
                }
            }
            if (check == null) {
                return;
            }
            Expression receiver = unwrap(check.getScope().get());
            String receiverText = receiverText(receiver);
            if (receiverText == null) {
                return;
            }
            boolean map = !check.getNameAsString().equals("isEmpty");
            String key = map ? unwrap(check.getArguments().get(0)).toString() : "";
            // A map acts where the key is absent; a queue where it is not empty.
            boolean actWhen = map == trueWhenAbsent;
            if (conjuncts.size() > 1 && !actWhen) {
                return; // the else-branch of a && b does not know which of them was false
            }
            MethodCallExpr act = null;
            for (Statement s : branch(n, actWhen)) {
                act = act != null ? act : actOn(s, receiverText, map, key);
            }
            if (act == null) {
                return;
            }
            String atomic = "poll";
            if (map) {
                boolean putsOtherwise = false;
                for (Statement s : conjuncts.size() > 1 ? List.<Statement>of() : branch(n, !actWhen)) {
                    putsOtherwise |= actOn(s, receiverText, true, key) != null;
                }
                atomic = putsOtherwise ? "merge" : "computeIfAbsent";
            }
            TypeName created = null;
            boolean confined = code.constructing && code.lambdaDepth == 0;
            if (receiver instanceof NameExpr local && localType(local.getNameAsString()) != null) {
                LocalValue given = localOf(local.getNameAsString(), n);
                confined |= given != null && given.value() != null && unwrap(given.value()) instanceof ObjectCreationExpr;
            } else {
                created = createdAs(receiver, n);
            }
            pendingActs.put(act, new PendingAct(map ? CheckThenActPair.Kind.MAP_KEY_ABSENT : CheckThenActPair.Kind.QUEUE_NOT_EMPTY,
                    valueRef(receiver), receiverText, created, key, check.getNameAsString(), atomic,
                    heldNames(code), criticalSection(n), confined, new Site(scopeType(), currentMember(), pos(n.getCondition()))));
        }

        /** The operands of a chain of {@code &&}, in order; the expression itself when it is no such chain. */
        private static void conjuncts(Expression e, List<Expression> out) {
            if (e instanceof com.github.javaparser.ast.expr.BinaryExpr b
                    && b.getOperator() == com.github.javaparser.ast.expr.BinaryExpr.Operator.AND) {
                conjuncts(unwrap(b.getLeft()), out);
                conjuncts(unwrap(b.getRight()), out);
            } else {
                out.add(e);
            }
        }

        /**
         * The critical section {@code n} runs in when its lock is not one the walk knows: a try block whose
         * finally releases something ({@code acquireLock(name); try { ... } finally { releaseLock(name); }}),
         * named after the releasing call; null when there is none.
         */
        private static String criticalSection(Node n) {
            Node node = n;
            while (node != null && !(node instanceof CallableDeclaration<?>) && !(node instanceof LambdaExpr)
                    && !(node instanceof TypeDeclaration<?>)) {
                Node parent = node.getParentNode().orElse(null);
                if (parent instanceof TryStmt t && t.getTryBlock() == node && t.getFinallyBlock().isPresent()) {
                    for (MethodCallExpr call : innerStatements(t.getFinallyBlock().get(), MethodCallExpr.class)) {
                        String name = call.getNameAsString();
                        if (name.startsWith("unlock") || name.startsWith("release")) {
                            return "the section released by `" + text(call) + "`";
                        }
                    }
                }
                node = parent;
            }
            return null;
        }

        /** A collection held in a variable, as written with {@code this.} dropped; null for other receivers. */
        private static String receiverText(Expression receiver) {
            if (receiver instanceof NameExpr n) {
                return n.getNameAsString();
            }
            if (receiver instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr t && t.getTypeName().isEmpty()) {
                return f.getNameAsString();
            }
            if (receiver instanceof FieldAccessExpr f && f.getScope() instanceof NameExpr) {
                return f.toString(); // Registry.CACHE, other.pending
            }
            return null;
        }

        /** The first call inside {@code root} that changes the collection: a put of the key, or a queue's take. */
        private static MethodCallExpr actOn(Statement root, String receiverText, boolean map, String key) {
            for (MethodCallExpr call : innerStatements(root, MethodCallExpr.class)) {
                Expression scope = call.getScope().map(FactExtractor::unwrap).orElse(null);
                if (scope == null || !receiverText.equals(receiverText(scope))) {
                    continue;
                }
                String name = call.getNameAsString();
                if (map && name.equals("put") && call.getArguments().size() == 2
                        && unwrap(call.getArguments().get(0)).toString().equals(key)) {
                    return call;
                }
                if (!map && QUEUE_TAKES.contains(name) && call.getArguments().isEmpty()) {
                    return call;
                }
            }
            return null;
        }

        /**
         * What a field of an enclosing type is created as, from its initializer: {@code new ConcurrentHashMap<>()}
         * gives that type, {@code Collections.synchronizedMap(...)} the name {@code Collections.synchronizedMap}.
         */
        private TypeName createdAs(Expression receiver, Node at) {
            String name = receiver instanceof NameExpr n ? n.getNameAsString()
                    : receiver instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr ? f.getNameAsString() : null;
            if (name == null) {
                return null;
            }
            for (Node node = at; node != null; node = node.getParentNode().orElse(null)) {
                if (!(node instanceof TypeDeclaration<?> type)) {
                    continue;
                }
                for (FieldDeclaration field : type.getFields()) {
                    for (VariableDeclarator v : field.getVariables()) {
                        if (!v.getNameAsString().equals(name)) {
                            continue;
                        }
                        Expression init = v.getInitializer().map(FactExtractor::unwrap).orElse(null);
                        if (init instanceof ObjectCreationExpr o) {
                            return typeName(o.getType());
                        }
                        if (init instanceof MethodCallExpr call && call.getNameAsString().equals("synchronizedMap")) {
                            return TypeName.of("Collections.synchronizedMap");
                        }
                        return null;
                    }
                }
            }
            return null;
        }

        // ---------------------------------------------------------------- lifecycle

        /** What the walker knows at the point being walked, as every collector of this walk reads it. */
        final WalkerScope scope = new WalkerScope() {
            @Override
            public boolean isLocal(String name) {
                return localType(name) != null;
            }

            @Override
            public String fieldOwner(String name) {
                TypeCtx t = Walker.this.fieldOwner(name);
                return t == null ? null : t.qualifiedName;
            }

            @Override
            public String thisType(String qualifier) {
                if (qualifier == null) {
                    TypeCtx t = typeStack.peek();
                    return t == null ? null : t.qualifiedName;
                }
                for (TypeCtx x : typeStack) {
                    if (x.displayName.equals(qualifier) || x.displayName.endsWith("." + qualifier)) {
                        return x.qualifiedName;
                    }
                }
                return null;
            }

            @Override
            public TypeName typeName(Type type) {
                return Walker.this.typeName(type);
            }

            @Override
            public String scopeType() {
                return Walker.this.scopeType();
            }

            @Override
            public String member() {
                return currentMember();
            }

            @Override
            public ValueRef valueRef(Expression e) {
                return Walker.this.valueRef(e);
            }

            @Override
            public LockRef lockRef(Expression lock, Pos at) {
                return Walker.this.lockRef(lock, at, false);
            }

            @Override
            public List<LockRef> held() {
                CodeCtx code = codeStack.peek();
                return code == null ? List.of() : heldRefs(code);
            }

            @Override
            public boolean locksHeld() {
                CodeCtx code = codeStack.peek();
                return code != null && !heldNames(code).isEmpty();
            }

            @Override
            public Object unit() {
                CodeCtx code = codeStack.peek();
                return code == null ? null : code.ops;
            }

            @Override
            public boolean inDeferredCode() {
                CodeCtx code = codeStack.peek();
                return code != null && (code.deferred > 0 || code.lambdaDepth > 0);
            }

            @Override
            public boolean constructing() {
                CodeCtx code = codeStack.peek();
                return code != null && code.constructing && code.deferred == 0 && code.lambdaDepth == 0;
            }

            @Override
            public boolean namingLock() {
                return namingLock > 0;
            }
        };

        /** The race analysis's accesses, recorded through hooks in this walk. */
        final AccessExtractor accessFacts = new AccessExtractor(scope);

        /** The lifecycle facts, recorded through hooks in this walk. */
        final LifecycleExtractor lifecycle = new LifecycleExtractor(scope);

        /** Which methods call a parameter on the spot, and which lambdas are handed to calls in place. */
        final InlineRunExtractor inlineRuns = new InlineRunExtractor(scope);

        /** How field reads are used and what methods assert about locks, recorded through hooks in this walk. */
        final GuardUseExtractor guardUses = new GuardUseExtractor(scope);

        /** The thread-pool facts, recorded through hooks in this walk. */
        final PoolExtractor pools = new PoolExtractor(scope);

        /** The facts about objects shared between threads, recorded through a hook in this walk. */
        final SharingExtractor sharing = new SharingExtractor(scope);

        /** What each type's static initialization makes the JVM initialize, read at the end of each type. */
        final ClassInitExtractor classInits = new ClassInitExtractor(scope);

        /** The {@code cancel(true)} calls and the submissions whose futures they cancel. */
        final CancelExtractor cancels = new CancelExtractor(scope);
        /** Where the strings that {@code synchronized} blocks lock come from. */
        final LockValueExtractor lockValues = new LockValueExtractor(scope);

        @Override
        public void visit(MethodReferenceExpr n, Void arg) {
            lifecycle.methodReference(n);
            objectFlow.methodReference(n);
            if (!n.getIdentifier().equals("new") && !(n.getScope() instanceof SuperExpr) && runsLater(n)) {
                objectFlow.function(n, null, new ValueRef.Call(valueRef(n.getScope()), n.getIdentifier(), -1), -1);
            }
            if (n.getIdentifier().equals("new") && n.getScope() instanceof TypeExpr t) {
                instantiates(t.getType());
            }
            super.visit(n, arg);
        }

        @Override
        public void visit(com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt n, Void arg) {
            objectFlow.constructorCall(n);
            super.visit(n, arg);
        }

        /** Which fields constructors fill from their parameters, and what creations pass: lock identity. */
        final ObjectFlowExtractor objectFlow = new ObjectFlowExtractor(scope);

        @Override
        public void visit(UnaryExpr n, Void arg) {
            lifecycle.update(n);
            super.visit(n, arg);
        }
    }

    // -------------------------------------------------------------------- rendering

    /** An expression as a reader would name it, arguments elided and long chains shortened. */
    static String text(Expression e) {
        StringBuilder sb = new StringBuilder();
        render(e, sb, 0);
        return sb.length() > 80 ? sb.substring(0, 77) + "..." : sb.toString();
    }

    static String chainText(MethodCallExpr call) {
        return text(call);
    }

    private static void render(Expression e, StringBuilder sb, int depth) {
        if (depth > 12) {
            sb.append("...");
            return;
        }
        if (e instanceof NameExpr n) {
            sb.append(n.getNameAsString());
        } else if (e instanceof FieldAccessExpr f) {
            render(f.getScope(), sb, depth + 1);
            sb.append('.').append(f.getNameAsString());
        } else if (e instanceof MethodCallExpr m) {
            if (m.getScope().isPresent()) {
                render(m.getScope().get(), sb, depth + 1);
                sb.append('.');
            }
            sb.append(m.getNameAsString()).append(m.getArguments().isEmpty() ? "()" : "(...)");
        } else if (e instanceof ThisExpr t) {
            t.getTypeName().ifPresent(x -> sb.append(x.asString()).append('.'));
            sb.append("this");
        } else if (e instanceof SuperExpr) {
            sb.append("super");
        } else if (e instanceof EnclosedExpr en) {
            sb.append('(');
            render(en.getInner(), sb, depth + 1);
            sb.append(')');
        } else if (e instanceof CastExpr c) {
            sb.append("((").append(c.getType().asString()).append(") ");
            render(c.getExpression(), sb, depth + 1);
            sb.append(')');
        } else if (e instanceof ObjectCreationExpr o) {
            sb.append("new ").append(o.getType().getNameWithScope()).append("(...)");
        } else if (e instanceof TypeExpr t) {
            sb.append(t.getType().asString());
        } else if (e instanceof StringLiteralExpr s) {
            // A string literal is a value of its own (one interned object per text): locks on two texts differ.
            sb.append('"').append(s.getValue()).append('"');
        } else if (e instanceof UnaryExpr || e instanceof LambdaExpr) {
            sb.append("...");
        } else {
            sb.append("(...)");
        }
    }
}
