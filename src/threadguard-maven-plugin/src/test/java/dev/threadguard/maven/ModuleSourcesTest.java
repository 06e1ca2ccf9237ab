package dev.threadguard.maven;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ModuleSourcesTest {

    @TempDir
    Path top;

    private Path dir(String relative) throws IOException {
        return Files.createDirectories(top.resolve(relative));
    }

    @Test
    void generatedRootsBelowTheBuildDirectoryAreLeftOutUnlessAskedFor() throws IOException {
        Path module = dir("app");
        Path main = dir("app/src/main/java");
        Path annotations = dir("app/target/generated-sources/annotations");
        Path extra = dir("app/src/extra/java");
        List<String> roots = List.of(main.toString(), "target/generated-sources/annotations", "src/extra/java",
                "src/missing/java");

        ModuleSources sources = ModuleSources.of(roots, module.resolve("target").toString(), List.of(), module, top, false);
        assertThat(sources.sourceRoots()).containsExactly(main, extra);
        assertThat(sources.generatedRoots()).containsExactly(annotations);

        ModuleSources all = ModuleSources.of(roots, module.resolve("target").toString(), List.of(), module, top, true);
        assertThat(all.sourceRoots()).containsExactly(main, annotations, extra);
        assertThat(all.generatedRoots()).isEmpty();
    }

    @Test
    void theClassPathKeepsOnlyWhatExistsInOrder() throws IOException {
        Path module = dir("app");
        Path classes = dir("app/target/classes");
        Path jar = Files.writeString(dir("repo").resolve("core.jar"), "not really a jar");

        ModuleSources sources = ModuleSources.of(List.of(), module.resolve("target").toString(),
                List.of(jar.toString(), "target/classes", "target/missing", jar.toString()), module, top, false);

        assertThat(sources.classPath()).containsExactly(jar, classes);
    }

    @Test
    void pathsAreShownFromTheTopOfTheBuildWhenTheModuleIsBelowIt() throws IOException {
        Path module = dir("services/app");
        Path elsewhere = Files.createTempDirectory("outside");
        try {
            assertThat(ModuleSources.of(List.of(), null, List.of(), module, top, false).workingDirectory()).isEqualTo(top);
            assertThat(ModuleSources.of(List.of(), null, List.of(), module, null, false).workingDirectory()).isEqualTo(module);
            // A module reached through ../ from the top of the build shows its own paths.
            assertThat(ModuleSources.of(List.of(), null, List.of(), elsewhere, top, false).workingDirectory())
                    .isEqualTo(elsewhere);
        } finally {
            Files.delete(elsewhere);
        }
    }
}
