package dev.threadguard.cli;

import dev.threadguard.rules.Family;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleInfo;
import dev.threadguard.rules.Rules;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RulesAndExplainTest {

    private static final List<RuleInfo> RULES = Rules.all().stream().map(Rule::info).toList();

    @Test
    void rulesListsEveryRuleWithFamilySeverityAndSummary() {
        Cli.Run run = Cli.run("rules");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).matches("ID +FAMILY +SEVERITY +DEFAULT +SUMMARY");
        assertThat(RULES).isNotEmpty();
        List<dev.threadguard.rules.Rule> all = Rules.all();
        for (int i = 0; i < RULES.size(); i++) {
            RuleInfo rule = RULES.get(i);
            assertThat(lines.get(i + 1).split(" {2,}", 5))
                    .containsExactly(rule.id(), rule.family().label(), rule.severity().label(),
                            all.get(i).enabledByDefault() ? "on" : "off", rule.summary());
        }
        // Rules off by default are explained after the table, with the option that turns them on.
        if (all.stream().anyMatch(r -> !r.enabledByDefault())) {
            assertThat(lines).hasSize(RULES.size() + 3);
            assertThat(lines.get(RULES.size() + 2)).contains("80 %").contains("--enable RULE");
        }
        // Columns line up: every summary starts where the header's does.
        int summaryColumn = lines.get(0).indexOf("SUMMARY");
        for (int i = 0; i < RULES.size(); i++) {
            assertThat(lines.get(i + 1).indexOf(RULES.get(i).summary())).isEqualTo(summaryColumn);
        }
    }

    @Test
    void explainPrintsTheRulesPage() {
        RuleInfo rule = Rules.find("future-result-ignored").orElseThrow();

        Cli.Run run = Cli.run("explain", "future-result-ignored");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("#").contains("future-result-ignored");
        assertThat(run.out().strip()).isEqualTo(rule.documentation().orElseThrow().strip());
    }

    @Test
    void explainAcceptsAnIdInCapitals() {
        assertThat(Cli.run("explain", "FUTURE-RESULT-IGNORED").out())
                .isEqualTo(Cli.run("explain", "future-result-ignored").out());
    }

    @Test
    void explainOfAnUnknownIdSuggestsTheClosestOnOneLine() {
        Cli.Run run = Cli.run("explain", "futur-result-ignord");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("threadguard: unknown rule 'futur-result-ignord'; did you mean "
                + "future-result-ignored? ('threadguard rules' lists them all)" + System.lineSeparator());
    }

    @Test
    void explainOfAPartOfAnIdSuggestsTheIdsContainingIt() {
        Cli.Run run = Cli.run("explain", "never-read");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("did you mean future-never-read?");
    }

    @Test
    void explainOfSomethingUnlikeAnyIdPointsAtTheList() {
        Cli.Run run = Cli.run("explain", "deadlock-everywhere");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("threadguard: unknown rule 'deadlock-everywhere' "
                + "('threadguard rules' lists them all)" + System.lineSeparator());
    }

    @Test
    void explainingAFamilyListsItsRules() {
        Cli.Run run = Cli.run("explain", "guard");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("The guard family has " + count(Family.GUARD) + " rules:")
                .contains("inconsistent-synchronization").contains("lock-without-finally")
                .doesNotContain("future-result-ignored");
        Cli.Run future = Cli.run("explain", "FUTURE");
        assertThat(future.out()).contains("The future family has " + count(Family.FUTURE) + " rules:");
    }

    private static long count(Family family) {
        return RULES.stream().filter(r -> r.family() == family).count();
    }

    @Test
    void aFamilysSummariesStartInOneColumn() {
        Cli.Run run = Cli.run("explain", "lock-order");
        List<String> rows = run.out().lines().filter(l -> l.startsWith("  ")).toList();
        assertThat(rows).hasSizeGreaterThan(1);
        // The summary starts after the id and at least two spaces, at the same column on every row.
        List<Integer> columns = rows.stream().map(l -> {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^  \\S+ {2,}").matcher(l);
            assertThat(m.find()).as(l).isTrue();
            return m.end();
        }).distinct().toList();
        assertThat(columns).hasSize(1);
    }
}
