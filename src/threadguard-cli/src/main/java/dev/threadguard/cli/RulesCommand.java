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
        description = {"Lists every rule: its id, family, default severity and what it finds.",
                "'threadguard explain RULE' shows the full page of one."})
public final class RulesCommand implements Callable<Integer> {

    private static final String[] HEADER = {"ID", "FAMILY", "SEVERITY", "SUMMARY"};

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<String[]> rows = Rules.all().stream().map(Rule::info).map(RulesCommand::row).toList();
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
        out.flush();
        return ExitCodes.OK;
    }

    private static String[] row(RuleInfo rule) {
        return new String[] {rule.id(), rule.family().label(), rule.severity().label(), rule.summary()};
    }

    private static String format(String[] row, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            line.append(row[c]).append(" ".repeat(widths[c] - row[c].length() + 2));
        }
        return line.append(row[row.length - 1]).toString();
    }
}
