package dev.threadguard.report;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.threadguard.AnalysisResult;
import dev.threadguard.facts.Pos;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleInfo;
import dev.threadguard.rules.Rules;
import dev.threadguard.rules.TraceStep;
import dev.threadguard.source.Diagnostic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static dev.threadguard.report.ReportFixture.DOCUMENTED;
import static dev.threadguard.report.ReportFixture.IGNORED;
import static dev.threadguard.report.ReportFixture.NOTE_RULE;
import static dev.threadguard.report.ReportFixture.finding;
import static dev.threadguard.report.ReportFixture.render;
import static dev.threadguard.report.ReportFixture.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SarifReportTest {

    private static Schema schema;

    @TempDir
    Path root;

    @BeforeAll
    static void loadSchema() throws IOException {
        // The official 2.1.0 schema, from a test jar: validation needs no network.
        try (InputStream in = SarifReportTest.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            assertThat(in).as("SARIF schema on the test class path").isNotNull();
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
        }
    }

    private static List<String> violations(String sarif) {
        return schema.validate(sarif, InputFormat.JSON).stream().map(com.networknt.schema.Error::toString).toList();
    }

    private static JsonNode parse(String json) {
        return JsonMapper.builder().build().readTree(json);
    }

    @Test
    void validatesAgainstTheOfficialSchemaWithATraceAndAParseDiagnostic() {
        ReportFixture fx = new ReportFixture(root);
        String sarif = render(new SarifReport(), fx.typical(), fx.context(false, IGNORED, DOCUMENTED, NOTE_RULE));

        assertThat(violations(sarif)).isEmpty();
        JsonNode doc = parse(sarif);
        assertThat(doc.get("$schema").stringValue()).isEqualTo(SarifReport.SCHEMA);
        assertThat(doc.get("version").stringValue()).isEqualTo("2.1.0");
        assertThat(doc.get("runs").size()).isEqualTo(1);
    }

    @Test
    void theSchemaCheckIsNotVacuous() {
        ReportFixture fx = new ReportFixture(root);
        String sarif = render(new SarifReport(), fx.typical(), fx.context(false, IGNORED, DOCUMENTED));
        String broken = sarif.replace("\"startLine\": 5", "\"startLine\": 0");
        assertThat(broken).isNotEqualTo(sarif);
        assertThat(violations(broken)).anyMatch(v -> v.contains("startLine"));
    }

    @Test
    void describesEveryRuleWithHelpTagsAndLevel() {
        ReportFixture fx = new ReportFixture(root);
        JsonNode driver = parse(render(new SarifReport(), fx.typical(), fx.context(false, IGNORED, DOCUMENTED, NOTE_RULE)))
                .at("/runs/0/tool/driver");

        assertThat(driver.get("name").stringValue()).isEqualTo("threadguard");
        assertThat(driver.get("version").stringValue()).isEqualTo("1.2.3");
        assertThat(driver.has("informationUri")).isFalse();
        JsonNode rules = driver.get("rules");
        assertThat(rules.size()).isEqualTo(3);

        JsonNode ignored = rules.get(0);
        assertThat(ignored.get("id").stringValue()).isEqualTo("future-result-ignored");
        assertThat(ignored.get("name").stringValue()).isEqualTo("FutureResultIgnored");
        assertThat(ignored.at("/shortDescription/text").stringValue()).isEqualTo(IGNORED.summary());
        assertThat(ignored.at("/defaultConfiguration/level").stringValue()).isEqualTo("warning");
        assertThat(ignored.at("/properties/tags").values()).extracting(JsonNode::stringValue)
                .containsExactly("concurrency", "future");
        assertThat(ignored.at("/properties/precision").stringValue()).isEqualTo("high");
        assertThat(ignored.has("helpUri")).isFalse();

        JsonNode documented = rules.get(1);
        assertThat(documented.at("/defaultConfiguration/level").stringValue()).isEqualTo("error");
        assertThat(documented.at("/properties/tags").values()).extracting(JsonNode::stringValue)
                .containsExactly("concurrency", "lock-order");
        assertThat(documented.at("/fullDescription/text").stringValue()).isEqualTo(DOCUMENTED.summary());
        assertThat(documented.at("/help/markdown").stringValue()).startsWith("# report-test-documented\n")
                .contains("Write `code` that *works*.");
        assertThat(documented.at("/help/text").stringValue()).isEqualTo(documented.at("/help/markdown").stringValue());

        JsonNode note = rules.get(2);
        assertThat(note.at("/properties/tags").values()).extracting(JsonNode::stringValue)
                .containsExactly("concurrency", "lifecycle");
        // No page bundled for this rule: help falls back to the summary, with no markdown.
        assertThat(note.at("/help/text").stringValue()).isEqualTo("A note-level rule.");
        assertThat(note.at("/help").has("markdown")).isFalse();
    }

    @Test
    void everyRealRuleIsFullyDescribedByItsSummaryNotByMarkdownMetadata() {
        ReportFixture fx = new ReportFixture(root);
        List<RuleInfo> all = Rules.all().stream().map(Rule::info).toList();
        JsonNode rules = parse(render(new SarifReport(), result(0, List.of(), List.of()),
                fx.context(false, all.toArray(RuleInfo[]::new))))
                .at("/runs/0/tool/driver/rules");

        assertThat(rules.size()).isEqualTo(all.size());
        for (int i = 0; i < all.size(); i++) {
            RuleInfo info = all.get(i);
            // Every page opens with "**Family:** `future` · **Default severity:** warning", which is what the
            // first paragraph of the page used to give.
            assertThat(info.documentation()).as(info.id()).hasValueSatisfying(page -> assertThat(page).contains("**Family:**"));
            String full = rules.get(i).at("/fullDescription/text").stringValue();
            assertThat(full).as(info.id()).isEqualTo(info.summary()).doesNotContain("**").doesNotContain("Family:");
        }
    }

    @Test
    void resultsCarryLocationsTraceFingerprintsAndConfidence() {
        ReportFixture fx = new ReportFixture(root);
        JsonNode run = parse(render(new SarifReport(), fx.typical(), fx.context(false, IGNORED, DOCUMENTED))).at("/runs/0");

        assertThat(run.at("/originalUriBaseIds/%SRCROOT%/uri").stringValue())
                .endsWith("/")
                .isEqualTo(root.toUri().toString()); // toUri ends a directory that exists with '/'.
        assertThat(run.get("results").size()).isEqualTo(2);

        JsonNode plain = run.at("/results/0");
        assertThat(plain.get("ruleId").stringValue()).isEqualTo("future-result-ignored");
        assertThat(plain.get("ruleIndex").intValue()).isZero();
        assertThat(plain.get("level").stringValue()).isEqualTo("warning");
        assertThat(plain.at("/message/text").stringValue()).startsWith("the Future returned by");
        JsonNode location = plain.at("/locations/0/physicalLocation");
        assertThat(location.at("/artifactLocation/uri").stringValue()).isEqualTo("src/app/Orders.java");
        assertThat(location.at("/artifactLocation/uriBaseId").stringValue()).isEqualTo("%SRCROOT%");
        // Pos(5, 9, 5, 25) ends on column 25; SARIF's end is the column after it.
        assertThat(List.of(location.at("/region/startLine").intValue(), location.at("/region/startColumn").intValue(),
                location.at("/region/endLine").intValue(), location.at("/region/endColumn").intValue()))
                .containsExactly(5, 9, 5, 26);
        assertThat(plain.has("codeFlows")).isFalse();
        assertThat(plain.has("relatedLocations")).isFalse();
        assertThat(plain.at("/partialFingerprints/threadguard~1v1").stringValue()).matches("[0-9a-f]{32}");
        assertThat(plain.at("/properties/confidence").stringValue()).isEqualTo("high");

        JsonNode traced = run.at("/results/1");
        assertThat(traced.get("ruleId").stringValue()).isEqualTo("report-test-documented");
        assertThat(traced.get("ruleIndex").intValue()).isEqualTo(1);
        assertThat(traced.get("level").stringValue()).isEqualTo("error");
        JsonNode related = traced.get("relatedLocations");
        assertThat(related.size()).isEqualTo(2);
        assertThat(related.get(0).get("id").intValue()).isEqualTo(1);
        assertThat(related.get(1).get("id").intValue()).isEqualTo(2);
        assertThat(related.get(0).at("/message/text").stringValue()).isEqualTo("`Orders.a` taken here");
        assertThat(related.get(0).at("/physicalLocation/region/startColumn").intValue()).isEqualTo(9);
        JsonNode steps = traced.at("/codeFlows/0/threadFlows/0/locations");
        assertThat(steps.size()).isEqualTo(2);
        assertThat(steps.get(1).at("/location/message/text").stringValue())
                .isEqualTo("then `Orders.b`, while `Orders.a` is held");
        assertThat(steps.get(1).at("/location/physicalLocation/region/startColumn").intValue()).isEqualTo(28);
        assertThat(traced.at("/partialFingerprints/threadguard~1v1").stringValue())
                .isNotEqualTo(plain.at("/partialFingerprints/threadguard~1v1").stringValue());
    }

    @Test
    void eachPathOfACycleIsAThreadFlowOfItsOwn() {
        ReportFixture fx = new ReportFixture(root);
        fx.typical();
        Finding cycle = ReportFixture.finding(DOCUMENTED, ReportFixture.ORDERS, new Pos(6, 9, 6, 20), "Orders.place",
                "`Orders.place()` and `Orders.undo()` take `Orders.a` and `Orders.b` in opposite orders",
                new TraceStep(ReportFixture.ORDERS, new Pos(6, 9, 6, 20), "`Orders.place()` takes `a`", 1),
                new TraceStep(ReportFixture.ORDERS, new Pos(6, 28, 6, 40), "`Orders.place()` takes `b`", 1),
                new TraceStep(ReportFixture.ORDERS, new Pos(7, 9, 7, 20), "`Orders.undo()` takes `b`", 2),
                new TraceStep(ReportFixture.ORDERS, new Pos(7, 28, 7, 40), "`Orders.undo()` takes `a`", 2));
        String sarif = render(new SarifReport(), ReportFixture.result(1, List.of(cycle), List.of()),
                fx.context(false, DOCUMENTED));

        assertThat(violations(sarif)).isEmpty();
        JsonNode result = parse(sarif).at("/runs/0/results/0");
        JsonNode flows = result.at("/codeFlows/0/threadFlows");
        assertThat(flows.size()).isEqualTo(2);
        assertThat(flows.get(0).at("/locations/1/location/message/text").stringValue()).isEqualTo("`Orders.place()` takes `b`");
        assertThat(flows.get(1).at("/locations/0/location/message/text").stringValue()).isEqualTo("`Orders.undo()` takes `b`");
        assertThat(flows.get(1).at("/locations/1/location/physicalLocation/region/startLine").intValue()).isEqualTo(7);
        assertThat(result.get("relatedLocations").size()).isEqualTo(4);
    }

    @Test
    void parseDiagnosticsAreToolNotificationsWithTheirLocation() {
        ReportFixture fx = new ReportFixture(root);
        JsonNode run = parse(render(new SarifReport(), fx.typical(), fx.context(false, IGNORED, DOCUMENTED))).at("/runs/0");

        JsonNode invocation = run.at("/invocations/0");
        assertThat(invocation.get("executionSuccessful").booleanValue()).isTrue();
        JsonNode notification = invocation.at("/toolExecutionNotifications/0");
        assertThat(notification.get("level").stringValue()).isEqualTo("error");
        assertThat(notification.at("/message/text").stringValue()).isEqualTo("Parse error. Found \"}\", expected \";\"");
        assertThat(notification.at("/locations/0/physicalLocation/artifactLocation/uri").stringValue())
                .isEqualTo("src/broken/Bad.java");
        assertThat(notification.at("/locations/0/physicalLocation/region/startLine").intValue()).isEqualTo(3);
        assertThat(notification.at("/locations/0/physicalLocation/region/startColumn").intValue()).isEqualTo(14);
        assertThat(notification.at("/descriptor/id").stringValue()).isEqualTo("parse");
        assertThat(run.at("/tool/driver/notifications/0/id").stringValue()).isEqualTo("parse");
    }

    @Test
    void percentEncodesPathsAndUsesFileUrisOutsideTheWorkingDirectory() {
        ReportFixture fx = new ReportFixture(root);
        String spaced = fx.file("src/my app/Größe#1.java", "class Größe {}");
        Finding inside = finding(IGNORED, spaced, Pos.at(1, 1), "Größe", "m");
        Finding outside = finding(IGNORED, "/elsewhere/with space/A.java", Pos.at(2, 1), "A", "m",
                new TraceStep("c:/x/y.java", Pos.at(1, 1), "a Windows path"));
        String sarif = render(new SarifReport(), result(2, List.of(inside, outside), List.of(
                new Diagnostic("odd:name%.java", 1, 1, "colon and percent"))), fx.context(false, IGNORED));

        assertThat(violations(sarif)).isEmpty();
        JsonNode run = parse(sarif).at("/runs/0");
        JsonNode out = run.at("/results/0/locations/0/physicalLocation/artifactLocation");
        assertThat(out.get("uri").stringValue()).isEqualTo("file:///elsewhere/with%20space/A.java");
        assertThat(out.has("uriBaseId")).isFalse();
        assertThat(run.at("/results/0/relatedLocations/0/physicalLocation/artifactLocation/uri").stringValue())
                .isEqualTo("file:///c:/x/y.java");

        JsonNode in = run.at("/results/1/locations/0/physicalLocation/artifactLocation");
        assertThat(in.get("uri").stringValue()).isEqualTo("src/my%20app/Gr%C3%B6%C3%9Fe%231.java");
        assertThat(in.get("uriBaseId").stringValue()).isEqualTo("%SRCROOT%");
        // Resolved against %SRCROOT%, the URI names the real file again.
        URI base = URI.create(run.at("/originalUriBaseIds/%SRCROOT%/uri").stringValue());
        assertThat(Path.of(base.resolve(in.get("uri").stringValue()))).isEqualTo(root.resolve(spaced));

        assertThat(run.at("/invocations/0/toolExecutionNotifications/0/locations/0/physicalLocation/artifactLocation/uri")
                .stringValue()).isEqualTo("odd%3Aname%25.java");
    }

    @Test
    void aRuleMissingFromTheContextIsStillDescribedSoThatRuleIndexResolves() {
        ReportFixture fx = new ReportFixture(root);
        Finding f = finding(NOTE_RULE, "A.java", Pos.at(1, 1), "A", "m");
        String sarif = render(new SarifReport(), result(1, List.of(f), List.of()), fx.context(false, IGNORED, IGNORED));

        assertThat(violations(sarif)).isEmpty();
        JsonNode run = parse(sarif).at("/runs/0");
        assertThat(run.at("/tool/driver/rules").values()).extracting(r -> r.get("id").stringValue())
                .containsExactly("future-result-ignored", "report-test-note");
        assertThat(run.at("/results/0/ruleIndex").intValue()).isEqualTo(1);
        assertThat(run.at("/results/0/level").stringValue()).isEqualTo("note");
    }

    @Test
    void anEmptyRunValidates() {
        ReportFixture fx = new ReportFixture(root);
        String sarif = render(new SarifReport(), result(0, List.of(), List.of()), fx.context(false));
        assertThat(violations(sarif)).isEmpty();
        assertThat(parse(sarif).at("/runs/0/results").size()).isZero();
    }

    @Test
    void informationUriMustBeAbsolute() {
        ReportFixture fx = new ReportFixture(root);
        String sarif = render(new SarifReport(URI.create("https://example.org/threadguard")),
                result(0, List.of(), List.of()), fx.context(false, IGNORED));
        assertThat(violations(sarif)).isEmpty();
        assertThat(parse(sarif).at("/runs/0/tool/driver/informationUri").stringValue())
                .isEqualTo("https://example.org/threadguard");
        assertThatThrownBy(() -> new SarifReport(URI.create("docs/index.html")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clampsBrokenPositionsToWhatTheSchemaAccepts() {
        assertThat(SarifReport.region(new Pos(0, 0, 0, 0))).containsExactly(1, 1, 1, 2);
        assertThat(SarifReport.region(new Pos(4, 7, 3, 1))).containsExactly(4, 7, 4, 8);
        assertThat(SarifReport.region(new Pos(4, 7, 6, 2))).containsExactly(4, 7, 6, 3);
    }

    @Test
    void identicalAcrossRuns() {
        ReportFixture fx = new ReportFixture(root);
        AnalysisResult r = fx.typical();
        assertThat(render(new SarifReport(), r, fx.context(false, IGNORED, DOCUMENTED)))
                .isEqualTo(render(new SarifReport(), r, fx.context(false, IGNORED, DOCUMENTED)));
    }
}
