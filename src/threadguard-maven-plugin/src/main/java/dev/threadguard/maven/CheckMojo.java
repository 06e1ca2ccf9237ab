package dev.threadguard.maven;

import dev.threadguard.AnalysisOptions;
import dev.threadguard.AnalysisResult;
import dev.threadguard.FailOn;
import dev.threadguard.Version;
import dev.threadguard.baseline.Baseline;
import dev.threadguard.baseline.BaselineException;
import dev.threadguard.report.ReportContext;
import dev.threadguard.report.ReportFormat;
import dev.threadguard.report.HtmlReport;
import dev.threadguard.report.ReportWriter;
import dev.threadguard.report.TextReport;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.Rules;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;
import dev.threadguard.source.Diagnostic;
import dev.threadguard.source.SourceDiscovery;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Analyses the module's Java sources for concurrency bugs, logs each finding as Maven's compiler logs
 * its warnings, writes the reports, and fails the build on findings at or above {@code failOnSeverity}.
 * Bound to {@code verify}; {@code mvn threadguard:check} runs it alone.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, requiresDependencyResolution = ResolutionScope.COMPILE,
        threadSafe = true)
public class CheckMojo extends AnalysisMojo {

    /**
     * The least severe finding that fails the build: {@code error}, {@code warning}, {@code note} or {@code none}.
     * By default the {@code fail-on} of {@code threadguard.properties}, else {@code warning}.
     */
    @Parameter(property = "threadguard.failOnSeverity")
    String failOnSeverity;

    /** Set to false to report findings without failing the build, whatever their severity. */
    @Parameter(property = "threadguard.failOnViolation", defaultValue = "true")
    boolean failOnViolation;

    /**
     * The reports to write into {@code outputDirectory}: {@code text} ({@code threadguard.txt}), {@code sarif}
     * ({@code threadguard.sarif}, for GitHub code scanning and IDE viewers), {@code json}
     * ({@code threadguard.json}), {@code html} ({@code threadguard.html}, one page with the lock-order graph). On the command line, separate them with commas. An empty list writes none.
     */
    @Parameter(property = "threadguard.formats", defaultValue = "text,sarif")
    List<String> formats;

    /** Where the reports go. */
    @Parameter(property = "threadguard.outputDirectory", defaultValue = "${project.build.directory}/threadguard")
    File outputDirectory;

    /**
     * A baseline written by {@code mvn threadguard:baseline} or {@code threadguard baseline}: the findings
     * it records are hidden, and the build fails only on new ones. By default, {@code threadguard-baseline.json}
     * in the module's directory, when that file exists; a baseline named here must exist.
     */
    @Parameter(property = "threadguard.baseline")
    File baseline;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Log log = getLog();
        if (skip) {
            log.info("threadguard: skipped (threadguard.skip)");
            return;
        }
        // Every parameter is checked before the analysis, so that a typo fails at once.
        FailOn failOn = failOn();
        List<ReportFormat> reportFormats = reportFormats();
        AnalysisOptions options = options();
        // A parent pom has nothing to analyse and need not see a baseline meant for its modules.
        if (!hasSources()) {
            return;
        }
        Baseline accepted = readBaseline();

        AnalysisResult result = analyse(options);
        if (accepted != null) {
            Baseline.Applied applied = accepted.apply(result, options);
            result = applied.result();
            if (applied.unmatched().isEmpty()) {
                log.info("threadguard: " + applied.describe());
            } else {
                log.warn("threadguard: " + applied.describe() + " (mvn threadguard:baseline)");
            }
        }

        Path workingDirectory = options.workingDirectory();
        logFindings(result, workingDirectory);
        List<Path> reports = writeReports(result, reportFormats, workingDirectory);
        log.info("threadguard: " + TextReport.summary(result)
                + (reports.isEmpty() ? "" : "; reports in " + outputDirectory.toPath().toAbsolutePath().normalize()));

        List<Finding> failing = result.findings().stream().filter(f -> failOn.fails(f.severity())).toList();
        if (failing.isEmpty()) {
            return;
        }
        String message = MavenMessages.failure(project.getArtifactId(), failing, failOn, reports, baselineFile(),
                session != null && session.getProjects() != null && session.getProjects().size() > 1);
        if (failOnViolation) {
            throw new MojoFailureException(message);
        }
        log.warn("threadguard: " + failing.size() + (failing.size() == 1 ? " finding" : " findings")
                + " would fail the build; failOnViolation is false, so it goes on");
    }

    private FailOn failOn() throws MojoExecutionException {
        try {
            if (failOnSeverity == null && projectConfig().failOn() != null) {
                return projectConfig().failOn();
            }
            return FailOn.parse(failOnSeverity == null ? "warning" : failOnSeverity);
        } catch (IllegalArgumentException e) {
            // Without its cause: Maven would add the cause's own message, "No enum constant ...", to the line.
            throw new MojoExecutionException("threadguard: failOnSeverity: " + e.getMessage());
        }
    }

    private List<ReportFormat> reportFormats() throws MojoExecutionException {
        Set<ReportFormat> chosen = new LinkedHashSet<>();
        for (String name : formats == null ? List.<String>of() : formats) {
            if (name == null || name.isBlank()) {
                continue;
            }
            try {
                chosen.add(ReportFormat.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new MojoExecutionException("threadguard: formats: unknown format '" + name.trim()
                        + "' (expected text, json, sarif or html)");
            }
        }
        return List.copyOf(chosen);
    }

    /** The baseline in use: the one named, which must exist, or the module's own file when there is one. */
    private Baseline readBaseline() throws MojoExecutionException {
        Path file = baseline != null ? baseline.toPath() : defaultBaseline();
        if (baseline == null && !Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Baseline.read(file);
        } catch (BaselineException e) {
            throw new MojoExecutionException("threadguard: " + e.getMessage(), e);
        }
    }

    private Path defaultBaseline() {
        return project.getBasedir().toPath().resolve(Baseline.FILE_NAME);
    }

    /** Where {@code mvn threadguard:baseline} would write, for the failure message. */
    private Path baselineFile() {
        return (baseline != null ? baseline.toPath() : defaultBaseline()).toAbsolutePath().normalize();
    }

    private void logFindings(AnalysisResult result, Path workingDirectory) {
        Log log = getLog();
        for (Diagnostic d : result.diagnostics()) {
            logDiagnostic(d, workingDirectory);
        }
        for (Finding f : result.findings()) {
            String line = MavenMessages.finding(workingDirectory, f);
            if (f.severity() == Severity.ERROR) {
                log.error(line);
            } else if (f.severity() == Severity.WARNING) {
                log.warn(line);
            } else {
                log.info(line);
            }
            for (TraceStep step : f.trace()) {
                log.info("    " + MavenMessages.location(workingDirectory, step.path(), step.pos().line(),
                        step.pos().column()) + " note: " + MavenMessages.oneLine(step.message()));
            }
        }
    }

    private List<Path> writeReports(AnalysisResult result, List<ReportFormat> reportFormats, Path workingDirectory)
            throws MojoExecutionException {
        ReportContext context = new ReportContext(Version.get(), Rules.all().stream().map(Rule::info).toList(),
                workingDirectory, false);
        List<Path> written = new ArrayList<>();
        for (ReportFormat format : reportFormats) {
            Path file = outputDirectory.toPath().resolve("threadguard." + format.extension()).toAbsolutePath().normalize();
            try {
                (format == ReportFormat.HTML ? new HtmlReport(lockOrder) : ReportWriter.of(format))
                        .write(result, context, file);
            } catch (IOException e) {
                throw new MojoExecutionException("threadguard: cannot write " + file + ": " + SourceDiscovery.reason(e), e);
            }
            written.add(file);
        }
        return written;
    }
}
