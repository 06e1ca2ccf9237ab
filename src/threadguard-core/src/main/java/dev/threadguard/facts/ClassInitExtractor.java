package dev.threadguard.facts;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.LocalClassDeclarationStmt;
import com.github.javaparser.ast.stmt.LocalRecordDeclarationStmt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.threadguard.facts.FactExtractor.pos;

/**
 * The class-initialization part of the walk of {@link FactExtractor}: when the walker leaves a type declaration
 * (its fields known to the scope), {@link #type} reads that type's static initialization, which is a small part
 * of the tree, and records which other types it makes the JVM initialize ({@link ClassInitFacts}). Code that
 * runs later (lambdas, anonymous and local class bodies) is left out; static methods of the same type called
 * from the initialization are followed, other types' methods are not.
 */
final class ClassInitExtractor {

    /** A name written like a type: optional lower-case package segments, then capitalized segments. */
    private static final Pattern TYPE_LIKE = Pattern.compile("([a-z_][\\w$]*\\.)*[A-Z][\\w$]*(\\.[A-Z][\\w$]*)*");

    private final WalkerScope scope;
    private final List<ClassInitFacts.StaticInit> inits = new ArrayList<>();

    ClassInitExtractor(WalkerScope scope) {
        this.scope = scope;
    }

    /** Called by the walker at the end of a type declaration, while the type is still the scope's. */
    void type(TypeDeclaration<?> n) {
        boolean allStatic = n instanceof com.github.javaparser.ast.body.ClassOrInterfaceDeclaration c
                && c.isInterface();
        List<Node> roots = new ArrayList<>();
        Map<String, List<MethodDeclaration>> staticMethods = new HashMap<>();
        if (n instanceof EnumDeclaration e) {
            for (EnumConstantDeclaration k : e.getEntries()) {
                roots.addAll(k.getArguments());
            }
        }
        for (BodyDeclaration<?> member : n.getMembers()) {
            if (member instanceof FieldDeclaration f && (allStatic || f.isStatic())) {
                for (VariableDeclarator v : f.getVariables()) {
                    v.getInitializer().ifPresent(roots::add);
                }
            } else if (member instanceof InitializerDeclaration i && i.isStatic()) {
                roots.add(i.getBody());
            } else if (member instanceof MethodDeclaration m && m.isStatic() && m.getBody().isPresent()) {
                staticMethods.computeIfAbsent(m.getNameAsString(), k -> new ArrayList<>()).add(m);
            }
        }
        if (roots.isEmpty()) {
            return;
        }
        List<ClassInitFacts.InitRef> refs = new ArrayList<>();
        Set<String> followed = new HashSet<>();
        Deque<Work> pending = new ArrayDeque<>();
        for (Node root : roots) {
            pending.add(new Work(root, null));
        }
        while (!pending.isEmpty()) {
            Work w = pending.poll();
            Set<String> locals = new HashSet<>();
            collectLocals(w.node(), locals);
            List<String> calls = new ArrayList<>();
            scan(w.node(), w.via(), locals, refs, calls);
            for (String name : calls) {
                if (staticMethods.containsKey(name) && followed.add(name)) {
                    for (MethodDeclaration m : staticMethods.get(name)) {
                        pending.add(new Work(m.getBody().get(), m.getNameAsString()));
                    }
                }
            }
        }
        if (!refs.isEmpty()) {
            inits.add(new ClassInitFacts.StaticInit(scope.scopeType(), List.copyOf(refs)));
        }
    }

    private record Work(Node node, String via) {
    }

    ClassInitFacts finish() {
        return inits.isEmpty() ? ClassInitFacts.NONE : new ClassInitFacts(List.copyOf(inits));
    }

    /** The names declared as locals or parameters in the code, which hide type names. */
    private static void collectLocals(Node n, Set<String> out) {
        if (n instanceof VariableDeclarator v) {
            out.add(v.getNameAsString());
        } else if (n instanceof Parameter p) {
            out.add(p.getNameAsString());
        }
        for (Node child : n.getChildNodes()) {
            collectLocals(child, out);
        }
        if (n.getParentNode().orElse(null) instanceof MethodDeclaration m && m.getBody().orElse(null) == n) {
            m.getParameters().forEach(p -> out.add(p.getNameAsString()));
        }
    }

    private void scan(Node n, String via, Set<String> locals, List<ClassInitFacts.InitRef> refs, List<String> calls) {
        if (n instanceof LambdaExpr || n instanceof MethodReferenceExpr || n instanceof ClassExpr
                || n instanceof LocalClassDeclarationStmt || n instanceof LocalRecordDeclarationStmt) {
            return; // runs later, or names the type without initializing it
        }
        if (n instanceof ObjectCreationExpr c) {
            TypeName t = scope.typeName(c.getType());
            if (t != null && c.getScope().isEmpty()) {
                refs.add(new ClassInitFacts.InitRef(ClassInitFacts.Kind.NEW, t, "new", via, pos(c)));
            }
            c.getArguments().forEach(a -> scan(a, via, locals, refs, calls));
            return; // an anonymous body runs its code when called, not now
        }
        if (n instanceof MethodCallExpr call) {
            if (call.getScope().isEmpty()) {
                calls.add(call.getNameAsString());
            } else if (typeLike(call.getScope().get(), locals)) {
                refs.add(new ClassInitFacts.InitRef(ClassInitFacts.Kind.STATIC_CALL,
                        TypeName.of(call.getScope().get().toString()), call.getNameAsString(), via, pos(call)));
                scan(call.getScope().get(), via, locals, refs, calls); // Color.RED.name() reads Color.RED
                call.getArguments().forEach(a -> scan(a, via, locals, refs, calls));
                return;
            }
        } else if (n instanceof FieldAccessExpr f && typeLike(f.getScope(), locals)) {
            refs.add(new ClassInitFacts.InitRef(ClassInitFacts.Kind.STATIC_FIELD, TypeName.of(f.getScope().toString()),
                    f.getNameAsString(), via, pos(f)));
            return;
        }
        for (Node child : n.getChildNodes()) {
            scan(child, via, locals, refs, calls);
        }
    }

    /** Whether an expression reads as a type name: not a local, a parameter or a field in scope. */
    private boolean typeLike(Expression e, Set<String> locals) {
        if (!(e instanceof NameExpr || e instanceof FieldAccessExpr)) {
            return false;
        }
        String text = e.toString();
        if (!TYPE_LIKE.matcher(text).matches()) {
            return false;
        }
        int dot = text.indexOf('.');
        String first = dot < 0 ? text : text.substring(0, dot);
        return !locals.contains(first) && scope.fieldOwner(first) == null;
    }
}
