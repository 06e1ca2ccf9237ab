package dev.threadguard.cli;

import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleInfo;
import dev.threadguard.rules.Rules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code threadguard explain RULE}: prints the rule's documentation page, in Markdown. */
@Command(name = "explain",
        header = "Shows the documentation page of a rule.",
        mixinStandardHelpOptions = true,
        versionProvider = ThreadguardCommand.VersionProvider.class,
        description = {"Prints the page of a rule: what it finds, why it matters, how to fix it, a bad and a "
                + "good example, and how to suppress it. The page is Markdown, the same as rules/RULE.md."})
public final class ExplainCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RULE", completionCandidates = RuleIds.class,
            description = "The rule id, as 'threadguard rules' lists it: ${COMPLETION-CANDIDATES}.")
    String id;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        Optional<RuleInfo> rule = Rules.find(wanted);
        List<RuleInfo> family = Rules.all().stream().map(r -> r.info())
                .filter(r -> r.family().label().equals(wanted)).toList();
        if (rule.isEmpty() && !family.isEmpty()) {
            // A family name, as the README and SARIF tags use them: list its rules.
            PrintWriter out = spec.commandLine().getOut();
            out.println("The " + wanted + " family has " + family.size() + " rules:");
            int width = family.stream().mapToInt(r -> r.id().length()).max().orElse(0);
            for (RuleInfo r : family) {
                out.println("  " + r.id() + " ".repeat(width - r.id().length() + 2) + r.summary());
            }
            out.println("Run 'threadguard explain <rule-id>' for the page of one of them.");
            out.flush();
            return ExitCodes.OK;
        }
        if (rule.isEmpty()) {
            List<String> close = Suggestions.closest(wanted, new RuleIds());
            String reason = "unknown rule '" + id + "'" + (close.isEmpty() ? "" : "; did you mean "
                    + Suggestions.either(close) + "?");
            throw new UsageError(spec.commandLine(), reason, "'threadguard rules' lists them all");
        }
        // A rule without its page means the jar was built wrong, which is threadguard's failure, not the user's.
        String page = rule.get().documentation().orElseThrow(() -> new IllegalStateException(
                "the page of rule " + wanted + " is missing from this build (expected " + rule.get().helpPath()
                        + " bundled in the jar)"));
        PrintWriter out = spec.commandLine().getOut();
        out.print(page.endsWith("\n") ? page : page + "\n");
        out.flush();
        return ExitCodes.OK;
    }

    /** Every rule id, for the help text, shell completion and suggestions. */
    public static final class RuleIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Rules.all().stream().map(Rule::info).map(RuleInfo::id).iterator();
        }
    }
}
