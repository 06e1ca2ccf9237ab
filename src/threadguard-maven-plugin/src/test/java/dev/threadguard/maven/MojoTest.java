package dev.threadguard.maven;

import dev.threadguard.baseline.Baseline;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The goals run in this JVM on a module built by hand, as Maven would configure them. */
class MojoTest {

    /** Line 11 drops the Future of a submitted task. */
    private static final String JOBS = """
            package shop;

            import java.util.concurrent.ExecutorService;

            public class Jobs {
                private final ExecutorService executor;

                public Jobs(ExecutorService executor) { this.executor = executor; }

                public void start() {
                    executor.submit(() -> work());
                }

                private void work() {
                }
            }
            """;

    @TempDir
    Path module;

    private final RecordingLog log = new RecordingLog();

    private MavenProject project() {
        MavenProject project = new MavenProject();
        project.setFile(module.resolve("pom.xml").toFile());
        project.setArtifactId("shop");
        project.getBuild().setDirectory(module.resolve("target").toString());
        project.getBuild().setOutputDirectory(module.resolve("target/classes").toString());
        project.addCompileSourceRoot(module.resolve("src/main/java").toString());
        return project;
    }

    private <T extends AnalysisMojo> T configure(T mojo) {
        mojo.project = project();
        mojo.threads = 1;
        mojo.languageLevel = "newest";
        mojo.excludes = new ArrayList<>();
        // Every rule and confidence: these tests are about the plugin, not which rules are on by default.
        mojo.enableRules = new ArrayList<>(List.of("all"));
        mojo.confidence = "low";
        mojo.setLog(log);
        return mojo;
    }

    private CheckMojo check() {
        CheckMojo mojo = configure(new CheckMojo());
        mojo.failOnSeverity = "warning";
        mojo.failOnViolation = true;
        mojo.formats = new ArrayList<>(List.of("text", "sarif"));
        mojo.outputDirectory = module.resolve("target/threadguard").toFile();
        return mojo;
    }

    private Path source(String text) throws IOException {
        Path file = module.resolve("src/main/java/shop/Jobs.java");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void findingsAreLoggedAsMavenDoesAndFailTheBuildWithAWayForward() throws IOException {
        Path jobs = source(JOBS);
        CheckMojo mojo = check();

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("threadguard found 1 finding at or above warning in shop, listed above.\nReports: "
                        + module.resolve("target/threadguard/threadguard.txt") + ", "
                        + module.resolve("target/threadguard/threadguard.sarif"))
                .hasMessageContaining("@SuppressWarnings(\"threadguard:future-result-ignored\")")
                .hasMessageContaining("// threadguard:ignore future-result-ignored")
                .hasMessageContaining("run mvn threadguard:baseline: it writes " + module.resolve(Baseline.FILE_NAME))
                .hasMessageContaining("-Dthreadguard.failOnViolation=false");
        assertThat(log.lines).contains("[WARNING] " + jobs + ":[11,9] [future-result-ignored] the Future returned by "
                + "`executor.submit(...)` (ExecutorService) in `Jobs.start` is discarded: an exception thrown by the task "
                + "is silently lost");
        assertThat(log.lines).last().asString().startsWith("[INFO] threadguard: 1 finding (1 warning) in 1 file; reports in ");
        assertThat(Files.readString(module.resolve("target/threadguard/threadguard.sarif")))
                .contains("\"uri\": \"src/main/java/shop/Jobs.java\"");
    }

    @Test
    void belowTheThresholdOrWithFailOnViolationOffTheBuildGoesOn() throws Exception {
        source(JOBS);
        CheckMojo errorsOnly = check();
        errorsOnly.failOnSeverity = "ERROR";
        errorsOnly.execute();
        assertThat(log.lines).anyMatch(l -> l.startsWith("[WARNING] ") && l.contains("[future-result-ignored]"));

        log.lines.clear();
        CheckMojo reportOnly = check();
        reportOnly.failOnViolation = false;
        reportOnly.formats = new ArrayList<>();
        Files.delete(module.resolve("target/threadguard/threadguard.txt"));
        reportOnly.execute();
        assertThat(log.lines).contains("[WARNING] threadguard: 1 finding would fail the build; failOnViolation is false, "
                + "so it goes on", "[INFO] threadguard: 1 finding (1 warning) in 1 file");
        assertThat(module.resolve("target/threadguard/threadguard.txt")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            failOnSeverity=sometimes | threadguard: failOnSeverity: unknown severity 'sometimes' (expected error, warning, note or none)
            formats=xml              | threadguard: formats: unknown format 'xml' (expected text, json, sarif or html)
            encoding=klingon         | threadguard: unknown encoding 'klingon' (expected a charset name such as UTF-8, ISO-8859-1 or windows-1252)
            languageLevel=99         | threadguard: languageLevel: unknown language level '99'
            threads=-1               | threadguard: threads must be 0 (one per processor) or more, not -1
            fileTimeout=-1           | threadguard: fileTimeout must be a number of seconds from 0 (no limit) to 86400, not -1.0
            maxFileSize=lots         | threadguard: maxFileSize: 'lots' is not a size (bytes, or a whole number with k, m or g)
            maxTokens=0              | threadguard: maxTokens must be at least 1, not 0
            isolateParse=sometimes   | threadguard: isolateParse: unknown value 'sometimes' (expected auto, always or never)
            baseline=none.json       | does not exist
            """)
    void badParametersFailTheBuildBeforeTheAnalysis(String parameter, String message) throws IOException {
        source(JOBS);
        CheckMojo mojo = check();
        String value = parameter.substring(parameter.indexOf('=') + 1);
        switch (parameter.substring(0, parameter.indexOf('='))) {
            case "failOnSeverity" -> mojo.failOnSeverity = value;
            case "formats" -> mojo.formats = List.of("text", value);
            case "encoding" -> mojo.encoding = value;
            case "languageLevel" -> mojo.languageLevel = value;
            case "threads" -> mojo.threads = Integer.parseInt(value);
            case "fileTimeout" -> mojo.fileTimeout = Double.parseDouble(value);
            case "maxFileSize" -> mojo.maxFileSize = value;
            case "maxTokens" -> mojo.maxTokens = Integer.parseInt(value);
            case "isolateParse" -> mojo.isolateParse = value;
            case "baseline" -> mojo.baseline = module.resolve(value).toFile();
            default -> throw new AssertionError(parameter);
        }

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class).hasMessageContaining(message)
                .hasMessageNotContaining("\n")
                // Maven adds each cause's message to the line: none may leak "No enum constant dev.threadguard...".
                .satisfies(e -> {
                    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                        assertThat(c.getMessage()).doesNotContain("No enum constant");
                    }
                });
        assertThat(log.lines).isEmpty();
        assertThat(module.resolve("target/threadguard")).doesNotExist();
    }

    @Test
    void aFileAboveALimitIsLoggedWithTheParameterThatRaisesItAndTheRestAnalysed() throws Exception {
        source(JOBS);
        Path deep = module.resolve("src/main/java/shop/Deep.java");
        Files.writeString(deep, "class Deep { void f(java.util.concurrent.ExecutorService e) {\n"
                + "e.submit(() -> {\n".repeat(13) + "});\n".repeat(13) + "} }\n");
        CheckMojo mojo = check();
        mojo.failOnViolation = false;

        mojo.execute();

        assertThat(log.lines).anySatisfy(l -> assertThat(l).startsWith("[WARNING] " + deep + ":[14,16] [parse] nested "
                + "too deeply to analyse: 13 lambda bodies").endsWith("(see the parameter maxLambdaNesting)"));
        assertThat(log.lines).anySatisfy(l -> assertThat(l).contains("[future-result-ignored]"));
    }

    @Test
    void inABuildOfSeveralModulesTheFailureSaysHowToCheckTheOthers() throws Exception {
        source(JOBS);
        List<dev.threadguard.rules.Finding> findings = new dev.threadguard.Analyzer()
                .run(dev.threadguard.AnalysisOptions.of(module).withWorkingDirectory(module)).findings();
        String one = MavenMessages.failure("shop", findings, dev.threadguard.FailOn.WARNING, List.of(),
                module.resolve(Baseline.FILE_NAME), false);
        String several = MavenMessages.failure("shop", findings, dev.threadguard.FailOn.WARNING, List.of(),
                module.resolve(Baseline.FILE_NAME), true);

        assertThat(one).doesNotContain("-fae");
        assertThat(several).isEqualTo(one + "\nMaven stops at this module: mvn -fae (--fail-at-end) also checks the "
                + "modules that do not depend on it before failing.");
    }

    @Test
    void theBaselineGoalWritesWhereTheCheckLooksByDefault() throws Exception {
        source(JOBS);
        BaselineMojo record = configure(new BaselineMojo());
        record.baseline = module.resolve(Baseline.FILE_NAME).toFile();
        record.execute();
        assertThat(log.lines).containsExactly("[INFO] threadguard: recorded 1 finding of 1 file in "
                + module.resolve(Baseline.FILE_NAME));

        log.lines.clear();
        check().execute();

        assertThat(log.lines).containsExactly(
                "[INFO] threadguard: baseline " + module.resolve(Baseline.FILE_NAME) + " hid 1 finding",
                "[INFO] threadguard: no findings in 1 file; 1 hidden by the baseline; reports in "
                        + module.resolve("target/threadguard"));
    }

    @Test
    void generatedSourcesAreLeftOutUnlessAskedFor() throws Exception {
        Path generated = module.resolve("target/generated-sources/annotations/shop/Jobs.java");
        Files.createDirectories(generated.getParent());
        Files.writeString(generated, JOBS);
        Files.createDirectories(module.resolve("target/generated-sources/empty"));
        Files.createDirectories(module.resolve("src/main/java"));

        CheckMojo mojo = check();
        // What the compiler plugin and source-generating plugins add to the build.
        mojo.project.addCompileSourceRoot(module.resolve("target/generated-sources/annotations").toString());
        mojo.project.addCompileSourceRoot(module.resolve("target/generated-sources/empty").toString());
        mojo.execute();
        assertThat(log.lines).containsExactly(
                "[INFO] threadguard: generated sources left out: target/generated-sources/annotations (includeGeneratedSources)",
                "[INFO] threadguard: no findings in 0 files; reports in " + module.resolve("target/threadguard"));

        log.lines.clear();
        CheckMojo included = check();
        included.includeGeneratedSources = true;
        included.project.addCompileSourceRoot(module.resolve("target/generated-sources/annotations").toString());
        assertThatThrownBy(included::execute).isInstanceOf(MojoFailureException.class);
        assertThat(log.lines).anyMatch(l -> l.startsWith("[WARNING] " + generated + ":[11,9] [future-result-ignored]"));
    }

    @Test
    void skippedOrWithoutSourcesNothingIsAnalysed() throws Exception {
        source(JOBS);
        CheckMojo skipped = check();
        skipped.skip = true;
        skipped.execute();
        assertThat(log.lines).containsExactly("[INFO] threadguard: skipped (threadguard.skip)");

        log.lines.clear();
        CheckMojo parent = check();
        parent.project.getCompileSourceRoots().clear();
        parent.project.addCompileSourceRoot(module.resolve("no/such/dir").toString());
        parent.execute();
        assertThat(log.lines).containsExactly("[INFO] threadguard: no Java source roots in shop, nothing to analyse");
        assertThat(module.resolve("target/threadguard")).doesNotExist();
    }
}
