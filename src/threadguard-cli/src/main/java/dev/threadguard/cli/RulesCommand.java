package dev.threadguard.cli;

import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleInfo;
import dev.threadguard.rules.Rules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code threadguard rules}: lists every rule with its family, severity and summary. */
@Command(name = "rules",
        header = "Lists the rules.",
        mixinStandardHelpOptions = true,
        versionProvider = ThreadguardCommand.VersionProvider.class,
        description = {"Lists every rule: its id, family, default severity, whether the default report runs it, "
                + "and what it finds. A rule is off by default while under 80 %% of its findings on real projects' "
                + "sources were worth reading; 'check --enable RULE' (or --enable all) runs it.",
                "'threadguard explain RULE' shows the full page of one."})
public final class RulesCommand implements Callable<Integer> {

    private static final String[] HEADER = {"ID", "FAMILY", "SEVERITY", "DEFAULT", "SUMMARY"};

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<String[]> rows = Rules.all().stream().map(RulesCommand::row).toList();
        // The last column is not padded: summaries are long, and trailing blanks help nobody.
        int[] widths = new int[HEADER.length - 1];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = HEADER[c].length();
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(format(HEADER, widths));
        for (String[] row : rows) {
            out.println(format(row, widths));
        }
        if (rows.stream().anyMatch(r -> r[3].equals("off"))) {
            out.println();
            out.println("Rules marked off ran under 80 % true or plausible on real projects' sources; "
                    + "'threadguard check --enable RULE' runs one, '--enable all' every rule.");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String[] row(Rule r) {
        RuleInfo rule = r.info();
        return new String[] {rule.id(), rule.family().label(), rule.severity().label(),
                r.enabledByDefault() ? "on" : "off", rule.summary()};
    }

    private static String format(String[] row, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            line.append(row[c]).append(" ".repeat(widths[c] - row[c].length() + 2));
        }
        return line.append(row[row.length - 1]).toString();
    }
}
