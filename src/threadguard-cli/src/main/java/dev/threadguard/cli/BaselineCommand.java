package dev.threadguard.cli;

import dev.threadguard.AnalysisOptions;
import dev.threadguard.AnalysisResult;
import dev.threadguard.baseline.Baseline;
import dev.threadguard.baseline.BaselineException;
import dev.threadguard.source.Diagnostic;
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
import java.util.concurrent.Callable;

/** {@code threadguard baseline}: records today's findings so that {@code check --baseline} reports only new ones. */
@Command(name = "baseline",
        header = "Records today's findings, so that checks report only new ones.",
        mixinStandardHelpOptions = true,
        versionProvider = ThreadguardCommand.VersionProvider.class,
        sortOptions = false,
        description = {
                "Analyses the Java sources under each PATH, as check does, and records every",
                "finding in a baseline file. 'threadguard check --baseline FILE' then hides",
                "them and reports only new ones: this is how a team adopts threadguard on code",
                "that already has findings.",
                "",
                "A finding is recorded by a fingerprint of its rule, its file (relative to the",
                "baseline's directory), its enclosing type and member, and the text of its",
                "line without whitespace; not its line number. It stays hidden when lines are",
                "added or removed around it, and comes back when its own line changes. Record",
                "the baseline again to drop what was fixed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the baseline was written", ExitCodes.HELP_USAGE, ExitCodes.HELP_INTERNAL},
        footerHeading = "%nExamples:%n",
        footer = {
                "  threadguard baseline --output threadguard-baseline.json src/main/java",
                "  threadguard check --baseline threadguard-baseline.json src/main/java"})
public final class BaselineCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = Baseline.FILE_NAME,
            description = "Write the baseline to FILE; missing directories are created. If FILE is already a "
                    + "baseline, its entries for files under the PATHs are replaced and the others kept, so "
                    + "that parts of a tree can be recorded one at a time. Default: ${DEFAULT-VALUE}.")
    Path output;

    @Mixin
    AnalysisArguments analysis;

    @Mixin
    RuleChoice ruleChoice;

    @Option(names = {"-q", "--quiet"}, description = "Print only errors and warnings: no progress line, no summary.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @ParentCommand
    ThreadguardCommand parent;

    @Override
    public Integer call() {
        if (Files.isDirectory(output)) {
            throw new UsageError(spec.commandLine(), "--output " + output + " is a directory");
        }
        AnalysisOptions options = analysis.options();
        Environment environment = parent == null ? Environment.system() : parent.environment();
        AnalysisResult result = analysis.config().apply(analysis.analyse(options,
                !quiet && environment.stderrIsTerminal(), ruleChoice.selection(analysis.config())));

        Baseline baseline;
        try {
            baseline = Baseline.update(result, options, output);
            baseline.write();
        } catch (BaselineException e) {
            throw new UsageError(spec.commandLine(), e.getMessage());
        } catch (IOException e) {
            throw new UsageError(spec.commandLine(), "cannot write " + output + ": " + SourceDiscovery.reason(e));
        }

        PrintWriter err = spec.commandLine().getErr();
        // A file that does not parse has no findings to record: if it parses later, its findings are new.
        for (Diagnostic d : result.diagnostics()) {
            err.println(d.toLine());
        }
        if (!result.diagnostics().isEmpty()) {
            err.println("threadguard: " + result.diagnostics().size() + " "
                    + (result.diagnostics().size() == 1 ? "path" : "paths")
                    + " could not be read or parsed; findings in them are not in the baseline");
        }
        if (!quiet) {
            int n = result.findings().size();
            int kept = baseline.entries().size() - n;
            err.println("threadguard: recorded " + n + (n == 1 ? " finding" : " findings") + " of "
                    + result.files() + (result.files() == 1 ? " file" : " files") + " in " + output
                    + (kept > 0 ? " (kept its " + kept + (kept == 1 ? " entry" : " entries")
                    + " for files outside " + String.join(", ", analysis.paths.stream().map(Path::toString).toList())
                    + ")" : ""));
        }
        err.flush();
        return ExitCodes.OK;
    }
}
