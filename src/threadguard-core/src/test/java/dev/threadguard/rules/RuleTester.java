package dev.threadguard.rules;

import dev.threadguard.AnalysisOptions;
import dev.threadguard.AnalysisResult;
import dev.threadguard.Analyzer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs one rule, and only that rule, over inline Java sources and checks its findings against markers in
 * the sources: a line {@code // BUG: rule-id} (optionally {@code // BUG: rule-id contains "text"}) says the
 * next line has a finding of that rule, whose message contains the text. Every other line must have none.
 *
 * <p>The tester is keyed by the rule's class, as Error Prone's {@code CompilationTestHelper} is, and the id
 * comes from the class's {@link RuleDescriptor}. A marker that names an unknown id, or another rule than the
 * one under test, fails the test: it could never be matched, so it would pass vacuously.
 */
public final class RuleTester {

    private static final Pattern MARKER = Pattern.compile("//\\s*BUG:\\s*(\\S+)(?:\\s+contains\\s+\"([^\"]*)\")?");

    private final Rule rule;
    private final String ruleId;
    private final Path dir;
    private final List<String> files = new ArrayList<>();

    private RuleTester(Rule rule, Path dir) {
        this.rule = rule;
        this.ruleId = rule.info().id();
        this.dir = dir;
    }

    /** A tester for the rule of this class, which must be registered in {@link Rules}. */
    public static RuleTester forRule(Class<? extends Rule> ruleClass, Path tempDir) {
        String id = RuleInfo.of(ruleClass).id();
        Rule registered = Rules.all().stream().filter(r -> r.getClass() == ruleClass).findFirst()
                .orElseThrow(() -> new AssertionError(ruleClass.getName() + " (" + id + ") is not registered in Rules"));
        return new RuleTester(registered, tempDir);
    }

    /** Adds a source file; its path is derived from the package and the first type name. */
    public RuleTester source(String code) {
        Matcher pkg = Pattern.compile("package\\s+([\\w.]+);").matcher(code);
        Matcher type = Pattern.compile("(?:class|interface|enum|record)\\s+(\\w+)").matcher(code);
        String name = type.find() ? type.group(1) : "Unnamed" + files.size();
        String path = (pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "") + name + ".java";
        try {
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, code);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.add(path);
        return this;
    }

    /** Runs this rule alone and returns its findings, after checking that every marker names this rule. */
    public List<Finding> findings() {
        markers();
        AnalysisResult result = new Analyzer(List.of(rule))
                .run(AnalysisOptions.of(dir).withWorkingDirectory(dir).withThreads(1));
        assertThat(result.diagnostics()).as("sources must parse").isEmpty();
        assertThat(result.findings()).as("findings of %s carry its id", ruleId)
                .allMatch(f -> f.rule().id().equals(ruleId));
        return result.findings();
    }

    /** Asserts that the findings are exactly those the markers ask for. */
    public List<Finding> expectMarkedFindings() {
        List<Marker> markers = markers();
        List<Finding> findings = findings();
        TreeSet<String> expected = new TreeSet<>();
        for (Marker m : markers) {
            expected.add(m.key());
        }
        TreeSet<String> actual = new TreeSet<>();
        for (Finding f : findings) {
            actual.add(f.path() + ":" + f.pos().line());
        }
        assertThat(actual).as("lines with a %s finding; findings: %s", ruleId, describe(findings)).isEqualTo(expected);
        for (Marker m : markers) {
            if (m.contains() != null) {
                assertThat(findings.stream().filter(f -> (f.path() + ":" + f.pos().line()).equals(m.key()))
                        .map(Finding::message).toList())
                        .as("message at %s", m.key()).anyMatch(msg -> msg.contains(m.contains()));
            }
        }
        return findings;
    }

    /** A {@code // BUG:} marker: the finding it asks for at {@code key} (path:line of the next line). */
    private record Marker(String key, String contains) {
    }

    private List<Marker> markers() {
        List<Marker> markers = new ArrayList<>();
        for (String path : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(dir.resolve(path));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = MARKER.matcher(lines.get(i));
                if (!m.find()) {
                    continue;
                }
                String id = m.group(1);
                String where = path + ":" + (i + 1);
                if (Rules.find(id).isEmpty()) {
                    throw new AssertionError("marker at " + where + " names an unknown rule id `" + id + "`");
                }
                if (!id.equals(ruleId)) {
                    throw new AssertionError("marker at " + where + " expects a finding of `" + id
                            + "`, but this tester runs only `" + ruleId + "`: test it with RuleTester.forRule(<its class>, dir)");
                }
                markers.add(new Marker(path + ":" + (i + 2), m.group(2)));
            }
        }
        return markers;
    }

    private static String describe(List<Finding> findings) {
        StringBuilder sb = new StringBuilder();
        for (Finding f : findings) {
            sb.append("\n  ").append(f.path()).append(':').append(f.pos()).append(' ').append(f.message());
        }
        return sb.toString();
    }
}
