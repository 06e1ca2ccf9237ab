package dev.threadguard.report;

import dev.threadguard.AnalysisResult;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleInfo;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;
import dev.threadguard.source.Diagnostic;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One self-contained HTML page (no script, style sheet, font or image fetched from anywhere): the findings
 * grouped by rule, then by file, each with its message, an excerpt of the source around it and its trace;
 * the lock-order graph drawn in inline SVG ({@link LockOrderSvg}); the parse problems; and the page of
 * every rule reported, from the {@code rules/*.md} bundled in the jar, which the findings link to. The
 * markup is also well-formed XML, which is how the tests read it.
 */
public final class HtmlReport implements ReportWriter {

    /** Above this many locks the whole graph is unreadable: only the locks and orderings of cycles are drawn. */
    static final int MAX_NODES = 80;

    /** Lines of source shown before and after a finding's line. */
    private static final int CONTEXT = 2;

    private final LockOrderPicture graph;

    /** A report without the lock-order graph. */
    public HtmlReport() {
        this(null);
    }

    /** A report with the lock-order graph; {@code null} when it was not computed. */
    public HtmlReport(LockOrderPicture graph) {
        this.graph = graph;
    }

    @Override
    public void write(AnalysisResult result, ReportContext context, Appendable out) throws IOException {
        Map<String, RuleInfo> rules = new LinkedHashMap<>();
        for (RuleInfo r : context.rules()) {
            rules.put(r.id(), r);
        }
        Map<String, Map<String, List<Finding>>> byRule = new TreeMap<>();
        for (Finding f : result.findings()) {
            rules.putIfAbsent(f.rule().id(), f.rule());
            byRule.computeIfAbsent(f.rule().id(), k -> new TreeMap<>())
                    .computeIfAbsent(f.path(), k -> new ArrayList<>()).add(f);
        }
        Sources sources = new Sources(context.workingDirectory());

        out.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>threadguard: ").append(escape(summary(result))).append("</title>\n")
                .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
        out.append("<header><h1>threadguard</h1><p class=\"summary\">").append(escape(summary(result)))
                .append(" · threadguard ").append(escape(context.toolVersion())).append("</p>\n");
        if (!byRule.isEmpty()) {
            out.append("<nav><ul>\n");
            for (var rule : byRule.entrySet()) {
                RuleInfo info = rules.get(rule.getKey());
                int count = rule.getValue().values().stream().mapToInt(List::size).sum();
                out.append("<li><a href=\"#rule-").append(escape(rule.getKey())).append("\">")
                        .append(escape(rule.getKey())).append("</a> <span class=\"count\">").append(Integer.toString(count))
                        .append("</span> <span class=\"family\">").append(escape(info.family().label()))
                        .append("</span></li>\n");
            }
            out.append("</ul></nav>\n");
        }
        out.append("</header>\n<main>\n");

        out.append("<section id=\"lock-order\"><h2>Lock-order graph</h2>\n");
        writeGraph(out);
        out.append("</section>\n");

        out.append("<section id=\"findings\"><h2>Findings</h2>\n");
        if (byRule.isEmpty()) {
            out.append("<p class=\"none\">No findings.</p>\n");
        }
        int number = 0;
        for (var rule : byRule.entrySet()) {
            RuleInfo info = rules.get(rule.getKey());
            String id = escape(rule.getKey());
            out.append("<section class=\"rule\" id=\"rule-").append(id).append("\">\n<h3>").append(id)
                    .append(" <span class=\"family\">").append(escape(info.family().label())).append("</span>")
                    .append(" <a class=\"page-link\" href=\"#page-").append(id).append("\">rule page</a></h3>\n")
                    .append("<p class=\"rule-summary\">").append(escape(info.summary())).append("</p>\n");
            for (var file : rule.getValue().entrySet()) {
                out.append("<details open=\"open\" class=\"file\"><summary>").append(escape(file.getKey()))
                        .append(" <span class=\"count\">").append(Integer.toString(file.getValue().size()))
                        .append("</span></summary>\n");
                for (Finding f : file.getValue()) {
                    writeFinding(out, f, ++number, sources);
                }
                out.append("</details>\n");
            }
            out.append("</section>\n");
        }
        out.append("</section>\n");

        if (!result.diagnostics().isEmpty()) {
            out.append("<section id=\"parse-problems\"><h2>Files not analysed</h2>\n<ul>\n");
            for (Diagnostic d : result.diagnostics()) {
                out.append("<li><code>").append(escape(d.path() + ":" + d.line() + ":" + d.column())).append("</code> ")
                        .append(escape(d.message())).append("</li>\n");
            }
            out.append("</ul></section>\n");
        }

        if (!byRule.isEmpty()) {
            out.append("<section id=\"rule-pages\"><h2>Rule pages</h2>\n");
            for (String id : byRule.keySet()) {
                out.append("<article class=\"rule-page\" id=\"page-").append(escape(id)).append("\">\n");
                String page = rules.get(id).documentation().orElse("# " + id + "\n\n" + rules.get(id).summary() + "\n");
                Markdown.write(page, byRule.keySet(), out);
                out.append("<p><a href=\"#rule-").append(escape(id)).append("\">back to the findings</a></p>\n")
                        .append("</article>\n");
            }
            out.append("</section>\n");
        }
        out.append("</main>\n</body>\n</html>\n");
    }

    private void writeGraph(Appendable out) throws IOException {
        if (graph == null) {
            out.append("<p class=\"none\">Not computed for this report.</p>\n");
            return;
        }
        if (graph.nodes().isEmpty()) {
            out.append("<p class=\"none\">No lock is taken while another is held.</p>\n");
            return;
        }
        long cycles = graph.edges().stream().filter(LockOrderPicture.Edge::inCycle).count();
        LockOrderPicture shown = graph;
        out.append("<p>An arrow A → B: B is taken while A is held, in the method and at the line it names. ")
                .append("Locks and orderings of cycles, possible deadlocks, are red. ")
                .append(Integer.toString(graph.nodes().size())).append(graph.nodes().size() == 1 ? " lock, " : " locks, ")
                .append(Integer.toString(graph.edges().size())).append(graph.edges().size() == 1 ? " ordering" : " orderings")
                .append(", ").append(Long.toString(cycles)).append(" of them in cycles.");
        if (graph.nodes().size() > MAX_NODES) {
            shown = graph.cyclesOnly();
            out.append(" Only the locks of cycles are drawn: the whole graph has more than ")
                    .append(Integer.toString(MAX_NODES)).append(" locks (<code>threadguard graph</code> writes it all).");
        }
        out.append("</p>\n");
        if (!shown.nodes().isEmpty()) {
            out.append("<div class=\"graph\">\n");
            LockOrderSvg.write(shown, out);
            out.append("</div>\n");
        }
    }

    private static void writeFinding(Appendable out, Finding f, int number, Sources sources) throws IOException {
        String severity = f.severity().label();
        out.append("<article class=\"finding ").append(severity).append("\" id=\"finding-").append(Integer.toString(number))
                .append("\">\n<p class=\"where\"><span class=\"badge ").append(severity).append("\">").append(severity)
                .append("</span> <code>").append(escape(f.path() + ":" + f.pos().line() + ":" + f.pos().column()))
                .append("</code> <span class=\"confidence\">").append(f.confidence().label()).append(" confidence</span>")
                .append(f.member() == null ? "" : " <span class=\"member\">" + escape(f.member()) + "</span>")
                .append("</p>\n<p class=\"message\">").append(escape(f.message())).append("</p>\n");
        excerpt(out, sources, f.path(), f.pos().line(), CONTEXT);
        if (!f.trace().isEmpty()) {
            out.append("<ol class=\"trace\">\n");
            for (TraceStep step : f.trace()) {
                out.append("<li").append(step.thread() > 0 ? " class=\"thread-" + step.thread() + "\"" : "").append(">")
                        .append(step.thread() > 0 ? "<span class=\"thread\">thread " + step.thread() + "</span> " : "")
                        .append("<code>").append(escape(step.path() + ":" + step.pos().line() + ":" + step.pos().column()))
                        .append("</code> ").append(escape(step.message()));
                excerpt(out, sources, step.path(), step.pos().line(), 0);
                out.append("</li>\n");
            }
            out.append("</ol>\n");
        }
        out.append("</article>\n");
    }

    /** The lines around {@code line}, numbered, the line itself marked; nothing when the file cannot be read. */
    private static void excerpt(Appendable out, Sources sources, String path, int line, int context) throws IOException {
        List<String> lines = sources.lines(path);
        if (lines == null || line < 1 || line > lines.size()) {
            return;
        }
        int from = Math.max(1, line - context);
        int to = Math.min(lines.size(), line + context);
        out.append("<pre class=\"excerpt\">");
        for (int i = from; i <= to; i++) {
            out.append("<span class=\"line").append(i == line ? " hit" : "").append("\"><span class=\"no\">")
                    .append(Integer.toString(i)).append("</span>").append(escape(lines.get(i - 1).stripTrailing()))
                    .append("</span>");
        }
        out.append("</pre>\n");
    }

    private static String summary(AnalysisResult result) {
        int[] bySeverity = new int[Severity.values().length];
        for (Finding f : result.findings()) {
            bySeverity[f.severity().ordinal()]++;
        }
        StringBuilder s = new StringBuilder();
        int n = result.findings().size();
        s.append(n).append(n == 1 ? " finding" : " findings");
        List<String> parts = new ArrayList<>();
        for (Severity sev : Severity.values()) {
            if (bySeverity[sev.ordinal()] > 0) {
                parts.add(bySeverity[sev.ordinal()] + " " + sev.label() + (bySeverity[sev.ordinal()] == 1 ? "" : "s"));
            }
        }
        if (!parts.isEmpty()) {
            s.append(" (").append(String.join(", ", parts)).append(')');
        }
        s.append(" in ").append(result.files()).append(result.files() == 1 ? " file" : " files");
        return s.toString();
    }

    /** Text safe in HTML and XML content and attribute values; characters XML forbids become U+FFFD. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? '\uFFFD' : c);
            }
        }
        return b.toString();
    }

    /** Source files read once each, leniently: a report never fails on a file that moved or is not UTF-8. */
    private static final class Sources {
        private final Path workingDirectory;
        private final Map<String, List<String>> lines = new HashMap<>();

        Sources(Path workingDirectory) {
            this.workingDirectory = workingDirectory;
        }

        List<String> lines(String path) {
            return lines.computeIfAbsent(path, p -> {
                try {
                    byte[] bytes = Files.readAllBytes(workingDirectory == null ? Path.of(p) : workingDirectory.resolve(p));
                    String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
                    return List.of(text.split("\r\n|\r|\n", -1));
                } catch (IOException | RuntimeException e) {
                    return null;
                }
            });
        }
    }

    /** The Markdown of the rule pages, as far as they use it: headings, paragraphs, lists, code, tables as text. */
    static final class Markdown {
        private static final Pattern INLINE = Pattern.compile("`([^`]+)`|\\*\\*([^*]+)\\*\\*|\\[([^\\]]+)\\]\\(([^)]+)\\)");

        private Markdown() {
        }

        static void write(String markdown, java.util.Set<String> pages, Appendable out) throws IOException {
            String[] lines = markdown.split("\r?\n", -1);
            StringBuilder para = new StringBuilder();
            boolean inList = false;
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.startsWith("```")) {
                    flush(para, pages, out);
                    inList = closeList(inList, out);
                    out.append("<pre class=\"code\">");
                    for (i++; i < lines.length && !lines[i].startsWith("```"); i++) {
                        out.append(escape(lines[i])).append('\n');
                    }
                    out.append("</pre>\n");
                } else if (line.matches("#{1,6} .*")) {
                    flush(para, pages, out);
                    inList = closeList(inList, out);
                    int level = Math.min(6, line.indexOf(' ') + 2); // a page's # is an h3 below the report's h2
                    out.append("<h").append(Integer.toString(Math.min(level, 6))).append('>')
                            .append(inline(line.substring(line.indexOf(' ') + 1), pages)).append("</h")
                            .append(Integer.toString(Math.min(level, 6))).append(">\n");
                } else if (line.matches("\\s*[-*] .*")) {
                    flush(para, pages, out);
                    if (!inList) {
                        out.append("<ul>\n");
                        inList = true;
                    }
                    out.append("<li>").append(inline(line.replaceFirst("\\s*[-*] ", ""), pages)).append("</li>\n");
                } else if (line.isBlank()) {
                    flush(para, pages, out);
                    inList = closeList(inList, out);
                } else if (inList && line.startsWith("  ")) {
                    out.append("<p class=\"more\">").append(inline(line.strip(), pages)).append("</p>\n");
                } else {
                    inList = closeList(inList, out);
                    para.append(para.length() == 0 ? "" : "\n").append(line.startsWith(">") ? line.substring(1).strip() : line);
                }
            }
            flush(para, pages, out);
            closeList(inList, out);
        }

        private static boolean closeList(boolean inList, Appendable out) throws IOException {
            if (inList) {
                out.append("</ul>\n");
            }
            return false;
        }

        private static void flush(StringBuilder para, java.util.Set<String> pages, Appendable out) throws IOException {
            if (para.length() > 0) {
                boolean table = para.charAt(0) == '|';
                out.append(table ? "<pre class=\"table\">" + escape(para.toString()) + "</pre>\n"
                        : "<p>" + inline(para.toString(), pages) + "</p>\n");
                para.setLength(0);
            }
        }

        /** Inline code, bold and links; a link to a rule page the report holds becomes a link inside it. */
        private static String inline(String text, java.util.Set<String> pages) {
            Matcher m = INLINE.matcher(text);
            StringBuilder b = new StringBuilder();
            int last = 0;
            while (m.find()) {
                b.append(escape(text.substring(last, m.start())));
                if (m.group(1) != null) {
                    b.append("<code>").append(escape(m.group(1))).append("</code>");
                } else if (m.group(2) != null) {
                    b.append("<strong>").append(escape(m.group(2))).append("</strong>");
                } else {
                    String target = m.group(4);
                    Matcher rule = Pattern.compile("^(?:\\.\\./rules/|rules/)?([a-z0-9-]+)\\.md$").matcher(target);
                    if (rule.matches() && pages.contains(rule.group(1))) {
                        b.append("<a href=\"#page-").append(escape(rule.group(1))).append("\">")
                                .append(escape(m.group(3))).append("</a>");
                    } else {
                        // Other links point into the repository or the web: shown as text, never fetched.
                        b.append(escape(m.group(3)));
                    }
                }
                last = m.end();
            }
            return b.append(escape(text.substring(last))).toString();
        }
    }

    private static final String STYLE = """
            :root { --err: #c62828; --warn: #b26a00; --note: #1565c0; --line: #e4e4e4; }
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1d1d1d; background: #fafafa; }
            header { background: #263238; color: #fff; padding: 16px 28px; }
            header h1 { margin: 0 0 4px; font-size: 22px; }
            header .summary { margin: 0 0 8px; opacity: .9; }
            nav ul { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 6px 14px; }
            nav a { color: #b3e5fc; }
            main { padding: 8px 28px 40px; max-width: 1200px; }
            h2 { border-bottom: 2px solid var(--line); padding-bottom: 4px; margin-top: 28px; }
            .rule h3 { margin-bottom: 2px; font-family: ui-monospace, Menlo, Consolas, monospace; }
            .family { font: 12px system-ui, sans-serif; background: #eceff1; border-radius: 10px; padding: 1px 8px; color: #455a64; }
            .count { font-size: 12px; background: #cfd8dc; border-radius: 10px; padding: 0 7px; color: #263238; }
            .page-link { font: 13px system-ui, sans-serif; margin-left: 8px; }
            .rule-summary { margin-top: 0; color: #555; }
            details.file { margin: 8px 0 14px; }
            details.file > summary { cursor: pointer; font-family: ui-monospace, Menlo, Consolas, monospace; font-weight: 600; }
            .finding { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--warn); border-radius: 4px; padding: 8px 12px; margin: 8px 0 8px 14px; }
            .finding.error { border-left-color: var(--err); }
            .finding.note { border-left-color: var(--note); }
            .where { margin: 0; }
            .badge { color: #fff; border-radius: 3px; padding: 0 6px; font-size: 12px; background: var(--warn); }
            .badge.error { background: var(--err); }
            .badge.note { background: var(--note); }
            .confidence, .member { color: #666; font-size: 12px; margin-left: 6px; }
            .message { margin: 6px 0; }
            pre { font: 12px/1.4 ui-monospace, Menlo, Consolas, monospace; overflow-x: auto; }
            pre.excerpt { background: #f6f8fa; border-radius: 4px; padding: 6px 0; margin: 4px 0; }
            pre.excerpt .line { display: block; padding: 0 10px; }
            pre.excerpt .hit { background: #fff3c4; }
            pre.excerpt .no { display: inline-block; width: 4em; color: #999; user-select: none; }
            ol.trace { margin: 6px 0; padding-left: 22px; }
            ol.trace li { margin: 4px 0; }
            ol.trace pre.excerpt { margin: 2px 0; }
            .thread { font-size: 11px; background: #ede7f6; color: #4527a0; border-radius: 3px; padding: 0 5px; }
            .graph { overflow: auto; background: #fff; border: 1px solid var(--line); border-radius: 4px; }
            svg.lock-graph .node rect { fill: #fff; stroke: #546e7a; stroke-width: 1.2; }
            svg.lock-graph .node text { font: 12px ui-monospace, Menlo, Consolas, monospace; fill: #263238; }
            svg.lock-graph .node.cycle rect { stroke: var(--err); stroke-width: 2; fill: #fff5f5; }
            svg.lock-graph .node.cycle text { fill: var(--err); }
            svg.lock-graph .edge path { fill: none; stroke: #78909c; stroke-width: 1.2; }
            svg.lock-graph .edge.cycle path { stroke: var(--err); stroke-width: 2; }
            svg.lock-graph .edge text { font: 10px system-ui, sans-serif; fill: #546e7a; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
            svg.lock-graph .edge.cycle text { fill: var(--err); }
            svg.lock-graph .edge:hover path { stroke-width: 3; }
            .rule-page { background: #fff; border: 1px solid var(--line); border-radius: 4px; padding: 4px 18px 10px; margin: 14px 0; }
            .rule-page pre { background: #f6f8fa; padding: 8px; border-radius: 4px; }
            .none { color: #666; }
            """;
}
