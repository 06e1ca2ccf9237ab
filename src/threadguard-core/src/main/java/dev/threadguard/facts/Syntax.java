package dev.threadguard.facts;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.Statement;

/** Questions about the syntax tree alone, shared by the extractors. */
final class Syntax {

    private Syntax() {
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
}
