package dev.threadguard.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SourceDiscoveryTest {

    @TempDir
    Path dir;

    private void touch(String path) throws Exception {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "class X {}");
    }

    @Test
    void findsJavaFilesSortedAndHonoursExcludes() throws Exception {
        touch("src/b/B.java");
        touch("src/a/A.java");
        touch("src/a/notes.txt");
        touch("build/generated/G.java");
        touch("src/gen/Gen.java");
        SourceDiscovery d = new SourceDiscovery(List.of("**/generated/**", "src/gen/**"), dir);
        SourceDiscovery.Discovered found = d.discover(List.of(dir.resolve("src"), dir.resolve("build")));
        assertThat(found.files()).extracting(SourceDiscovery.SourceFile::displayPath)
                .containsExactly("src/a/A.java", "src/b/B.java");
        assertThat(found.problems()).isEmpty();
    }

    @Test
    void missingPathsAreProblemsNotErrors() throws Exception {
        touch("A.java");
        SourceDiscovery d = new SourceDiscovery(List.of(), dir);
        SourceDiscovery.Discovered found = d.discover(List.of(dir.resolve("A.java"), dir.resolve("nope")));
        assertThat(found.files()).extracting(SourceDiscovery.SourceFile::displayPath).containsExactly("A.java");
        assertThat(found.problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("no such file or directory"));
    }

    @Test
    void aFileNamedTwiceIsAnalysedOnce() throws Exception {
        touch("p/A.java");
        SourceDiscovery d = new SourceDiscovery(List.of(), dir);
        assertThat(d.discover(List.of(dir.resolve("p"), dir.resolve("p/A.java"))).files()).hasSize(1);
    }
}
