package dev.threadguard.report;

import dev.threadguard.AnalysisResult;
import dev.threadguard.facts.Pos;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleInfo;
import dev.threadguard.rules.TraceStep;
import dev.threadguard.source.Diagnostic;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A SARIF 2.1.0 log, the format code-scanning services (GitHub, GitLab, Azure DevOps) and IDE viewers
 * import. One run: the driver lists every rule that ran with its documentation page as help; each
 * finding is a result whose trace appears twice, as related locations (for viewers that list places)
 * and as a thread flow (for viewers that step through them); files that did not parse are tool
 * execution notifications. Paths below the working directory are relative URIs against
 * {@code %SRCROOT%}, so the log can be uploaded from any checkout.
 */
public final class SarifReport implements ReportWriter {

    /** Where the 2.1.0 standard publishes the schema this log conforms to. */
    public static final String SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json";

    /** The base id relative artifact URIs are resolved against: the working directory of the run. */
    public static final String SRCROOT = "%SRCROOT%";

    private static final String PARSE_NOTIFICATION = "parse";

    private final URI informationUri;

    /** A writer whose driver carries no {@code informationUri}: the project publishes no home page yet. */
    public SarifReport() {
        this.informationUri = null;
    }

    /**
     * A writer whose driver points at {@code informationUri}, the tool's home page.
     *
     * @throws IllegalArgumentException if the URI is not absolute, which SARIF requires
     */
    public SarifReport(URI informationUri) {
        if (!informationUri.isAbsolute()) {
            throw new IllegalArgumentException("SARIF needs an absolute informationUri: " + informationUri);
        }
        this.informationUri = informationUri;
    }

    @Override
    public void write(AnalysisResult result, ReportContext context, Appendable out) throws IOException {
        List<Finding> findings = result.findings().stream().sorted().toList();
        List<Diagnostic> diagnostics = result.diagnostics().stream().sorted().toList();
        List<String> fingerprints = Fingerprints.in(context.workingDirectory()).ofAll(findings);
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        List<RuleInfo> rules = descriptors(context.rules(), findings, ruleIndex);

        JsonWriter json = new JsonWriter(out);
        json.beginObject()
                .property("$schema", SCHEMA)
                .property("version", "2.1.0");
        json.name("runs").beginArray().beginObject();

        json.name("tool").beginObject().name("driver").beginObject()
                .property("name", "threadguard")
                .property("version", context.toolVersion());
        if (informationUri != null) {
            json.property("informationUri", informationUri.toString());
        }
        json.name("rules").beginArray();
        for (RuleInfo rule : rules) {
            rule(json, rule);
        }
        json.endArray();
        json.name("notifications").beginArray().beginObject()
                .property("id", PARSE_NOTIFICATION)
                .name("shortDescription").beginObject()
                .property("text", "A file could not be read or parsed; it was left out of the analysis.")
                .endObject()
                .name("defaultConfiguration").beginObject().property("level", "error").endObject()
                .endObject().endArray();
        json.endObject().endObject();

        String srcRoot = directoryUri(context.workingDirectory());
        json.name("invocations").beginArray().beginObject()
                .property("executionSuccessful", true);
        json.name("toolExecutionNotifications").beginArray();
        for (Diagnostic d : diagnostics) {
            notification(json, d);
        }
        json.endArray();
        json.name("workingDirectory").beginObject().property("uri", srcRoot).endObject();
        json.endObject().endArray();

        json.name("originalUriBaseIds").beginObject()
                .name(SRCROOT).beginObject().property("uri", srcRoot).endObject()
                .endObject();
        // JavaParser counts a column per char, a tab as one: SARIF's UTF-16 code units, said explicitly.
        json.property("columnKind", "utf16CodeUnits");

        json.name("results").beginArray();
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            result(json, f, ruleIndex.get(f.rule().id()), fingerprints.get(i));
        }
        json.endArray();

        json.endObject().endArray();
        json.endObject().finish();
    }

    /**
     * The rules of the context, then any rule a finding names that the context left out, so that every
     * result's {@code ruleIndex} points at its descriptor. Duplicated ids are listed once: SARIF wants
     * the rules distinct.
     */
    private static List<RuleInfo> descriptors(List<RuleInfo> declared, List<Finding> findings,
                                              Map<String, Integer> index) {
        List<RuleInfo> rules = new ArrayList<>();
        List<RuleInfo> all = new ArrayList<>(declared);
        findings.forEach(f -> all.add(f.rule()));
        for (RuleInfo rule : all) {
            if (index.putIfAbsent(rule.id(), rules.size()) == null) {
                rules.add(rule);
            }
        }
        return rules;
    }

    private static void rule(JsonWriter json, RuleInfo rule) throws IOException {
        Optional<String> page = rule.documentation();
        json.beginObject()
                .property("id", rule.id())
                .property("name", pascalCase(rule.id()));
        json.name("shortDescription").beginObject().property("text", rule.summary()).endObject();
        // The summary, not a paragraph of the page: a page opens with markdown metadata (family, severity),
        // and the prose of its "What it finds" leads into a list, which reads as a fragment on its own.
        json.name("fullDescription").beginObject().property("text", rule.summary()).endObject();
        json.name("help").beginObject();
        if (page.isPresent()) {
            // Markdown reads well enough as plain text; viewers that render it take the markdown.
            json.property("text", page.get()).property("markdown", page.get());
        } else {
            json.property("text", rule.summary());
        }
        json.endObject();
        if (isAbsolute(rule.helpPath())) {
            json.property("helpUri", rule.helpPath());
        }
        json.name("defaultConfiguration").beginObject()
                .property("level", rule.severity().label())
                .endObject();
        json.name("properties").beginObject();
        json.name("tags").beginArray().value("concurrency").value(rule.family().label()).endArray();
        // Rules carry no measured precision yet; "high" states that they are built to report only what
        // they can show, and code-scanning services use it to decide what to display by default.
        json.property("precision", "high");
        json.endObject();
        json.endObject();
    }

    private static void result(JsonWriter json, Finding f, int ruleIndex, String fingerprint) throws IOException {
        json.beginObject()
                .property("ruleId", f.rule().id())
                .property("ruleIndex", ruleIndex)
                .property("level", f.severity().label());
        message(json, f.message());
        json.name("locations").beginArray().beginObject();
        physicalLocation(json, f.path(), region(f.pos()));
        json.endObject().endArray();

        if (!f.trace().isEmpty()) {
            json.name("relatedLocations").beginArray();
            int id = 1;
            for (TraceStep step : f.trace()) {
                json.beginObject().property("id", id++);
                physicalLocation(json, step.path(), region(step.pos()));
                message(json, step.message());
                json.endObject();
            }
            json.endArray();

            // One thread flow per path of the evidence: the two sides of a lock-order cycle run on two threads.
            java.util.Map<Integer, List<TraceStep>> threads = new java.util.TreeMap<>();
            for (TraceStep step : f.trace()) {
                threads.computeIfAbsent(step.thread(), k -> new java.util.ArrayList<>()).add(step);
            }
            json.name("codeFlows").beginArray().beginObject()
                    .name("threadFlows").beginArray();
            for (List<TraceStep> flow : threads.values()) {
                json.beginObject().name("locations").beginArray();
                for (TraceStep step : flow) {
                    json.beginObject().name("location").beginObject();
                    physicalLocation(json, step.path(), region(step.pos()));
                    message(json, step.message());
                    json.endObject().endObject();
                }
                json.endArray().endObject();
            }
            json.endArray()
                    .endObject().endArray();
        }

        json.name("partialFingerprints").beginObject().property(Fingerprints.KEY, fingerprint).endObject();
        json.name("properties").beginObject()
                .property("confidence", f.confidence().label())
                .property("family", f.rule().family().label());
        if (f.member() != null) {
            json.property("member", f.member());
        }
        json.endObject();
        json.endObject();
    }

    private static void notification(JsonWriter json, Diagnostic d) throws IOException {
        json.beginObject().property("level", "error");
        message(json, d.message());
        json.name("locations").beginArray().beginObject();
        int line = Math.max(1, d.line());
        int column = Math.max(1, d.column());
        physicalLocation(json, d.path(), new int[] {line, column, line, column});
        json.endObject().endArray();
        json.name("descriptor").beginObject()
                .property("id", PARSE_NOTIFICATION)
                .property("index", 0)
                .endObject();
        json.endObject();
    }

    private static void message(JsonWriter json, String text) throws IOException {
        json.name("message").beginObject().property("text", text).endObject();
    }

    /** Writes {@code "physicalLocation"} for {@code path}; a region of {@code {line, col, line, col}} is a point. */
    private static void physicalLocation(JsonWriter json, String path, int[] region) throws IOException {
        json.name("physicalLocation").beginObject();
        json.name("artifactLocation").beginObject();
        if (isAbsolutePath(path)) {
            json.property("uri", fileUri(path));
        } else {
            json.property("uri", encodePath(path)).property("uriBaseId", SRCROOT);
        }
        json.endObject();
        json.name("region").beginObject()
                .property("startLine", region[0])
                .property("startColumn", region[1]);
        if (region[2] != region[0] || region[3] != region[1]) {
            json.property("endLine", region[2]).property("endColumn", region[3]);
        }
        json.endObject();
        json.endObject();
    }

    /**
     * A SARIF region from a {@link Pos}. Pos ends on its last character while SARIF's {@code endColumn} is
     * the column after it, hence the {@code + 1}. Values a broken position could carry are clamped to
     * what the schema accepts (all at least 1, the end not before the start).
     */
    static int[] region(Pos pos) {
        int line = Math.max(1, pos.line());
        int column = Math.max(1, pos.column());
        int endLine = Math.max(line, pos.endLine());
        int endColumn = Math.max(1, pos.endColumn() + 1);
        if (endLine == line) {
            endColumn = Math.max(column + 1, endColumn);
        }
        return new int[] {line, column, endLine, endColumn};
    }

    /** {@code future-result-ignored} becomes {@code FutureResultIgnored}, the form SARIF suggests for names. */
    static String pascalCase(String id) {
        StringBuilder b = new StringBuilder(id.length());
        boolean upper = true;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '-' || c == '_' || c == '.') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }

    private static boolean isAbsolute(String uri) {
        try {
            return new URI(uri).isAbsolute();
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** Paths as the analysis shows them: {@code /x/y} on Unix, {@code C:/x/y} or {@code C:\x\y} on Windows. */
    private static boolean isAbsolutePath(String path) {
        return path.startsWith("/") || path.startsWith("\\") || path.matches("(?s)[A-Za-z]:[/\\\\].*");
    }

    /** The {@code file:} URI of an absolute path, its segments percent-encoded. */
    static String fileUri(String absolutePath) {
        String p = absolutePath.replace('\\', '/');
        if (p.length() >= 2 && p.charAt(1) == ':') {
            // A drive letter keeps its colon: file:///C:/x.
            return "file:///" + p.substring(0, 2) + encodePath(p.substring(2));
        }
        if (p.startsWith("//")) {
            // A UNC path \\host\share\x: the host goes in the authority.
            int slash = p.indexOf('/', 2);
            String host = slash < 0 ? p.substring(2) : p.substring(2, slash);
            return "file://" + encodeSegment(host) + (slash < 0 ? "/" : encodePath(p.substring(slash)));
        }
        return "file://" + encodePath(p);
    }

    /** The {@code file:} URI of a directory, ending in {@code /} so that relative URIs resolve inside it. */
    static String directoryUri(Path directory) {
        String uri = fileUri(directory.toAbsolutePath().normalize().toString());
        return uri.endsWith("/") ? uri : uri + "/";
    }

    /** {@code path} (with {@code /} or {@code \} separators) as a URI path, each segment percent-encoded. */
    static String encodePath(String path) {
        String[] segments = path.replace('\\', '/').split("/", -1);
        StringBuilder b = new StringBuilder(path.length() + 8);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                b.append('/');
            }
            b.append(encodeSegment(segments[i]));
        }
        return b.toString();
    }

    /**
     * Percent-encodes everything but RFC 3986's unreserved characters, as UTF-8. Stricter than needed
     * (sub-delimiters would be allowed), but it also escapes {@code :}, which in a relative URI's first
     * segment would read as a scheme, and leaves nothing for a consumer to misparse.
     */
    static String encodeSegment(String segment) {
        StringBuilder b = new StringBuilder(segment.length());
        for (byte raw : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = raw & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }
}
