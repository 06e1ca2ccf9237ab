package dev.threadguard.cli;

import dev.threadguard.AnalysisOptions;
import dev.threadguard.AnalysisResult;
import dev.threadguard.FailOn;
import dev.threadguard.Version;
import dev.threadguard.baseline.Baseline;
import dev.threadguard.baseline.BaselineException;
import dev.threadguard.changes.ChangedLines;
import dev.threadguard.changes.ChangesException;
import dev.threadguard.report.HtmlReport;
import dev.threadguard.report.LockOrderPicture;
import dev.threadguard.report.ReportContext;
import dev.threadguard.report.ReportFormat;
import dev.threadguard.report.ReportWriter;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleInfo;
import dev.threadguard.rules.RuleSelection;
import dev.threadguard.rules.Rules;
import dev.threadguard.model.LockGraph;
import dev.threadguard.source.SourceDiscovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code threadguard check}: analyses Java sources and reports the concurrency bugs it finds. */
@Command(name = "check",
        header = "Analyses Java sources and reports concurrency bugs.",
        mixinStandardHelpOptions = true,
        versionProvider = ThreadguardCommand.VersionProvider.class,
        sortOptions = false,
        description = {
                "Analyses the Java sources under each PATH and reports the concurrency bugs found, compiler style:",
                "  path:line:col: warning: [rule-id] message",
                "followed by the places that explain it. Files that cannot be read or parsed are reported as",
                "  path:line:col: error: [parse] reason",
                "and the other files are still analysed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FINDINGS, ExitCodes.HELP_USAGE, ExitCodes.HELP_INTERNAL},
        footerHeading = "%nExamples:%n",
        // Each example fits in the 80 columns of the help, or goes on with a backslash, so that it can be
        // copied into a shell whole.
        footer = {
                "  threadguard check src/main/java",
                "  threadguard check --exclude '**/generated/**' --fail-on error src",
                "SARIF for code scanning, in a file (the name says which format):",
                "  threadguard check --output build/threadguard.sarif .",
                "SARIF in a file and text on the terminal (formats pair with outputs in order):",
                "  threadguard check --format sarif --output build/threadguard.sarif \\",
                "      --format text ."})
public final class CheckCommand implements Callable<Integer> {

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", split = ",",
            converter = Converters.Format.class, completionCandidates = Converters.FormatNames.class,
            description = {"Report format: ${COMPLETION-CANDIDATES}. Repeatable: the n-th --format is written to "
                    + "the n-th --output, and a format without one goes to standard output, which only one may "
                    + "do (default: text, or what the --output file name suggests)."})
    List<ReportFormat> formats = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write a report to FILE instead of standard output; missing directories are created. "
                    + "Repeatable. Without a matching --format the file name decides: a name ending in "
                    + ".sarif or .sarif.json is SARIF, in .json JSON, in .txt, .log or .out, or with no "
                    + "extension, text; any other name needs a --format.")
    List<Path> outputs = new ArrayList<>();

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "warning",
            converter = Converters.Threshold.class, completionCandidates = Converters.ThresholdNames.class,
            description = "Exit with 1 when a finding is at least this severe: ${COMPLETION-CANDIDATES} "
                    + "(none: always exit 0 after a complete analysis). Default: ${DEFAULT-VALUE}.")
    FailOn failOn;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Hide the findings recorded in FILE by 'threadguard baseline', and say how many were "
                    + "hidden and how many of its entries no longer match anything. A new finding, in a "
                    + "recorded file or not, is still reported.")
    Path baseline;

    @Option(names = "--changed-since", paramLabel = "REVISION",
            description = "Pull-request mode: analyse the whole program, but report only the findings whose lines "
                    + "or trace touch a line changed since the merge base of REVISION (a branch, tag or commit, such "
                    + "as origin/main) and HEAD, the working tree and untracked files included. Needs git.")
    String changedSince;

    @Option(names = "--files-from", paramLabel = "LIST",
            description = "Pull-request mode with a list of changed files instead of git: LIST holds one path a "
                    + "line (as git diff --name-only prints them, relative to the current directory), each "
                    + "counted as changed in every line.")
    Path filesFrom;

    @Mixin
    AnalysisArguments analysis;

    @Mixin
    RuleChoice ruleChoice;

    @Option(names = "--strict",
            description = "Exit with 1 also when a file cannot be read or parsed (such files are always "
                    + "reported; without --strict they do not change the exit code).")
    boolean strict;

    @Option(names = {"-q", "--quiet"},
            description = "Print only the reports, errors and warnings: no progress line, and no summary on "
                    + "standard error when the reports go to files.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @ParentCommand
    ThreadguardCommand parent;

    @Override
    public Integer call() {
        List<Outputs.Destination> destinations = plan();
        AnalysisOptions options = analysis.options();
        Baseline accepted = readBaseline();
        ChangedLines changes = readChanges(options);
        Environment environment = environment();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        // The HTML report draws the lock-order graph, which the lock-order rules have computed by then.
        boolean html = destinations.stream().anyMatch(d -> d.format() == ReportFormat.HTML);
        LockOrderPicture[] picture = {null};
        RuleSelection selection = ruleChoice.selection(analysis.config());
        AnalysisResult result = analysis.config().apply(analysis.analyse(options, !quiet && environment.stderrIsTerminal(),
                selection,
                index -> picture[0] = html ? LockOrderPicture.of(LockGraph.of(index)) : null));
        FailOn failOn = analysis.config().failOn() != null && !analysis.given("--fail-on")
                ? analysis.config().failOn() : this.failOn;
        if (changes != null) {
            ChangedLines.Filtered filtered = changes.filter(result, options.workingDirectory());
            result = filtered.result();
            if (!quiet) {
                err.println("threadguard: pull-request mode: " + changes.description() + "; "
                        + count(filtered.elsewhere(), "finding") + " elsewhere not reported");
                err.flush();
            }
        }
        if (accepted != null) {
            Baseline.Applied applied = accepted.apply(result, options);
            result = applied.result();
            if (!quiet || !applied.unmatched().isEmpty()) {
                err.println("threadguard: " + applied.describe());
                err.flush();
            }
        }

        List<RuleInfo> rules = Rules.all().stream().map(Rule::info).toList();
        for (Outputs.Destination destination : destinations) {
            boolean color = destination.toStdout() && destination.format() == ReportFormat.TEXT
                    && colorAllowed(environment);
            ReportContext context = new ReportContext(Version.get(), rules, options.workingDirectory(), color);
            ReportWriter writer = destination.format() == ReportFormat.HTML ? new HtmlReport(picture[0])
                    : ReportWriter.of(destination.format());
            if (destination.toStdout()) {
                write(writer, result, context, out);
                out.flush();
            } else {
                writeFile(writer, result, context, destination.file());
            }
        }

        int off = Rules.all().size() - selection.rules().size();
        if (!quiet && off > 0) {
            // Say once that the report is not everything threadguard can find, and how to see the rest.
            err.println("threadguard: " + off + " of " + Rules.all().size() + " rules did not run (off by default until"
                    + " measured at 80 % precision, or turned off): `threadguard rules` lists them, `--enable RULE`"
                    + " or `--enable all` runs them");
            err.flush();
        }
        // The text report ends with its own summary; without one on standard output, say on standard error
        // how the run went, so that someone at a terminal is not left with nothing.
        boolean textOnStdout = destinations.stream()
                .anyMatch(d -> d.toStdout() && d.format() == ReportFormat.TEXT);
        if (!quiet && !textOnStdout) {
            err.println(summary(result));
            err.flush();
        }
        boolean failing = result.findings().stream().map(Finding::severity).anyMatch(failOn::fails)
                || (strict && !result.diagnostics().isEmpty());
        return failing ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /** Colour only for a human at a terminal, and never against the wish of https://no-color.org. */
    static boolean colorAllowed(Environment environment) {
        return environment.stdoutIsTerminal() && !environment.isSet("NO_COLOR");
    }

    /** The change of {@code --changed-since} or {@code --files-from}, found before the analysis; null without. */
    private ChangedLines readChanges(AnalysisOptions options) {
        if (changedSince != null && filesFrom != null) {
            throw new UsageError(spec.commandLine(), "--changed-since and --files-from cannot be used together");
        }
        try {
            if (changedSince != null) {
                return ChangedLines.fromGit(changedSince, options.paths().isEmpty() ? Path.of(".") : options.paths().get(0));
            }
            return filesFrom == null ? null : ChangedLines.fromFileList(filesFrom, options.workingDirectory());
        } catch (ChangesException e) {
            throw new UsageError(spec.commandLine(), e.getMessage());
        }
    }

    /** The baseline of {@code --baseline}, read before the analysis so that a bad file is found at once. */
    private Baseline readBaseline() {
        if (baseline == null) {
            return null;
        }
        try {
            return Baseline.read(baseline);
        } catch (BaselineException e) {
            throw new UsageError(spec.commandLine(), e.getMessage());
        }
    }

    private List<Outputs.Destination> plan() {
        List<Outputs.Destination> plan;
        try {
            plan = Outputs.plan(formats, outputs);
        } catch (IllegalArgumentException e) {
            throw new UsageError(spec.commandLine(), e.getMessage());
        }
        for (Outputs.Destination d : plan) {
            // Found now rather than after a long analysis whose results would have nowhere to go.
            if (!d.toStdout() && Files.isDirectory(d.file())) {
                throw new UsageError(spec.commandLine(), "--output " + d.file() + " is a directory");
            }
        }
        return plan;
    }

    private static void write(ReportWriter writer, AnalysisResult result, ReportContext context, Appendable out) {
        try {
            writer.write(result, context, out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the report: " + e.getMessage(), e);
        }
    }

    private void writeFile(ReportWriter writer, AnalysisResult result, ReportContext context, Path file) {
        try {
            writer.write(result, context, file);
        } catch (IOException e) {
            throw new UsageError(spec.commandLine(), "cannot write " + file + ": " + SourceDiscovery.reason(e));
        }
    }

    /** One line for a person reading standard error; the reports carry the details. */
    static String summary(AnalysisResult result) {
        StringBuilder s = new StringBuilder("threadguard: ");
        s.append(count(result.files(), "file")).append(" checked in ")
                .append(String.format(Locale.ROOT, "%.1f s", totalMillis(result) / 1000.0)).append(": ")
                .append(count(result.findings().size(), "finding"));
        if (result.suppressed() > 0) {
            s.append(", ").append(result.suppressed()).append(" suppressed");
        }
        if (result.baselined() > 0) {
            s.append(", ").append(result.baselined()).append(" hidden by the baseline");
        }
        if (!result.diagnostics().isEmpty()) {
            s.append(", ").append(count(result.diagnostics().size(), "path")).append(" could not be read or parsed");
        }
        return s.toString();
    }

    private static long totalMillis(AnalysisResult result) {
        AnalysisResult.Timings t = result.timings();
        return t.discoverMillis() + t.parseMillis() + t.rulesMillis();
    }

    /** {@code 1 file}, {@code 2 files}. */
    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private Environment environment() {
        return parent == null ? Environment.system() : parent.environment();
    }
}
