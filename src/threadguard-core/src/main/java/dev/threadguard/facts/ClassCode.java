package dev.threadguard.facts;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a piece of code reads within its class, as the class's own text shows: the names it uses, and those of the
 * methods of the class it calls on itself ({@code m()}, {@code this.m()}), followed a few calls deep. Used by the
 * extractors that ask whether a task handed to another thread reads a field (a stop flag, a field set late).
 */
final class ClassCode {

    private ClassCode() {
    }

    /**
     * The names (variables, fields, {@code this.f}) that {@code roots} and the methods of {@code type} they call on
     * themselves read, {@code depth} calls deep; {@code methods} names methods of the type to start from as well and
     * collects every method followed.
     */
    static Set<String> reads(Collection<? extends Node> roots, Set<String> methods, TypeDeclaration<?> type,
                             int depth) {
        Set<String> names = new HashSet<>();
        List<Node> todo = new ArrayList<>(roots);
        for (String m : methods) {
            todo.addAll(type.getMethodsByName(m));
        }
        for (int d = 0; d <= depth && !todo.isEmpty(); d++) {
            List<Node> next = new ArrayList<>();
            for (Node code : todo) {
                code.findAll(NameExpr.class).forEach(x -> names.add(x.getNameAsString()));
                for (FieldAccessExpr f : code.findAll(FieldAccessExpr.class)) {
                    if (f.getScope() instanceof ThisExpr) {
                        names.add(f.getNameAsString());
                    }
                }
                for (MethodCallExpr c : code.findAll(MethodCallExpr.class)) {
                    if ((c.getScope().isEmpty() || c.getScope().get() instanceof ThisExpr)
                            && methods.add(c.getNameAsString())) {
                        next.addAll(type.getMethodsByName(c.getNameAsString()));
                    }
                }
            }
            todo = next;
        }
        return names;
    }
}
