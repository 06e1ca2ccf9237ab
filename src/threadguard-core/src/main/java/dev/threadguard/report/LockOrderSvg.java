package dev.threadguard.report;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link LockOrderPicture} as inline SVG, laid out here so that no Graphviz is needed to view it: a
 * layered drawing read left to right (the Sugiyama scheme in its simplest form). Orderings that close a
 * cycle are turned around for the layering only; locks get the longest-path layer; a few sweeps of the
 * barycentre heuristic order each layer to cut crossings. Orderings that go forward are curves between
 * neighbouring sides; the others arc below; a self-cycle is a loop above its lock. Cycles are red.
 */
final class LockOrderSvg {

    private static final int CHAR = 7;
    private static final int NODE_H = 28;
    private static final int ROW_GAP = 48;
    private static final int MARGIN = 24;

    private LockOrderSvg() {
    }

    static void write(LockOrderPicture p, Appendable out) throws IOException {
        int n = p.nodes().size();
        List<List<Integer>> succ = new ArrayList<>();
        List<List<Integer>> pred = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            succ.add(new ArrayList<>());
            pred.add(new ArrayList<>());
        }
        boolean[] reversed = backEdges(p, n);
        for (int k = 0; k < p.edges().size(); k++) {
            LockOrderPicture.Edge e = p.edges().get(k);
            if (e.from() == e.to()) {
                continue;
            }
            int a = reversed[k] ? e.to() : e.from();
            int b = reversed[k] ? e.from() : e.to();
            succ.get(a).add(b);
            pred.get(b).add(a);
        }
        int[] layer = layers(n, succ, pred);
        int layers = Arrays.stream(layer).max().orElse(-1) + 1;
        List<List<Integer>> rows = order(n, layer, layers, succ, pred);

        int[] width = new int[n];
        for (int i = 0; i < n; i++) {
            width[i] = p.nodes().get(i).label().length() * CHAR + 20;
        }
        int longestLabel = p.edges().stream().mapToInt(e -> e.where().length()).max().orElse(0);
        int gap = Math.max(150, Math.min(300, longestLabel * 6 + 30));
        int[] x = new int[n];
        int[] y = new int[n];
        int left = MARGIN;
        int tallest = rows.stream().mapToInt(List::size).max().orElse(0);
        int height = tallest * (NODE_H + ROW_GAP);
        for (List<Integer> row : rows) {
            int colWidth = row.stream().mapToInt(i -> width[i]).max().orElse(0);
            int top = MARGIN + 30 + (height - row.size() * (NODE_H + ROW_GAP)) / 2;
            for (int r = 0; r < row.size(); r++) {
                int v = row.get(r);
                x[v] = left + (colWidth - width[v]) / 2;
                y[v] = top + r * (NODE_H + ROW_GAP);
            }
            left += colWidth + gap;
        }
        int backEdges = 0;
        for (int k = 0; k < p.edges().size(); k++) {
            LockOrderPicture.Edge e = p.edges().get(k);
            if (e.from() != e.to() && layer[e.to()] <= layer[e.from()]) {
                backEdges++;
            }
        }
        int svgW = Math.max(200, left - gap + MARGIN);
        int svgH = MARGIN + 30 + height + 40 + backEdges * 14 + MARGIN;

        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lock-graph\" role=\"img\" width=\"")
                .append(Integer.toString(svgW)).append("\" height=\"").append(Integer.toString(svgH))
                .append("\" viewBox=\"0 0 ").append(Integer.toString(svgW)).append(' ').append(Integer.toString(svgH))
                .append("\" aria-label=\"lock-order graph: ").append(Integer.toString(n)).append(" locks, ")
                .append(Integer.toString(p.edges().size())).append(" orderings\">\n");
        out.append("<defs>")
                .append(marker("arrow", "#555"))
                .append(marker("arrow-cycle", "#c62828"))
                .append("</defs>\n");
        int below = 0;
        for (int k = 0; k < p.edges().size(); k++) {
            LockOrderPicture.Edge e = p.edges().get(k);
            String cls = e.inCycle() ? "edge cycle" : "edge";
            String path;
            double lx;
            double ly;
            int a = e.from();
            int b = e.to();
            if (a == b) {
                double cx = x[a] + width[a] / 2.0;
                path = "M" + f(cx - 12) + "," + y[a] + " C" + f(cx - 30) + "," + f(y[a] - 34.0) + " " + f(cx + 30)
                        + "," + f(y[a] - 34.0) + " " + f(cx + 12) + "," + y[a];
                lx = cx + 34;
                ly = y[a] - 22;
            } else if (layer[b] > layer[a]) {
                double x0 = x[a] + width[a];
                double y0 = y[a] + NODE_H / 2.0;
                double x3 = x[b];
                double y3 = y[b] + NODE_H / 2.0;
                double dx = (x3 - x0) / 2;
                path = "M" + f(x0) + "," + f(y0) + " C" + f(x0 + dx) + "," + f(y0) + " " + f(x3 - dx) + "," + f(y3)
                        + " " + f(x3) + "," + f(y3);
                lx = (x0 + x3) / 2;
                ly = (y0 + y3) / 2 - 4;
            } else {
                below++;
                double x0 = x[a] + width[a] / 2.0;
                double y0 = y[a] + NODE_H;
                double x3 = x[b] + width[b] / 2.0 + 6;
                double y3 = y[b] + NODE_H;
                double depth = Math.max(y0, y3) + 30 + below * 14;
                path = "M" + f(x0) + "," + f(y0) + " C" + f(x0) + "," + f(depth) + " " + f(x3) + "," + f(depth) + " "
                        + f(x3) + "," + f(y3);
                lx = (x0 + x3) / 2;
                ly = 0.25 * y0 + 0.75 * depth - 2;
            }
            out.append("<g class=\"").append(cls).append("\"><title>")
                    .append(HtmlReport.escape(p.nodes().get(a).label() + " → " + p.nodes().get(b).label() + ": "
                            + e.where()))
                    .append("</title><path d=\"").append(path).append("\" marker-end=\"url(#")
                    .append(e.inCycle() ? "arrow-cycle" : "arrow").append(")\"/>")
                    .append("<text x=\"").append(f(lx)).append("\" y=\"").append(f(ly))
                    .append("\" text-anchor=\"").append(a == b ? "start" : "middle").append("\">")
                    .append(HtmlReport.escape(e.where())).append("</text></g>\n");
        }
        for (int i = 0; i < n; i++) {
            LockOrderPicture.Node node = p.nodes().get(i);
            out.append("<g class=\"node").append(node.inCycle() ? " cycle" : "").append("\"><title>")
                    .append(HtmlReport.escape(node.key())).append("</title><rect x=\"").append(Integer.toString(x[i]))
                    .append("\" y=\"").append(Integer.toString(y[i])).append("\" width=\"")
                    .append(Integer.toString(width[i])).append("\" height=\"").append(Integer.toString(NODE_H))
                    .append("\" rx=\"6\"/><text x=\"").append(f(x[i] + width[i] / 2.0)).append("\" y=\"")
                    .append(Integer.toString(y[i] + 18)).append("\" text-anchor=\"middle\">")
                    .append(HtmlReport.escape(node.label())).append("</text></g>\n");
        }
        out.append("</svg>\n");
    }

    private static String marker(String id, String colour) {
        return "<marker id=\"" + id + "\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
                + "markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"" + colour
                + "\"/></marker>";
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Edges that close a cycle in a depth-first search from each lock in order: turned around for layering. */
    private static boolean[] backEdges(LockOrderPicture p, int n) {
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
        }
        for (int k = 0; k < p.edges().size(); k++) {
            out.get(p.edges().get(k).from()).add(k);
        }
        boolean[] reversed = new boolean[p.edges().size()];
        int[] state = new int[n]; // 0 new, 1 on the stack, 2 done
        for (int root = 0; root < n; root++) {
            if (state[root] != 0) {
                continue;
            }
            // An explicit stack: graphs of big programs are deep enough to overflow recursion.
            Deque<int[]> stack = new ArrayDeque<>();
            stack.push(new int[] {root, 0});
            state[root] = 1;
            while (!stack.isEmpty()) {
                int[] top = stack.peek();
                List<Integer> edges = out.get(top[0]);
                if (top[1] == edges.size()) {
                    state[top[0]] = 2;
                    stack.pop();
                    continue;
                }
                int k = edges.get(top[1]++);
                int to = p.edges().get(k).to();
                if (state[to] == 1) {
                    reversed[k] = true;
                } else if (state[to] == 0) {
                    state[to] = 1;
                    stack.push(new int[] {to, 0});
                }
            }
        }
        return reversed;
    }

    /** Longest-path layers over the acyclic orientation, in topological order. */
    private static int[] layers(int n, List<List<Integer>> succ, List<List<Integer>> pred) {
        int[] layer = new int[n];
        int[] waiting = new int[n];
        Deque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            waiting[i] = pred.get(i).size();
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        while (!ready.isEmpty()) {
            int v = ready.poll();
            for (int w : succ.get(v)) {
                layer[w] = Math.max(layer[w], layer[v] + 1);
                if (--waiting[w] == 0) {
                    ready.add(w);
                }
            }
        }
        return layer;
    }

    /** Each layer's locks, ordered by four sweeps of the barycentre of their neighbours' positions. */
    private static List<List<Integer>> order(int n, int[] layer, int layers, List<List<Integer>> succ,
                                             List<List<Integer>> pred) {
        List<List<Integer>> rows = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            rows.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            rows.get(layer[i]).add(i);
        }
        double[] position = new double[n];
        for (List<Integer> row : rows) {
            for (int r = 0; r < row.size(); r++) {
                position[row.get(r)] = r;
            }
        }
        for (int sweep = 0; sweep < 4; sweep++) {
            boolean down = sweep % 2 == 0;
            for (int l = down ? 1 : layers - 2; down ? l < layers : l >= 0; l += down ? 1 : -1) {
                List<Integer> row = rows.get(l);
                double[] bary = new double[n];
                for (int v : row) {
                    List<Integer> near = down ? pred.get(v) : succ.get(v);
                    bary[v] = near.isEmpty() ? position[v]
                            : near.stream().mapToDouble(u -> position[u]).average().orElse(position[v]);
                }
                row.sort(Comparator.<Integer>comparingDouble(v -> bary[v]).thenComparingDouble(v -> position[v]));
                for (int r = 0; r < row.size(); r++) {
                    position[row.get(r)] = r;
                }
            }
        }
        return rows;
    }
}
