package dev.threadguard.cli;

import dev.threadguard.rules.Rules;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jcstress demonstrations in {@code stress-tests/} prove at run time the bugs the rules report; this
 * checks the other direction: threadguard reports each demonstration with the rule its Javadoc names
 * ("threadguard rule {@code id}: ..."), and nothing at all on the fixes ({@code *Fixed}).
 */
class DemonstrationsTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Path STRESS = ROOT.resolve("stress-tests/src/main/java/dev/threadguard/stress");
    private static final Pattern NAMED_RULE = Pattern.compile("^ \\* threadguard rule \\{@code ([a-z-]+)}:", Pattern.MULTILINE);
    private static final Pattern FINDING = Pattern.compile("^(\\S+\\.java):\\d+:\\d+: \\w+: \\[([a-z-]+)]", Pattern.MULTILINE);

    @Test
    void eachDemonstrationIsReportedWithItsRuleAndNoFixIsReported() throws IOException {
        Cli.Run run = Cli.run("check", "--no-progress", STRESS.toString());
        Map<String, List<String>> rulesByFile = new TreeMap<>();
        Matcher finding = FINDING.matcher(run.out());
        while (finding.find()) {
            String file = Path.of(finding.group(1)).getFileName().toString();
            rulesByFile.computeIfAbsent(file, f -> new ArrayList<>()).add(finding.group(2));
        }

        List<String> demonstrations = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(STRESS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String name = file.getFileName().toString();
                Matcher named = NAMED_RULE.matcher(Files.readString(file));
                if (named.find() && Rules.find(named.group(1)).isPresent()) {
                    demonstrations.add(name);
                    assertThat(rulesByFile.getOrDefault(name, List.of())).as(name + " is reported").contains(named.group(1));
                }
                if (name.endsWith("Fixed.java")) {
                    fixes.add(name);
                    assertThat(rulesByFile.get(name)).as(name + " is not reported").isNull();
                }
            }
        }
        assertThat(demonstrations).contains("LostUpdate.java", "TornRead.java", "CheckThenAct.java",
                "DoubleCheckedLocking.java", "DroppedFuture.java");
        assertThat(fixes).contains("LostUpdateFixed.java", "TornReadFixed.java", "CheckThenActFixed.java",
                "DoubleCheckedLockingFixed.java", "LockOrderFixed.java");
    }
}
