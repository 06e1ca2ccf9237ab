package dev.threadguard;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the layers of ARCHITECTURE.md ("What may depend on what") true: each main source file of the core
 * names, in its imports or inline, only classes of the layers it may use.
 */
class LayersTest {

    private static final Path MAIN = Path.of("src/main/java/dev/threadguard");

    /** The layers each layer may use besides itself; the top package ({@code Analyzer}) may use all. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "source", Set.of(),
            "facts.model", Set.of(),
            "facts", Set.of("facts.model", "source"),
            "index", Set.of("facts", "facts.model"),
            // The program model: whole-program summaries (call graph, lock model, lock graph, entry locks).
            "model", Set.of("facts", "facts.model", "index"),
            "rules", Set.of("facts", "facts.model", "index", "model"),
            "report", Set.of("top", "rules", "model", "facts", "source"));

    /**
     * Packages that run the pipeline beside {@code Analyzer} (the facts cache, the project's configuration
     * file, the changed lines of pull-request mode): like the top package, they may use every layer.
     */
    private static final Set<String> ORCHESTRATION = Set.of("cache", "config", "changes");

    /** Known exceptions, each with the reason it still exists. */
    private static final Set<String> EXCEPTIONS = Set.of(
            // The lock-order graph's traces are findings' trace steps, a record of the rules' common code.
            "model/LockGraph.java -> rules");

    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.threadguard\\.((?:[a-z]+\\.)*)[A-Z]");

    static String layer(String pkg) {
        if (pkg.isEmpty() || ORCHESTRATION.contains(pkg)) {
            return "top";
        }
        if (pkg.equals("baseline")) {
            return "report";
        }
        if (pkg.startsWith("facts.model")) {
            return "facts.model";
        }
        return pkg.contains(".") ? pkg.substring(0, pkg.indexOf('.')) : pkg;
    }

    /** The layer violations of one file, as {@code file -> package} strings. */
    static List<String> violations(String file, String pkg, String source) {
        List<String> out = new ArrayList<>();
        String from = layer(pkg);
        boolean syntaxAllowed = from.equals("top") || from.equals("facts") || from.equals("source");
        if (!syntaxAllowed && source.contains("com.github.javaparser")) {
            out.add(file + " -> com.github.javaparser");
        }
        Matcher m = REFERENCE.matcher(source.replaceFirst("(?m)^package .*$", ""));
        Set<String> seen = new TreeSet<>();
        while (m.find()) {
            String to = m.group(1).isEmpty() ? "" : m.group(1).substring(0, m.group(1).length() - 1);
            if (!seen.add(to)) {
                continue;
            }
            String target = layer(to);
            boolean ok;
            if (from.equals("top") || to.equals(pkg)) {
                ok = true;
            } else if (from.equals("rules") && target.equals("rules")) {
                // A family uses the rules' common code; only the registry names the families.
                ok = to.equals("rules") || file.equals("rules/Rules.java");
            } else if (from.equals(target)) {
                ok = true;
            } else {
                ok = ALLOWED.getOrDefault(from, Set.of()).contains(target)
                        && !(from.equals("report") && target.equals("rules") && !to.equals("rules"));
            }
            if (!ok) {
                out.add(file + " -> " + to);
            }
        }
        return out;
    }

    @Test
    void eachLayerUsesOnlyTheLayersBeforeIt() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String rel = MAIN.relativize(p).toString().replace('\\', '/');
                String pkg = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/')).replace('/', '.') : "";
                found.addAll(violations(rel, pkg, Files.readString(p)));
            }
        }
        found.removeAll(EXCEPTIONS);
        assertThat(found).isEmpty();
    }

    @Test
    void aRuleThatCallsAnotherFamilyOrAReportIsCaught() {
        assertThat(violations("rules/guard/X.java", "rules.guard",
                "import dev.threadguard.rules.lockorder.LockGraph;\nimport dev.threadguard.rules.Finding;"))
                .containsExactly("rules/guard/X.java -> rules.lockorder");
        assertThat(violations("rules/guard/X.java", "rules.guard", "dev.threadguard.report.TextReport r;"))
                .containsExactly("rules/guard/X.java -> report");
        assertThat(violations("index/X.java", "index", "import com.github.javaparser.ast.Node;"))
                .containsExactly("index/X.java -> com.github.javaparser");
        assertThat(violations("facts/X.java", "facts", "import dev.threadguard.index.ProgramIndex;"))
                .containsExactly("facts/X.java -> index");
        assertThat(violations("report/X.java", "report", "import dev.threadguard.rules.guard.HeldLocks;"))
                .containsExactly("report/X.java -> rules.guard");
        assertThat(violations("report/X.java", "report", "import dev.threadguard.rules.Finding;")).isEmpty();
    }
}
