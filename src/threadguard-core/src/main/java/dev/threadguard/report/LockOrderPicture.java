package dev.threadguard.report;

import dev.threadguard.model.LockGraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The lock-order graph as a report draws it: locks and orderings, each marked when it belongs to a cycle.
 * Plain values, so that a report needs nothing of the analysis that found them.
 *
 * @param nodes locks, sorted by key
 * @param edges orderings: {@code from} is held while {@code to} is taken; a self-cycle is an edge from a node
 *              to itself
 */
public record LockOrderPicture(List<Node> nodes, List<Edge> edges) {

    /** A lock. */
    public record Node(String key, String label, boolean inCycle) {
    }

    /**
     * An ordering, between indexes of {@link #nodes()}.
     *
     * @param where the method that takes {@code to} holding {@code from}, and the file and line where it does
     */
    public record Edge(int from, int to, String where, boolean inCycle) {
    }

    /** No graph: a report without one says so. */
    public static final LockOrderPicture NONE = new LockOrderPicture(List.of(), List.of());

    public LockOrderPicture {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** The picture of {@code graph}. */
    public static LockOrderPicture of(LockGraph graph) {
        Set<String> cycleNodes = new HashSet<>();
        Set<LockGraph.Edge> cycleEdges = new HashSet<>();
        for (LockGraph.Cycle c : graph.cycles()) {
            for (LockGraph.Edge e : c.edges()) {
                cycleEdges.add(e);
                cycleNodes.add(e.from().key());
            }
        }
        TreeSet<LockGraph.Node> all = new TreeSet<>(graph.nodes());
        for (LockGraph.SelfCycle s : graph.selfCycles()) {
            all.add(s.node());
            cycleNodes.add(s.node().key());
        }
        List<Node> nodes = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (LockGraph.Node n : all) {
            index.put(n.key(), nodes.size());
            nodes.add(new Node(n.key(), n.label(), cycleNodes.contains(n.key())));
        }
        List<Edge> edges = new ArrayList<>();
        for (LockGraph.Edge e : graph.edges()) {
            edges.add(new Edge(index.get(e.from().key()), index.get(e.to().key()),
                    e.body().member() + "() " + file(e.body().file().path()) + ":" + LockGraph.at(e.path()).line(),
                    cycleEdges.contains(e)));
        }
        for (LockGraph.SelfCycle s : graph.selfCycles()) {
            int i = index.get(s.node().key());
            edges.add(new Edge(i, i, s.body().member() + "() " + file(s.body().file().path()) + ":"
                    + s.second().pos().line() + ", " + s.first().name() + " then " + s.second().name(), true));
        }
        return new LockOrderPicture(nodes, edges);
    }

    private static String file(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Only the locks and orderings of cycles, renumbered. */
    public LockOrderPicture cyclesOnly() {
        List<Node> kept = new ArrayList<>();
        int[] renumber = new int[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            renumber[i] = -1;
            if (nodes.get(i).inCycle()) {
                renumber[i] = kept.size();
                kept.add(nodes.get(i));
            }
        }
        List<Edge> keptEdges = new ArrayList<>();
        for (Edge e : edges) {
            if (e.inCycle()) {
                keptEdges.add(new Edge(renumber[e.from()], renumber[e.to()], e.where(), true));
            }
        }
        return new LockOrderPicture(kept, keptEdges);
    }
}
