package dev.threadguard.maven;

import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Analyses all the modules of a build as one program, as {@code jacoco:report-aggregate} reports coverage
 * for all of them: the sources of every module together, with the class path of every module, so that a
 * lock-order cycle or an unguarded access split across two modules is found, which {@code check}, module
 * by module, cannot see. Runs once, at the top of the build ({@code mvn compile threadguard:check-aggregate});
 * reports go to the top project's {@code target/threadguard}, and a baseline is the top project's. Takes
 * every parameter of {@code check}.
 */
@Mojo(name = "check-aggregate", aggregator = true, defaultPhase = LifecyclePhase.VERIFY,
        requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class CheckAggregateMojo extends CheckMojo {

    private ModuleSources all;

    /** The union of the modules' sources and class paths; module outputs where a class path is not resolved. */
    @Override
    ModuleSources sources() {
        if (all == null) {
            List<MavenProject> projects = session == null || session.getProjects() == null
                    ? List.of(project) : session.getProjects();
            Path executionRoot = session == null || session.getExecutionRootDirectory() == null
                    ? project.getBasedir().toPath() : Path.of(session.getExecutionRootDirectory());
            Set<Path> roots = new LinkedHashSet<>();
            Set<Path> generated = new LinkedHashSet<>();
            Set<Path> classPath = new LinkedHashSet<>();
            for (MavenProject module : projects) {
                List<String> elements;
                try {
                    elements = module.getCompileClasspathElements();
                } catch (DependencyResolutionRequiredException e) {
                    // Another module's dependencies are resolved only when it is built in this session:
                    // its own classes at least; its sources are analysed anyway.
                    elements = List.of(module.getBuild().getOutputDirectory());
                }
                ModuleSources one = ModuleSources.of(module.getCompileSourceRoots(), module.getBuild().getDirectory(),
                        elements == null ? List.of() : elements, module.getBasedir().toPath(), executionRoot,
                        includeGeneratedSources);
                roots.addAll(one.sourceRoots());
                generated.addAll(one.generatedRoots());
                classPath.addAll(one.classPath());
            }
            Path top = executionRoot.toAbsolutePath().normalize();
            all = new ModuleSources(new ArrayList<>(roots), new ArrayList<>(generated), new ArrayList<>(classPath), top);
        }
        return all;
    }
}
