package dev.threadguard.facts;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The run-at-once part of the one walk of {@link FactExtractor}: which methods call a parameter directly, and
 * which lambdas are handed to a call and walked in place ({@link InlineRuns}). The walker calls the hooks.
 */
final class InlineRunExtractor {

    /** Methods of a functional parameter that build a new function instead of running it. */
    private static final Set<String> COMPOSING = Set.of("andThen", "compose", "negate", "and", "or", "equals",
            "hashCode", "toString", "getClass");

    /** A method being walked: its parameters' direct calls, and the parameters used any other way. */
    private static final class Method {
        final MethodDeclaration decl;
        final String key;
        /** The parameters' names, in order. */
        final String[] parameters;
        final List<InlineRuns.ParameterRun> found = new ArrayList<>();
        final Set<Integer> spoiled = new HashSet<>();

        Method(MethodDeclaration decl, String key) {
            this.decl = decl;
            this.key = key;
            this.parameters = new String[decl.getParameters().size()];
            for (int i = 0; i < parameters.length; i++) {
                parameters[i] = decl.getParameter(i).getNameAsString();
            }
        }

        int parameter(String name) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private final WalkerScope scope;
    private final ArrayDeque<Method> methods = new ArrayDeque<>();
    private final List<InlineRuns.ParameterRun> runs = new ArrayList<>();
    private final List<InlineRuns.Passed> passed = new ArrayList<>();

    InlineRunExtractor(WalkerScope scope) {
        this.scope = scope;
    }

    InlineRuns finish() {
        return runs.isEmpty() && passed.isEmpty() ? InlineRuns.NONE : new InlineRuns(List.copyOf(runs), List.copyOf(passed));
    }

    /** A method with a body starts; {@code key} is its {@link LockBody#key}. */
    void enterMethod(MethodDeclaration n, String key) {
        methods.push(new Method(n, n.getParameters().isEmpty() || n.getBody().isEmpty() ? null : key));
    }

    void exitMethod() {
        Method m = methods.pop();
        for (InlineRuns.ParameterRun r : m.found) {
            if (!m.spoiled.contains(r.parameter())) {
                runs.add(r);
            }
        }
    }

    /** A simple name is used: a parameter called directly, or used any other way. */
    void name(NameExpr n) {
        String name = n.getNameAsString();
        boolean innermost = true;
        for (Method m : methods) {
            int i = m.parameter(name);
            if (i >= 0) {
                if (m.key == null) {
                    return;
                }
                if (innermost && n.getParentNode().orElse(null) instanceof MethodCallExpr call
                        && call.getScope().orElse(null) == n && !COMPOSING.contains(call.getNameAsString())
                        && directlyIn(call, m.decl)) {
                    m.found.add(new InlineRuns.ParameterRun(m.key, i, scope.held(), FactExtractor.pos(call)));
                } else {
                    m.spoiled.add(i);
                }
                return;
            }
            innermost = false;
        }
    }

    /** A lambda the walk keeps in place (it does not run later): noted when it is an argument of a call. */
    void inlineLambda(LambdaExpr n) {
        Node child = n;
        Node user = n.getParentNode().orElse(null);
        while (user instanceof EnclosedExpr || user instanceof CastExpr) {
            child = user;
            user = user.getParentNode().orElse(null);
        }
        if (user instanceof MethodCallExpr call) {
            for (int i = 0; i < call.getArguments().size(); i++) {
                if (call.getArgument(i) == child) {
                    passed.add(new InlineRuns.Passed(FactExtractor.pos(n), FactExtractor.pos(call), call.getNameAsString(),
                            call.getArguments().size(), i));
                    return;
                }
            }
        }
    }

    /** Whether the call sits in the method's own code: not in a lambda or a class body within it. */
    private static boolean directlyIn(Node node, MethodDeclaration m) {
        for (Node p = node.getParentNode().orElse(null); p != null; p = p.getParentNode().orElse(null)) {
            if (p == m) {
                return true;
            }
            if (p instanceof LambdaExpr || p instanceof ObjectCreationExpr o && o.getAnonymousClassBody().isPresent()
                    || p instanceof TypeDeclaration<?>) {
                return false;
            }
        }
        return false;
    }
}
