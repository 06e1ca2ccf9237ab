package dev.threadguard.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Files.writeString(root.resolve("threadguard.properties"), "fail-on = note\n");
        pomSays.execute();
    }

    @Test
    void aBadProjectFileFailsTheBuildWithItsLine() throws Exception {
        Path module = module();
        Path config = Files.writeString(root.resolve("threadguard.properties"), "confidence = certain\n");
        assertThatThrownBy(check(module)::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessage("threadguard: " + config + ":1: unknown confidence 'certain' (expected high, medium or low)");
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
