package dev.threadguard.config;

import dev.threadguard.FailOn;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleSelection;
import dev.threadguard.rules.Rules;
import dev.threadguard.rules.Severity;
import dev.threadguard.source.FileLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectConfigTest {

    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path f = dir.resolve(ProjectConfig.FILE_NAME);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void everyKeyIsRead() throws Exception {
        ProjectConfig c = ProjectConfig.read(file("""
                # the shop's settings
                ! a properties comment too
                rules.lifecycle = off
                rules.interrupt-swallowed = on        # but this one
                rules.blocking-call-under-lock.severity = error
                confidence: medium
                exclude = **/generated/**, **/legacy/**
                fail-on = error
                language-level = 17
                encoding = ISO-8859-1
                file-timeout = 2.5
                max-file-size = 800k
                max-tokens = 9000
                max-nesting = 40
                max-lambda-nesting = 5
                isolate-parse = Always
                """));
        assertThat(c.isolation()).isEqualTo(dev.threadguard.ParseIsolation.ALWAYS);
        assertThat(ProjectConfig.read(file("fail-on = note")).isolation()).isNull();
        assertThat(c.limits()).isEqualTo(new ProjectConfig.Limits(800L * 1024, 9000, 40, 5, Duration.ofMillis(2500)));
        assertThat(c.confidence()).isEqualTo(Confidence.MEDIUM);
        assertThat(c.excludes()).containsExactly("**/generated/**", "**/legacy/**");
        assertThat(c.failOn()).isEqualTo(FailOn.ERROR);
        assertThat(c.languageLevel().name()).isEqualTo("JAVA_17");
        assertThat(c.encoding()).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(c.severities()).containsEntry("blocking-call-under-lock", Severity.ERROR);
        List<String> on = c.rules(Rules.all()).stream().map(r -> r.info().id()).toList();
        // Unmentioned rules keep their own default; the lifecycle family is off but for the one turned on.
        List<String> expected = Rules.all().stream()
                .filter(r -> r.info().id().equals("interrupt-swallowed")
                        || (r.enabledByDefault() && !r.info().family().label().equals("lifecycle")))
                .map(r -> r.info().id()).toList();
        assertThat(on).containsExactlyElementsOf(expected)
                .contains("interrupt-swallowed")
                .doesNotContain("executor-never-shutdown", "wait-not-in-loop", "thread-run-called");
    }

    @Test
    void theLimitsTheFileSetsReplaceOnlyThoseOfTheBase() throws Exception {
        ProjectConfig c = ProjectConfig.read(file("max-tokens = 77\nfile-timeout = 0\n"));
        assertThat(c.limits().over(FileLimits.DEFAULTS))
                .isEqualTo(FileLimits.DEFAULTS.withMaxTokens(77).withTimeout(Duration.ZERO));
        assertThat(ProjectConfig.read(file("max-file-size = 2m\n")).limits().over(FileLimits.DEFAULTS))
                .isEqualTo(FileLimits.DEFAULTS.withMaxBytes(2L << 20));
        assertThat(ProjectConfig.NONE.limits().over(FileLimits.DEFAULTS)).isEqualTo(FileLimits.DEFAULTS);
    }

    @Test
    void theSelectionTakesTheFilesSwitchesAndConfidenceUnlessTheCommandLineSpeaks() throws Exception {
        Rule offByDefault = Rules.all().stream().filter(r -> !r.enabledByDefault()).findFirst().orElseThrow();
        Rule onByDefault = Rules.all().stream().filter(Rule::enabledByDefault).findFirst().orElseThrow();
        ProjectConfig c = ProjectConfig.read(file("rules." + offByDefault.info().id() + " = on\n"
                + "rules." + onByDefault.info().id() + " = off\nconfidence = medium\n"));
        RuleSelection fromFile = c.selection(List.of(), null);
        assertThat(fromFile.enabled()).contains(offByDefault.info().id()).doesNotContain(onByDefault.info().id());
        assertThat(fromFile.minimum()).isEqualTo(Confidence.MEDIUM);
        RuleSelection named = c.selection(List.of(onByDefault.info().id()), Confidence.LOW);
        assertThat(named.enabled()).contains(offByDefault.info().id(), onByDefault.info().id());
        assertThat(named.minimum()).isEqualTo(Confidence.LOW);
        assertThat(ProjectConfig.NONE.selection(List.of(), null))
                .isEqualTo(RuleSelection.defaults());
        assertThat(c.selection(List.of(RuleSelection.ALL), null).enabled()).hasSize(Rules.all().size());
    }

    @Test
    void mistakesNameTheFileTheLineAndTheReason() throws Exception {
        String[][] cases = {
                {"rules.lifecycle = of", ":1: 'of' is not on or off"},
                {"\n\nrulez = 1", ":3: unknown key 'rulez' (known: confidence, exclude"},
                {"rules.no-such-rule = off", ":1: unknown rule or family 'no-such-rule'"},
                {"rules.lifecycle.severity = error", ":1: unknown rule 'lifecycle'"},
                {"rules.thread-run-called.severity = fatal", ":1: unknown severity 'fatal' (expected error, warning or note)"},
                {"confidence = sure", ":1: unknown confidence 'sure' (expected high, medium or low)"},
                {"fail-on = sometimes", ":1: unknown severity 'sometimes'"},
                {"language-level = 99", ":1: "},
                {"encoding = klingon", ":1: unknown encoding 'klingon'"},
                {"fail-on = error\nfail-on = note", ":2: 'fail-on' is already set on line 1"},
                {"just words", ":1: expected key = value, found 'just words'"},
                {"exclude =", ":1: 'exclude' has no value"},
                {"\nfile-timeout = soon", ":2: 'soon' is not a number of seconds"},
                {"file-timeout = -1", ":1: '-1' is not between 0 and 86400 seconds"},
                {"max-file-size = lots", ":1: 'lots' is not a size (bytes, or a whole number with k, m or g)"},
                {"max-file-size = 0k", ":1: '0k' is not a positive size"},
                {"max-tokens = many", ":1: 'many' is not a whole number"},
                {"max-nesting = 0", ":1: '0' is less than 1"},
                {"max-lambda-nesting = 2.5", ":1: '2.5' is not a whole number"},
                {"isolate-parse = sometimes", ":1: unknown value 'sometimes' (expected auto, always or never)"},
        };
        for (String[] c : cases) {
            Path f = file(c[0]);
            assertThatThrownBy(() -> ProjectConfig.read(f)).as(c[0])
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(f + c[1])
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void theNearestFileAboveEachPathIsFoundAndTwoDifferentOnesAreAnError() throws Exception {
        Path root = dir.resolve("project");
        Files.createDirectories(root.resolve("a/src/main/java"));
        Files.createDirectories(root.resolve("b/src"));
        Files.writeString(root.resolve(ProjectConfig.FILE_NAME), "fail-on = error\n");
        assertThat(ProjectConfig.find(List.of(root.resolve("a/src/main/java"), root.resolve("b/src"))))
                .isEqualTo(root.resolve(ProjectConfig.FILE_NAME).toAbsolutePath());
        Path own = Files.writeString(root.resolve("b/" + ProjectConfig.FILE_NAME), "fail-on = note\n");
        assertThat(ProjectConfig.find(List.of(root.resolve("b/src")))).isEqualTo(own.toAbsolutePath());
        assertThatThrownBy(() -> ProjectConfig.find(List.of(root.resolve("a/src"), root.resolve("b/src"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("different configuration files");
    }
}
