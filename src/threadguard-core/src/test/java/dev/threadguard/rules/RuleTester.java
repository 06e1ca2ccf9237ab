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
 * Runs one rule over inline Java sources and checks its findings against markers in the sources:
 * a line {@code // BUG: rule-id} (optionally {@code // BUG: rule-id contains "text"}) says the next line
 * has a finding of that rule, whose message contains the text. Every other line must have none.
 */
public final class RuleTester {

    private static final Pattern MARKER = Pattern.compile("//\\s*BUG:\\s*([a-z-]+)(?:\\s+contains\\s+\"([^\"]*)\")?");

    private final String ruleId;
    private final Path dir;
    private final List<String> files = new ArrayList<>();

    private RuleTester(String ruleId, Path dir) {
        this.ruleId = ruleId;
        this.dir = dir;
    }

    public static RuleTester forRule(String ruleId, Path tempDir) {
        return new RuleTester(ruleId, tempDir);
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

    /** Runs the analysis and returns this rule's findings. */
    public List<Finding> findings() {
        AnalysisResult result = new Analyzer().run(AnalysisOptions.of(dir).withWorkingDirectory(dir).withThreads(1));
        assertThat(result.diagnostics()).as("sources must parse").isEmpty();
        return result.findings().stream().filter(f -> f.rule().id().equals(ruleId)).toList();
    }

    /** Asserts that the findings are exactly those the markers ask for. */
    public List<Finding> expectMarkedFindings() {
        List<Finding> findings = findings();
        TreeSet<String> expected = new TreeSet<>();
        List<String[]> contains = new ArrayList<>();
        for (String path : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(dir.resolve(path));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = MARKER.matcher(lines.get(i));
                if (m.find() && m.group(1).equals(ruleId)) {
                    String key = path + ":" + (i + 2);
                    expected.add(key);
                    if (m.group(2) != null) {
                        contains.add(new String[] {key, m.group(2)});
                    }
                }
            }
        }
        TreeSet<String> actual = new TreeSet<>();
        for (Finding f : findings) {
            actual.add(f.path() + ":" + f.pos().line());
        }
        assertThat(actual).as("lines with a %s finding; findings: %s", ruleId, describe(findings)).isEqualTo(expected);
        for (String[] c : contains) {
            assertThat(findings.stream().filter(f -> (f.path() + ":" + f.pos().line()).equals(c[0]))
                    .map(Finding::message).toList())
                    .as("message at %s", c[0]).anyMatch(m -> m.contains(c[1]));
        }
        return findings;
    }

    private static String describe(List<Finding> findings) {
        StringBuilder sb = new StringBuilder();
        for (Finding f : findings) {
            sb.append("\n  ").append(f.path()).append(':').append(f.pos()).append(' ').append(f.message());
        }
        return sb.toString();
    }
}
