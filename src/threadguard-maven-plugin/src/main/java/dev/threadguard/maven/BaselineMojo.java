package dev.threadguard.maven;

import dev.threadguard.AnalysisOptions;
import dev.threadguard.AnalysisResult;
import dev.threadguard.baseline.Baseline;
import dev.threadguard.baseline.BaselineException;
import dev.threadguard.source.Diagnostic;
import dev.threadguard.source.SourceDiscovery;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Records the module's findings in a baseline file, so that {@code check} fails only on new ones: how a
 * team adopts threadguard on code that already has findings. Run it as {@code mvn threadguard:baseline}
 * and commit the file. Recording again drops the entries of findings that were fixed.
 */
@Mojo(name = "baseline", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class BaselineMojo extends AnalysisMojo {

    /**
     * The baseline to write: by default {@code threadguard-baseline.json} in the module's directory, where
     * {@code check} looks for it. Several modules may name one file: each replaces its own entries.
     */
    @Parameter(property = "threadguard.baseline", defaultValue = "${project.basedir}/" + Baseline.FILE_NAME)
    File baseline;

    /** Modules of one build may share a baseline file and run in parallel (-T): one writes at a time. */
    private static final Object WRITING = new Object();

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("threadguard: skipped (threadguard.skip)");
            return;
        }
        AnalysisOptions options = options();
        if (!hasSources()) {
            return;
        }
        AnalysisResult result = analyse(options);
        for (Diagnostic d : result.diagnostics()) {
            logDiagnostic(d, options.workingDirectory());
        }
        Path file = baseline.toPath().toAbsolutePath().normalize();
        synchronized (WRITING) {
            try {
                Baseline.update(result, options, file).write();
            } catch (BaselineException e) {
                throw new MojoExecutionException("threadguard: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new MojoExecutionException("threadguard: cannot write " + file + ": " + SourceDiscovery.reason(e), e);
            }
        }
        int n = result.findings().size();
        getLog().info("threadguard: recorded " + n + (n == 1 ? " finding" : " findings") + " of " + result.files()
                + (result.files() == 1 ? " file" : " files") + " in " + file
                + (result.diagnostics().isEmpty() ? "" : "; files that could not be parsed have no entries"));
    }
}
