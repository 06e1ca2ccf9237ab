package dev.threadguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code threadguard check samples/} as a separate process from the repository root, as a user would,
 * and compares every finding with {@code samples/expected-findings.txt}: a change in behaviour shows as a
 * diff of that file.
 */
class SamplesEndToEndTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    private record Run(int exitCode, String out, String err) {
    }

    private static Run threadguard(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ThreadguardCommand.class.getName());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(ROOT.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static List<String> findingLines(String text) {
        return text.lines().filter(l -> l.startsWith("samples/")).toList();
    }

    @Test
    void findingsOnTheSamplesAreExactlyTheExpectedOnes() throws Exception {
        List<String> expected = Files.readAllLines(ROOT.resolve("samples/expected-findings.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        // Every rule, every confidence: each planted bug, whether or not its rule is in the default report.
        Run run = threadguard("check", "--enable", "all", "--confidence", "low", "samples/");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(String.join("\n", findingLines(run.out()))).isEqualTo(String.join("\n", expected));
        assertThat(run.out()).doesNotContain("[parse]");
    }

    @Test
    void theDefaultReportShowsTheRulesOnByDefault() throws Exception {
        List<String> expected = Files.readAllLines(ROOT.resolve("samples/expected-findings.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        java.util.Set<String> onByDefault = new java.util.HashSet<>();
        for (dev.threadguard.rules.Rule r : dev.threadguard.rules.Rules.all()) {
            if (r.enabledByDefault()) {
                onByDefault.add(r.info().id());
            }
        }
        List<String> defaults = expected.stream()
                .filter(l -> onByDefault.contains(l.replaceAll(".*?\\[([a-z-]+)].*", "$1"))
                        && !l.contains("[type not resolved"))
                .toList();
        // At every confidence the default rules report exactly their planted bugs; the default report (high
        // confidence only) shows those of them that clear its bar, and nothing else.
        Run wide = threadguard("check", "--confidence", "low", "samples/");
        assertThat(findingLines(wide.out())).isEqualTo(defaults);
        Run run = threadguard("check", "samples/");
        assertThat(defaults).isNotEmpty();
        assertThat(findingLines(run.out())).isNotEmpty().isSubsetOf(defaults);
        assertThat(findingLines(run.out()).size()).isGreaterThanOrEqualTo(defaults.size() - 1);
    }

    @Test
    void theSamplesGiveTheSameFindingsOnOneThreadAndInEveryFormat(@TempDir Path dir) throws Exception {
        Path sarif = dir.resolve("samples.sarif");
        Path json = dir.resolve("samples.json");
        Run many = threadguard("check", "--enable", "all", "--threads", "4", "samples/");
        Run one = threadguard("check", "--enable", "all", "--threads", "1", "--format", "sarif", "--output", sarif.toString(),
                "--format", "json", "--output", json.toString(), "--format", "text", "samples/");
        assertThat(one.exitCode()).as(one.err()).isEqualTo(1);
        assertThat(findingLines(one.out())).isEqualTo(findingLines(many.out()));
        String sarifText = Files.readString(sarif);
        String jsonText = Files.readString(json);
        for (String line : findingLines(many.out())) {
            String rule = line.replaceAll(".*\\[([a-z-]+)].*", "$1");
            assertThat(sarifText).contains("\"ruleId\": \"" + rule + "\"");
            assertThat(jsonText).contains("\"rule\": \"" + rule + "\"");
        }
    }
}
