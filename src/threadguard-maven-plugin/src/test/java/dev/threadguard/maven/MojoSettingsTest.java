package dev.threadguard.maven;

import dev.threadguard.ParseIsolation;
import dev.threadguard.source.FileLimits;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** threadguard.properties and the facts cache, as the check goal uses them. */
class MojoSettingsTest {

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
    Path root;

    private final RecordingLog log = new RecordingLog();

    private CheckMojo check(Path module) {
        MavenProject project = new MavenProject();
        project.setFile(module.resolve("pom.xml").toFile());
        project.setArtifactId("shop");
        project.getBuild().setDirectory(module.resolve("target").toString());
        project.getBuild().setOutputDirectory(module.resolve("target/classes").toString());
        project.addCompileSourceRoot(module.resolve("src/main/java").toString());
        CheckMojo mojo = new CheckMojo();
        mojo.project = project;
        mojo.threads = 1;
        mojo.languageLevel = "newest";
        // Every confidence, but no enableRules: it would win over the file's rule switches, which these test.
        mojo.confidence = "low";
        mojo.excludes = new ArrayList<>();
        mojo.failOnViolation = true;
        mojo.formats = new ArrayList<>(List.of("text", "html"));
        mojo.outputDirectory = module.resolve("target/threadguard").toFile();
        mojo.setLog(log);
        return mojo;
    }

    private Path module() throws IOException {
        Path module = root.resolve("shop");
        Path file = module.resolve("src/main/java/shop/Jobs.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, JOBS);
        return module;
    }

    @Test
    void theProjectFileAboveTheModuleSetsSeverityAndFailOnAndThePomWins() throws Exception {
        Path module = module();
        Files.writeString(root.resolve("threadguard.properties"),
                "rules.future-result-ignored = on\nrules.future-result-ignored.severity = error\nfail-on = error\n");
        assertThatThrownBy(check(module)::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("threadguard found 1 finding at or above error in shop");
        assertThat(log.lines).anyMatch(l -> l.startsWith("[ERROR] ") && l.contains("[future-result-ignored]"));
        assertThat(Files.readString(module.resolve("target/threadguard/threadguard.html"))).contains("future-result-ignored");

        Files.writeString(root.resolve("threadguard.properties"), "rules.future = off\n");
        check(module).execute();
        CheckMojo pomSays = check(module);
        pomSays.failOnSeverity = "none";
        Files.writeString(root.resolve("threadguard.properties"), "rules.future = on\nfail-on = note\n");
        pomSays.execute();
        assertThat(log.lines).anyMatch(l -> l.contains("[future-result-ignored]"));
    }

    @Test
    void aBadProjectFileFailsTheBuildWithItsLine() throws Exception {
        Path module = module();
        Path config = Files.writeString(root.resolve("threadguard.properties"), "confidence = certain\n");
        assertThatThrownBy(check(module)::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessage("threadguard: " + config + ":1: unknown confidence 'certain' (expected high, medium or low)");
    }

    @Test
    void theProjectFilesLimitsApplyUnlessThePomSetsTheParameter() throws Exception {
        Path module = module();
        Files.writeString(root.resolve("threadguard.properties"), "rules.future = on\nmax-tokens = 10\n"
                + "file-timeout = 2.5\nmax-file-size = 64k\n");
        CheckMojo limited = check(module);
        assertThat(limited.limits()).isEqualTo(FileLimits.DEFAULTS.withMaxTokens(10).withMaxBytes(64 << 10)
                .withTimeout(Duration.ofMillis(2500)));
        limited.execute();
        assertThat(log.lines).anySatisfy(l -> assertThat(l).startsWith("[WARNING] ").contains("[parse] file too large "
                + "to analyse: ").endsWith("tokens, above the limit of 10 (see the parameter maxTokens)"));
        assertThat(log.lines).noneMatch(l -> l.contains("[future-result-ignored]"));

        log.lines.clear();
        CheckMojo pomSays = check(module);
        pomSays.maxTokens = 100_000;
        pomSays.fileTimeout = 0.0;
        assertThat(pomSays.limits()).isEqualTo(FileLimits.DEFAULTS.withMaxTokens(100_000).withMaxBytes(64 << 10)
                .withTimeout(Duration.ZERO));
        assertThatThrownBy(pomSays::execute).isInstanceOf(MojoFailureException.class);
        assertThat(log.lines).anyMatch(l -> l.contains("[future-result-ignored]")).noneMatch(l -> l.contains("[parse]"));

        Files.writeString(root.resolve("threadguard.properties"), "isolate-parse = never\n");
        CheckMojo isolation = check(module);
        assertThat(isolation.options().isolation()).isEqualTo(ParseIsolation.NEVER);
        isolation.isolateParse = "Always";
        assertThat(isolation.options().isolation()).isEqualTo(ParseIsolation.ALWAYS);

        Path config = Files.writeString(root.resolve("threadguard.properties"), "max-nesting = deep\n");
        assertThatThrownBy(check(module)::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessage("threadguard: " + config + ":1: 'deep' is not a whole number");
    }

    @Test
    void theCacheIsFilledOnceAndReusedWithTheSameFindings() throws Exception {
        Path module = module();
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            CheckMojo mojo = check(module);
            mojo.enableRules = new ArrayList<>(List.of("future-result-ignored"));
            mojo.useCache = true;
            mojo.cacheDirectory = module.resolve("target/threadguard-cache").toFile();
            log.lines.clear();
            assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class);
            runs.add(String.join("\n", log.lines));
        }
        assertThat(runs.get(1)).isEqualTo(runs.get(0));
        try (Stream<Path> entries = Files.walk(module.resolve("target/threadguard-cache"))) {
            assertThat(entries.filter(Files::isRegularFile)).hasSize(1);
        }
    }
}
