package dev.threadguard.baseline;

import dev.threadguard.AnalysisOptions;
import dev.threadguard.AnalysisResult;
import dev.threadguard.Analyzer;
import dev.threadguard.rules.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Baselines recorded from real analyses, then applied to the tree after the kinds of edits teams make. */
class BaselineTest {

    @TempDir
    Path root;

    /** A class whose methods each discard the Future of a submitted task, one finding per given body line. */
    private static String jobs(String... bodies) {
        StringBuilder b = new StringBuilder("""
                package demo;

                import java.util.concurrent.ExecutorService;

                class Jobs {
                    private final ExecutorService executor;

                    Jobs(ExecutorService executor) { this.executor = executor; }
                """);
        for (int i = 0; i < bodies.length; i++) {
            b.append("\n    void task").append(i).append("() {\n");
            for (String line : bodies[i].split("\n")) {
                b.append("        ").append(line).append('\n');
            }
            b.append("    }\n");
        }
        return b.append("}\n").toString();
    }

    private Path write(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static AnalysisOptions options(Path workingDirectory, Path... paths) {
        return AnalysisOptions.of(paths).withWorkingDirectory(workingDirectory).withThreads(1);
    }

    private static AnalysisResult analyse(AnalysisOptions options) {
        return new Analyzer().run(options);
    }

    /** Records the tree under {@code root/src} into {@code root/threadguard-baseline.json}, written and read back. */
    private Baseline recordAndReadBack() throws Exception {
        AnalysisOptions options = options(root, root.resolve("src"));
        Baseline recorded = Baseline.record(analyse(options), root, root.resolve(Baseline.FILE_NAME));
        recorded.write();
        return Baseline.read(root.resolve(Baseline.FILE_NAME));
    }

    private Baseline.Applied applyToTree(Baseline baseline) {
        AnalysisOptions options = options(root, root.resolve("src"));
        return baseline.apply(analyse(options), options);
    }

    @Test
    void hidesEveryFindingItRecorded() throws Exception {
        write("src/demo/Jobs.java", jobs("executor.submit(() -> {});", "executor.submit(this::toString);"));

        Baseline baseline = recordAndReadBack();
        Baseline.Applied applied = applyToTree(baseline);

        assertThat(baseline.entries()).hasSize(2)
                .allSatisfy(e -> assertThat(e.rule()).isEqualTo("future-result-ignored"))
                .allSatisfy(e -> assertThat(e.path()).isEqualTo("src/demo/Jobs.java"));
        assertThat(baseline.entries()).extracting(Baseline.Entry::member).containsExactly("Jobs.task0", "Jobs.task1");
        assertThat(applied.result().findings()).isEmpty();
        assertThat(applied.hidden()).isEqualTo(2);
        assertThat(applied.result().baselined()).isEqualTo(2);
        assertThat(applied.unmatched()).isEmpty();
        assertThat(applied.describe()).isEqualTo("baseline " + root.resolve(Baseline.FILE_NAME) + " hid 2 findings");
    }

    @Test
    void survivesLinesAddedAboveReindentationAndEditsToOtherLines() throws Exception {
        write("src/demo/Jobs.java", jobs("executor.submit(() -> {});"));
        Baseline baseline = recordAndReadBack();

        write("src/demo/Jobs.java", "// Copyright notice added later\n\n" + jobs(
                "int attempts = 3; // a line added before it\n        executor.submit( () -> {} );",
                "return;").replace("    ", "\t"));
        Baseline.Applied applied = applyToTree(baseline);

        assertThat(applied.result().findings()).isEmpty();
        assertThat(applied.hidden()).isEqualTo(1);
        assertThat(applied.unmatched()).isEmpty();
    }

    @Test
    void aNewBugInABaselinedFileIsStillReported() throws Exception {
        write("src/demo/Jobs.java", jobs("executor.submit(() -> {});"));
        Baseline baseline = recordAndReadBack();

        write("src/demo/Jobs.java", jobs("executor.submit(() -> {});", "executor.submit(() -> refresh());"));
        Baseline.Applied applied = applyToTree(baseline);

        assertThat(applied.result().findings()).singleElement()
                .satisfies(f -> assertThat(f.member()).isEqualTo("Jobs.task1"))
                .satisfies(f -> assertThat(f.pos().line()).isEqualTo(15));
        assertThat(applied.hidden()).isEqualTo(1);
    }

    @Test
    void changingTheReportedLineOrMovingTheCodeToAnotherMemberMakesItNew() throws Exception {
        write("src/demo/Jobs.java", jobs("executor.submit(() -> {});", "executor.submit(this::toString);"));
        Baseline baseline = recordAndReadBack();

        // task0's line is edited; task1's code moves to a method with another name.
        write("src/demo/Jobs.java", jobs("executor.submit(() -> {}); // why not", "executor.submit(this::toString);")
                .replace("task1", "renamed"));
        Baseline.Applied applied = applyToTree(baseline);

        // A trailing comment is part of the line's text, and the member is part of the identity.
        assertThat(applied.result().findings()).extracting(Finding::member)
                .containsExactly("Jobs.task0", "Jobs.renamed");
        assertThat(applied.hidden()).isZero();
        assertThat(applied.unmatched()).hasSize(2);
    }

    @Test
    void identicalFindingsOnIdenticalLinesAreCountedNotMerged() throws Exception {
        String twice = "executor.submit(() -> {});\nexecutor.submit(() -> {});";
        write("src/demo/Jobs.java", jobs(twice));
        Baseline baseline = recordAndReadBack();
        assertThat(baseline.entries()).hasSize(2);
        assertThat(baseline.entries().get(0).fingerprint()).isEqualTo(baseline.entries().get(1).fingerprint());

        write("src/demo/Jobs.java", jobs(twice + "\nexecutor.submit(() -> {});"));
        Baseline.Applied three = applyToTree(baseline);
        assertThat(three.hidden()).isEqualTo(2);
        assertThat(three.result().findings()).singleElement()
                .satisfies(f -> assertThat(f.pos().line()).isEqualTo(13));

        write("src/demo/Jobs.java", jobs("executor.submit(() -> {});"));
        Baseline.Applied one = applyToTree(baseline);
        assertThat(one.hidden()).isEqualTo(1);
        assertThat(one.result().findings()).isEmpty();
        assertThat(one.unmatched()).hasSize(1);
        assertThat(one.describe()).endsWith("hid 1 finding; 1 of its entries no longer matches anything "
                + "(fixed, or the line changed): record it again to drop it");
    }

    @Test
    void fixedFindingsAreUnmatchedOnlyWhereTheTreeWasAnalysed() throws Exception {
        write("src/a/Jobs.java", jobs("executor.submit(() -> {});").replace("package demo", "package a"));
        write("src/b/Jobs.java", jobs("executor.submit(() -> {});").replace("package demo", "package b"));
        Baseline baseline = recordAndReadBack();

        write("src/a/Jobs.java", jobs("return;").replace("package demo", "package a"));
        AnalysisOptions onlyA = options(root, root.resolve("src/a"));
        Baseline.Applied applied = baseline.apply(analyse(onlyA), onlyA);

        // a's entry was fixed; b's was not analysed, so it says nothing.
        assertThat(applied.unmatched()).extracting(Baseline.Entry::path).containsExactly("src/a/Jobs.java");
        assertThat(applied.hidden()).isZero();
    }

    @Test
    void pathsAreRelativeToTheBaselineSoItMatchesFromAnyWorkingDirectory() throws Exception {
        write("module/src/demo/Jobs.java", jobs("executor.submit(() -> {});"));
        Path module = root.resolve("module");
        Path file = module.resolve(Baseline.FILE_NAME);

        // Recorded from the top of a multi-module tree...
        AnalysisOptions fromTop = options(root, module.resolve("src"));
        Baseline.record(analyse(fromTop), root, file).write();
        assertThat(Files.readString(file)).contains("\"path\": \"src/demo/Jobs.java\"");

        // ...applied in the module, as a build of that module alone runs it.
        AnalysisOptions inModule = options(module, module.resolve("src"));
        Baseline.Applied applied = Baseline.read(file).apply(analyse(inModule), inModule);
        assertThat(applied.hidden()).isEqualTo(1);
        assertThat(applied.result().findings()).isEmpty();

        // And from a third place, where findings show absolute paths.
        AnalysisOptions elsewhere = options(root.resolve("elsewhere"), module.resolve("src"));
        assertThat(Baseline.read(file).apply(analyse(elsewhere), elsewhere).hidden()).isEqualTo(1);
    }

    @Test
    void updatingReplacesTheAnalysedPathsEntriesAndKeepsTheOthers() throws Exception {
        write("src/a/Jobs.java", jobs("executor.submit(() -> {});").replace("package demo", "package a"));
        write("src/b/Jobs.java", jobs("executor.submit(() -> {});").replace("package demo", "package b"));
        Path file = root.resolve(Baseline.FILE_NAME);
        // Two modules recorded one after the other into one file, as a reactor build does.
        for (String module : List.of("src/a", "src/b")) {
            AnalysisOptions options = options(root.resolve(module), root.resolve(module));
            Baseline.update(analyse(options), options, file).write();
        }
        assertThat(Baseline.read(file).entries()).extracting(Baseline.Entry::path)
                .containsExactly("src/a/Jobs.java", "src/b/Jobs.java");

        write("src/a/Jobs.java", jobs("return;").replace("package demo", "package a"));
        AnalysisOptions onlyA = options(root, root.resolve("src/a"));
        Baseline updated = Baseline.update(analyse(onlyA), onlyA, file);

        assertThat(updated.entries()).extracting(Baseline.Entry::path).containsExactly("src/b/Jobs.java");

        Path notABaseline = write("report.json", "{\"format\": \"threadguard-report\"}");
        assertThatThrownBy(() -> Baseline.update(analyse(onlyA), onlyA, notABaseline))
                .isInstanceOf(BaselineException.class).hasMessageEndingWith("; not overwriting it");
    }

    @Test
    void theFileIsSortedAndTheSameBytesEveryTime() throws Exception {
        write("src/demo/B.java", jobs("executor.submit(() -> {});").replace("class Jobs", "class B")
                .replace("Jobs(", "B("));
        write("src/demo/A.java", jobs("executor.submit(() -> {});").replace("class Jobs", "class A")
                .replace("Jobs(", "A("));
        Baseline baseline = recordAndReadBack();
        String first = Files.readString(root.resolve(Baseline.FILE_NAME));

        StringBuilder again = new StringBuilder();
        Baseline.read(root.resolve(Baseline.FILE_NAME)).write(again);

        assertThat(again.toString()).isEqualTo(first);
        assertThat(baseline.entries()).extracting(Baseline.Entry::path)
                .containsExactly("src/demo/A.java", "src/demo/B.java");
        assertThat(first).startsWith("""
                {
                  "format": "threadguard-baseline",
                  "formatVersion": 1,
                  "fingerprints": "threadguard/v1",
                  "findings": [
                    {
                      "fingerprint": \"""").contains("\"line\": 11,").endsWith("  ]\n}\n");
    }

    @Test
    void anEmptyTreeRecordsAnEmptyBaselineThatHidesNothing() throws Exception {
        write("src/demo/Jobs.java", jobs("return;"));
        Baseline baseline = recordAndReadBack();

        assertThat(baseline.entries()).isEmpty();
        write("src/demo/Jobs.java", jobs("executor.submit(() -> {});"));
        assertThat(applyToTree(baseline).result().findings()).hasSize(1);
    }

    @Test
    void badFilesAreRefusedWithOneLineThatSaysWhy() throws IOException {
        Path missing = root.resolve("missing.json");
        assertThatThrownBy(() -> Baseline.read(missing)).isInstanceOf(BaselineException.class)
                .hasMessage("baseline " + missing + " does not exist");

        Path garbled = write("garbled.json", "{\n  \"format\": \"threadguard-baseline\",\n  \"findings\": [ ,\n");
        assertThatThrownBy(() -> Baseline.read(garbled))
                .hasMessage("baseline " + garbled + " is not valid JSON: line 3, column 17: unexpected ',', expected a value");

        Path report = write("report.json", "{\"format\": \"threadguard-report\", \"findings\": []}");
        assertThatThrownBy(() -> Baseline.read(report)).hasMessageStartingWith(
                "baseline " + report + " is not a threadguard baseline (it has no \"format\": \"threadguard-baseline\")");

        Path future = write("future.json", "{\"format\": \"threadguard-baseline\", \"formatVersion\": 2}");
        assertThatThrownBy(() -> Baseline.read(future))
                .hasMessage("baseline " + future + " has format version 2, but this threadguard reads version 1");

        Path oldKind = write("old.json", "{\"format\": \"threadguard-baseline\", \"formatVersion\": 1, "
                + "\"fingerprints\": \"threadguard/v0\", \"findings\": []}");
        assertThatThrownBy(() -> Baseline.read(oldKind)).hasMessageContaining("fingerprints of kind threadguard/v0");

        Path noFingerprint = write("nofp.json", "{\"format\": \"threadguard-baseline\", \"formatVersion\": 1, "
                + "\"fingerprints\": \"threadguard/v1\", \"findings\": [{\"fingerprint\": \"ab\"}, {\"rule\": \"x\"}]}");
        assertThatThrownBy(() -> Baseline.read(noFingerprint))
                .hasMessage("baseline " + noFingerprint + ": finding 2 has no \"fingerprint\"");

        Path binary = root.resolve("binary.json");
        Files.write(binary, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
        assertThatThrownBy(() -> Baseline.read(binary)).hasMessageEndingWith("not UTF-8 text");

        assertThatThrownBy(() -> Baseline.read(root)).isInstanceOf(BaselineException.class)
                .hasMessageStartingWith("cannot read baseline " + root + ": ").hasMessageNotContaining("\n");
    }

    @Test
    void entriesWithoutTheOptionalFieldsStillMatch() throws Exception {
        write("src/demo/Jobs.java", jobs("executor.submit(() -> {});"));
        String fingerprint = recordAndReadBack().entries().get(0).fingerprint();
        Path minimal = write("minimal.json", "{\"format\": \"threadguard-baseline\", \"formatVersion\": 1, "
                + "\"fingerprints\": \"threadguard/v1\", \"findings\": [{\"fingerprint\": \"" + fingerprint + "\"}]}");

        Baseline.Applied applied = applyToTree(Baseline.read(minimal));

        assertThat(applied.hidden()).isEqualTo(1);
        assertThat(List.copyOf(applied.result().findings())).isEmpty();
    }
}
