package dev.threadguard.report;

import dev.threadguard.model.LockGraph;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The lock-order graph in Graphviz DOT: a node per lock, an edge A &rarr; B labelled with the method that
 * takes B while holding A, and the line where it takes B or calls the method that does, the locks and edges of every cycle in red.
 */
public final class LockGraphDot {

    private LockGraphDot() {
    }

    /**
     * Writes the graph; with {@code cyclesOnly}, only the locks and edges that take part in a cycle.
     */
    public static void write(LockGraph graph, boolean cyclesOnly, Appendable out) throws IOException {
        Set<String> cycleNodes = new HashSet<>();
        Set<LockGraph.Edge> cycleEdges = new HashSet<>();
        for (LockGraph.Cycle c : graph.cycles()) {
            for (LockGraph.Edge e : c.edges()) {
                cycleEdges.add(e);
                cycleNodes.add(e.from().key());
            }
        }
        for (LockGraph.SelfCycle s : graph.selfCycles()) {
            cycleNodes.add(s.node().key());
        }
        out.append("// threadguard lock-order graph: an edge A -> B where B is taken while A is held.\n");
        out.append("// Locks and edges of cycles (possible deadlocks) are red.\n");
        out.append("digraph locks {\n");
        out.append("  graph [rankdir=LR, fontname=\"Helvetica\", label=\"lock order (")
                .append(String.valueOf(graph.cycles().size() + graph.selfCycles().size()))
                .append(graph.cycles().size() + graph.selfCycles().size() == 1 ? " cycle" : " cycles")
                .append(")\", labelloc=t];\n");
        out.append("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
        out.append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
        java.util.TreeSet<LockGraph.Node> nodes = new java.util.TreeSet<>(graph.nodes());
        for (LockGraph.SelfCycle s : graph.selfCycles()) {
            nodes.add(s.node());
        }
        for (LockGraph.Node n : nodes) {
            boolean inCycle = cycleNodes.contains(n.key());
            if (cyclesOnly && !inCycle) {
                continue;
            }
            out.append("  ").append(quote(n.key())).append(" [label=").append(quote(n.label()));
            if (inCycle) {
                out.append(", color=red, fontcolor=red, penwidth=2");
            }
            out.append("];\n");
        }
        for (LockGraph.Edge e : graph.edges()) {
            boolean inCycle = cycleEdges.contains(e);
            if (cyclesOnly && !inCycle) {
                continue;
            }
            String where = e.body().member() + "()";
            out.append("  ").append(quote(e.from().key())).append(" -> ").append(quote(e.to().key()))
                    .append(" [label=").append(quote(where + "\n" + file(e.body().file().path()) + ":"
                            + LockGraph.at(e.path()).line()));
            if (inCycle) {
                out.append(", color=red, fontcolor=red, penwidth=2");
            }
            out.append("];\n");
        }
        for (LockGraph.SelfCycle s : graph.selfCycles()) {
            out.append("  ").append(quote(s.node().key())).append(" -> ").append(quote(s.node().key()))
                    .append(" [label=").append(quote(s.body().member() + "()\n" + file(s.body().file().path()) + ":"
                            + s.second().pos().line() + ", " + s.first().name() + " then " + s.second().name()))
                    .append(", color=red, fontcolor=red, penwidth=2];\n");
        }
        out.append("}\n");
    }

    private static String file(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * A DOT string: quoted, with quotes and backslashes escaped and new lines as {@code \n}. Names and paths
     * come from the sources and the file system, and may hold what must not reach a terminal or an SVG file:
     * other control characters, bidirectional controls, characters XML forbids, shown instead as the text
     * {@code \u001b}; and an {@code &}, which Graphviz would take for the start of an entity such as
     * {@code &#27;}, written as {@code &amp;}.
     */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '&' -> b.append("&amp;");
                default -> {
                    boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
                    if (pairedSurrogate) {
                        b.append(c).append(s.charAt(++i));
                    } else if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF'
                            || isBidiControl(c)) {
                        b.append(String.format("\\\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static boolean isBidiControl(char c) {
        return c == '\u061c' || c == '\u200e' || c == '\u200f'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
