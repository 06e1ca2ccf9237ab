package dev.threadguard.report;

import dev.threadguard.facts.Pos;
import dev.threadguard.rules.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.threadguard.report.ReportFixture.DOCUMENTED;
import static dev.threadguard.report.ReportFixture.IGNORED;
import static dev.threadguard.report.ReportFixture.finding;
import static org.assertj.core.api.Assertions.assertThat;

class FingerprintsTest {

    @TempDir
    Path root;

    private static final String MESSAGE = "the Future returned by `pool.submit(task)` is discarded";

    private String fingerprint(Path dir, String path, int line, String member, String message) {
        return Fingerprints.in(dir).of(finding(IGNORED, path, Pos.at(line, 9), member, message));
    }

    @Test
    void survivesLinesAddedAboveAndReindenting() {
        ReportFixture before = new ReportFixture(root.resolve("before"));
        before.file("A.java", "class A {", "  void m() {", "    pool.submit(task);", "  }", "}");
        ReportFixture after = new ReportFixture(root.resolve("after"));
        after.file("A.java", "import x.Y;", "", "class A {", "    void m() {",
                "        // a new comment", "        pool.submit( task );", "    }", "}");

        String old = fingerprint(before.root, "A.java", 3, "A.m", MESSAGE);
        assertThat(old).matches("[0-9a-f]{32}");
        assertThat(fingerprint(after.root, "A.java", 6, "A.m", MESSAGE)).isEqualTo(old);
        // The message is not part of it while the line can be read: rewording a rule keeps baselines valid.
        assertThat(fingerprint(after.root, "A.java", 6, "A.m", "reworded")).isEqualTo(old);
    }

    @Test
    void changesWhenTheLineRuleMemberOrPathChanges() {
        ReportFixture fx = new ReportFixture(root);
        fx.file("A.java", "class A {", "  void m() {", "    pool.submit(task);", "    pool.submit(other);", "  }", "}");
        fx.file("B.java", "class A {", "  void m() {", "    pool.submit(task);", "  }", "}");

        String base = fingerprint(root, "A.java", 3, "A.m", MESSAGE);
        assertThat(fingerprint(root, "A.java", 4, "A.m", MESSAGE)).isNotEqualTo(base);
        assertThat(fingerprint(root, "A.java", 3, "A.n", MESSAGE)).isNotEqualTo(base);
        assertThat(fingerprint(root, "B.java", 3, "A.m", MESSAGE)).isNotEqualTo(base);
        String otherRule = Fingerprints.in(root).of(finding(DOCUMENTED, "A.java", Pos.at(3, 9), "A.m", MESSAGE));
        assertThat(otherRule).isNotEqualTo(base);
    }

    @Test
    void fallsBackOnTheMessageWhenTheFileCannotBeRead() {
        String missing = fingerprint(root, "Gone.java", 3, "A.m", MESSAGE);
        assertThat(missing).matches("[0-9a-f]{32}");
        assertThat(fingerprint(root, "Gone.java", 30, "A.m", MESSAGE)).isEqualTo(missing);
        assertThat(fingerprint(root, "Gone.java", 3, "A.m", "another message")).isNotEqualTo(missing);

        // A line past the end of the file (it changed since the analysis) falls back the same way.
        new ReportFixture(root).file("Short.java", "class Short {}");
        assertThat(fingerprint(root, "Short.java", 99, "A.m", MESSAGE))
                .isEqualTo(fingerprint(root, "Short.java", 98, "A.m", MESSAGE))
                .isNotEqualTo(fingerprint(root, "Short.java", 1, "A.m", MESSAGE));
    }

    @Test
    void readsCrLfFilesLineByLineAndAbsolutePathsToo() {
        ReportFixture fx = new ReportFixture(root);
        fx.file("Unix.java", "a", "b();", "c");
        String crlf = "Crlf.java";
        fx.file(crlf, "a\r\nb();\r\nc");
        Path absolute = root.resolve(crlf).toAbsolutePath();

        Fingerprints fingerprints = Fingerprints.in(root);
        Finding relative = finding(IGNORED, crlf, Pos.at(2, 1), "A.m", MESSAGE);
        Finding moved = finding(IGNORED, crlf, Pos.at(3, 1), "A.m", MESSAGE);
        assertThat(fingerprints.of(relative)).isNotEqualTo(fingerprints.of(moved));
        // Same text as line 2 of the Unix file; only the path differs, so the fingerprints do too, but each
        // resolves its line: an absolute path that is not under the root still reads its file.
        Finding viaAbsolute = finding(IGNORED, absolute.toString(), Pos.at(2, 1), "A.m", "x");
        Finding viaAbsoluteOtherMessage = finding(IGNORED, absolute.toString(), Pos.at(2, 1), "A.m", "y");
        assertThat(Fingerprints.in(root.resolve("elsewhere")).of(viaAbsolute))
                .isEqualTo(fingerprints.of(viaAbsoluteOtherMessage));
    }

    @Test
    void ofAllTellsIdenticalLinesApartInOrder() {
        ReportFixture fx = new ReportFixture(root);
        fx.file("A.java", "class A {", "  void m() {", "    pool.submit(task);", "    pool.submit(task);",
                "    pool.submit(task);", "  }", "}");
        List<Finding> findings = List.of(
                finding(IGNORED, "A.java", Pos.at(3, 5), "A.m", MESSAGE),
                finding(IGNORED, "A.java", Pos.at(4, 5), "A.m", MESSAGE),
                finding(IGNORED, "A.java", Pos.at(5, 5), "A.m", MESSAGE));

        Fingerprints fingerprints = Fingerprints.in(root);
        String base = fingerprints.of(findings.get(0));
        assertThat(fingerprints.ofAll(findings)).containsExactly(base, base + "-2", base + "-3");
    }

    @Test
    void pathsCanBeTakenRelativeToAnotherDirectoryWithTheSameLineRead() {
        ReportFixture fx = new ReportFixture(root);
        fx.file("module/src/A.java", "class A {", "  void m() {", "    pool.submit(task);", "  }", "}");
        Finding fromRoot = finding(IGNORED, "module/src/A.java", Pos.at(3, 5), "A.m", MESSAGE);
        Finding fromModule = finding(IGNORED, "src/A.java", Pos.at(3, 5), "A.m", MESSAGE);

        // Taken relative to the directory it is read from, the fingerprint is the plain one.
        assertThat(Fingerprints.in(root).withPathsRelativeTo(root).of(fromRoot))
                .isEqualTo(Fingerprints.in(root).of(fromRoot));
        // Seen from the root or from the module, the same finding is the same when both hash module-relative
        // paths: this is what lets one baseline serve a build run from either place.
        Fingerprints fromRootAsModule = Fingerprints.in(root).withPathsRelativeTo(root.resolve("module"));
        Fingerprints inModule = Fingerprints.in(root.resolve("module"));
        assertThat(fromRootAsModule.pathOf("module/src/A.java")).isEqualTo("src/A.java");
        assertThat(fromRootAsModule.of(fromRoot)).isEqualTo(inModule.of(fromModule))
                .isNotEqualTo(Fingerprints.in(root).of(fromRoot));
        // A file outside the root is named by its absolute path.
        assertThat(Fingerprints.in(root).withPathsRelativeTo(root.resolve("other")).pathOf("module/src/A.java"))
                .isEqualTo(root.resolve("module/src/A.java").toAbsolutePath().normalize().toString().replace('\\', '/'));
    }

    @Test
    void normalizeDropsEveryKindOfWhitespace() {
        assertThat(Fingerprints.normalize(" \tpool . submit(\u00a0task ) ;\u2003")).isEqualTo("pool.submit(task);");
    }
}
