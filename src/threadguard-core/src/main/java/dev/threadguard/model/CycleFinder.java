package dev.threadguard.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Elementary cycles of a directed graph whose nodes are strings and whose edges carry a value: strongly
 * connected components (Tarjan, iterative), then the cycles of each component shortest first, each once
 * from its smallest node, bounded so that a huge or dense graph cannot blow up the run. A cycle through the
 * nodes of a shorter one already found is left out: it repeats what that one says.
 *
 * @param <E> the edge values
 */
public final class CycleFinder<E> {

    /** Edge visits allowed per component: a dense component cannot stall the run. */
    static final int BUDGET = 200_000;

    private final Map<String, Map<String, E>> edges;
    private final int maxLength;
    private final int maxPerComponent;
    private final Predicate<List<E>> keep;

    /**
     * @param edges           for each node, its successors and the edge to each, in a stable order
     * @param maxLength       the longest cycle looked for
     * @param maxPerComponent the most cycles kept from one component
     * @param keep            whether a cycle found is kept (one rejected does not count against the bound)
     */
    public CycleFinder(Map<String, Map<String, E>> edges, int maxLength, int maxPerComponent, Predicate<List<E>> keep) {
        this.edges = edges;
        this.maxLength = maxLength;
        this.maxPerComponent = maxPerComponent;
        this.keep = keep;
    }

    /** The cycles kept, each as its edges from its smallest node, components in discovery order. */
    public List<List<E>> cycles(java.util.function.Function<E, String> target) {
        List<List<E>> out = new ArrayList<>();
        for (List<String> component : components(new ArrayList<>(edges.keySet()))) {
            if (component.size() < 2) {
                continue;
            }
            Set<String> members = new HashSet<>(component);
            Collections.sort(component);
            Search search = new Search(members, target, out);
            for (int length = 2; length <= maxLength && !search.exhausted(); length++) {
                for (String start : component) {
                    search.from(start, length);
                }
            }
        }
        return out;
    }

    private final class Search {
        private final Set<String> members;
        private final java.util.function.Function<E, String> target;
        private final List<List<E>> out;
        private final List<Set<String>> accepted = new ArrayList<>();
        private final Deque<E> path = new ArrayDeque<>();
        private final Deque<String> nodesOnPath = new ArrayDeque<>();
        private final Set<String> onPath = new HashSet<>();
        private int visits;
        private int found;

        Search(Set<String> members, java.util.function.Function<E, String> target, List<List<E>> out) {
            this.members = members;
            this.target = target;
            this.out = out;
        }

        boolean exhausted() {
            return visits >= BUDGET || found >= maxPerComponent;
        }

        void from(String start, int length) {
            onPath.add(start);
            nodesOnPath.addLast(start);
            walk(start, start, length);
            nodesOnPath.removeLast();
            onPath.remove(start);
        }

        private void walk(String start, String at, int length) {
            for (E e : edges.getOrDefault(at, Map.of()).values()) {
                if (exhausted()) {
                    return;
                }
                visits++;
                String next = target.apply(e);
                if (next.equals(start) && path.size() + 1 == length) {
                    path.addLast(e);
                    record(new ArrayList<>(path), new HashSet<>(nodesOnPath));
                    path.removeLast();
                } else if (members.contains(next) && next.compareTo(start) > 0 && !onPath.contains(next)
                        && path.size() + 1 < length) {
                    path.addLast(e);
                    onPath.add(next);
                    nodesOnPath.addLast(next);
                    walk(start, next, length);
                    nodesOnPath.removeLast();
                    onPath.remove(next);
                    path.removeLast();
                }
            }
        }

        private void record(List<E> cycle, Set<String> nodes) {
            for (Set<String> shorter : accepted) {
                if (nodes.containsAll(shorter)) {
                    return;
                }
            }
            if (keep.test(cycle)) {
                accepted.add(nodes);
                out.add(cycle);
                found++;
            }
        }
    }

    /** A node of the strongly-connected-components search, with the successors still to visit. */
    private record Frame(String node, Iterator<String> next) {
    }

    /** Strongly connected components (Tarjan, iterative), over the nodes with outgoing edges. */
    private List<List<String>> components(List<String> keys) {
        Map<String, Integer> indexOf = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<List<String>> out = new ArrayList<>();
        int counter = 0;
        for (String root : keys) {
            if (indexOf.containsKey(root)) {
                continue;
            }
            Deque<Frame> frames = new ArrayDeque<>();
            frames.push(new Frame(root, successors(root)));
            indexOf.put(root, counter);
            low.put(root, counter++);
            stack.push(root);
            onStack.add(root);
            while (!frames.isEmpty()) {
                Frame f = frames.peek();
                String v = f.node();
                Iterator<String> it = f.next();
                if (it.hasNext()) {
                    String w = it.next();
                    if (!indexOf.containsKey(w)) {
                        indexOf.put(w, counter);
                        low.put(w, counter++);
                        stack.push(w);
                        onStack.add(w);
                        frames.push(new Frame(w, successors(w)));
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), indexOf.get(w)));
                    }
                } else {
                    frames.pop();
                    if (!frames.isEmpty()) {
                        String parent = frames.peek().node();
                        low.put(parent, Math.min(low.get(parent), low.get(v)));
                    }
                    if (low.get(v).equals(indexOf.get(v))) {
                        List<String> component = new ArrayList<>();
                        String w;
                        do {
                            w = stack.pop();
                            onStack.remove(w);
                            component.add(w);
                        } while (!w.equals(v));
                        out.add(component);
                    }
                }
            }
        }
        return out;
    }

    private Iterator<String> successors(String node) {
        return new ArrayList<>(edges.getOrDefault(node, Map.of()).keySet()).iterator();
    }
}
