package dev.threadguard.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
        // build/ holds only an excluded file: a PATH with nothing to analyse, said in the same walk.
        assertThat(found.emptyDirectories()).containsExactly(dir.resolve("build"));
    }

    @Test
    void aDirectoryWhoseFilesAnotherPathAlsoReachesIsNotEmpty() throws Exception {
        touch("p/A.java");
        Files.createDirectories(dir.resolve("docs"));
        SourceDiscovery.Discovered found = new SourceDiscovery(List.of(), dir)
                .discover(List.of(dir.resolve("p"), dir.resolve("p/A.java"), dir.resolve("p"), dir.resolve("docs")));
        assertThat(found.files()).hasSize(1);
        assertThat(found.emptyDirectories()).containsExactly(dir.resolve("docs"));
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

    private List<String> found(List<String> excludes, Path root) {
        return new SourceDiscovery(excludes, dir).discover(List.of(root)).files().stream()
                .map(SourceDiscovery.SourceFile::displayPath).toList();
    }

    @Test
    void aLeadingDoubleStarAlsoMatchesAtTheTopOfTheTree() throws Exception {
        touch("generated/G.java");
        touch("generated/deep/H.java");
        touch("src/generated/I.java");
        touch("src/degenerated/Kept.java");
        touch("Broken.java");
        touch("src/Broken.java");
        touch("src/NotBroken.java");

        // The root is the working directory, so the relative and the displayed paths are both "generated/G.java",
        // which Java's own glob "**/generated/**" does not match.
        assertThat(found(List.of("**/generated/**", "**/Broken.java"), dir))
                .containsExactly("src/NotBroken.java", "src/degenerated/Kept.java");
        assertThat(found(List.of("**/**/generated/**"), dir)).doesNotContain("generated/G.java");
    }

    @Test
    void anExcludedDirectoryIsNotWalked() throws Exception {
        touch("out/generated/G.java");
        touch("out/A.java");
        // A link back up would be a "symbolic link loop" diagnostic if the walk went in.
        Files.createSymbolicLink(dir.resolve("out/generated/loop"), dir.resolve("out"));

        SourceDiscovery.Discovered found = new SourceDiscovery(List.of("**/generated/**"), dir)
                .discover(List.of(dir.resolve("out")));

        assertThat(found.files()).extracting(SourceDiscovery.SourceFile::displayPath).containsExactly("out/A.java");
        assertThat(found.problems()).isEmpty();
    }

    @Test
    void aSymbolicLinkLoopIsSaidInWords() throws Exception {
        touch("a/A.java");
        Files.createSymbolicLink(dir.resolve("a/loop"), dir.resolve("a"));

        SourceDiscovery.Discovered found = new SourceDiscovery(List.of(), dir).discover(List.of(dir.resolve("a")));

        assertThat(found.files()).extracting(SourceDiscovery.SourceFile::displayPath).containsExactly("a/A.java");
        assertThat(found.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("a/loop");
            assertThat(p.message()).isEqualTo("symbolic link loop: it leads back to a, which contains it; not followed");
        });
    }

    @Test
    void linksAreFollowedWithinThePathOnlyUnlessAskedAndEachFileIsFoundOnce() throws Exception {
        touch("src/a/A.java");
        touch("outside/O.java");
        Files.createSymbolicLink(dir.resolve("src/inside"), dir.resolve("src/a"));      // the same files again
        Files.createSymbolicLink(dir.resolve("src/out"), dir.resolve("outside"));       // out of the PATH
        Files.createSymbolicLink(dir.resolve("src/Link.java"), dir.resolve("outside/O.java"));

        SourceDiscovery.Discovered kept = new SourceDiscovery(List.of(), dir).discover(List.of(dir.resolve("src")));
        assertThat(kept.files()).extracting(SourceDiscovery.SourceFile::displayPath).containsExactly("src/a/A.java");
        assertThat(kept.problems()).isEmpty();

        SourceDiscovery.Discovered followed = new SourceDiscovery(List.of(), dir, true)
                .discover(List.of(dir.resolve("src")));
        // O.java is reached twice, as src/Link.java and src/out/O.java: once is enough, the first by name.
        assertThat(followed.files()).extracting(SourceDiscovery.SourceFile::displayPath)
                .containsExactly("src/Link.java", "src/a/A.java");
    }

    @Test
    void aDanglingLinkIsReportedOnceWithItsTarget() throws Exception {
        touch("src/A.java");
        Files.createSymbolicLink(dir.resolve("src/Gone.java"), dir.resolve("src/Moved.java"));
        Files.createSymbolicLink(dir.resolve("src/gone"), Path.of("nowhere"));

        SourceDiscovery.Discovered found = new SourceDiscovery(List.of(), dir).discover(List.of(dir.resolve("src")));

        assertThat(found.files()).extracting(SourceDiscovery.SourceFile::displayPath).containsExactly("src/A.java");
        assertThat(found.problems()).extracting(Diagnostic::toLine).containsExactly(
                "src/Gone.java:1:1: error: [parse] dangling symbolic link: its target " + dir.resolve("src/Moved.java")
                        + " does not exist",
                "src/gone:1:1: error: [parse] dangling symbolic link: its target nowhere does not exist");
    }

    @Test
    void aLoopThroughTwoLinksIsReportedOnce() throws Exception {
        touch("a/b/B.java");
        Files.createSymbolicLink(dir.resolve("a/b/up"), dir.resolve("a"));
        Files.createSymbolicLink(dir.resolve("a/side"), dir.resolve("a/b"));

        SourceDiscovery.Discovered found = new SourceDiscovery(List.of(), dir).discover(List.of(dir.resolve("a")));

        assertThat(found.files()).extracting(SourceDiscovery.SourceFile::displayPath).containsExactly("a/b/B.java");
        assertThat(found.problems()).extracting(Diagnostic::message)
                .allMatch(m -> m.startsWith("symbolic link loop: it leads back to a,"));
    }

    @Test
    void readErrorsAreSaidInWordsWithoutClassNamesOrPaths() {
        assertThat(SourceDiscovery.reason(new FileSystemLoopException("/x/loop"))).isEqualTo("symbolic link loop");
        assertThat(SourceDiscovery.reason(new AccessDeniedException("/x/A.java"))).isEqualTo("permission denied");
        assertThat(SourceDiscovery.reason(new NoSuchFileException("/x/A.java"))).isEqualTo("no such file");
        assertThat(SourceDiscovery.reason(new FileSystemException("/x/A.java", null, "Is a directory")))
                .isEqualTo("is a directory");
        assertThat(SourceDiscovery.reason(new FileSystemException("/x/L.java", null, "Too many levels of symbolic links")))
                .isEqualTo("symbolic link loop");
        assertThat(SourceDiscovery.reason(new IOException("Input/output error"))).isEqualTo("input/output error");
        assertThat(SourceDiscovery.reason(new IOException())).isEqualTo("input/output error");
    }
}
