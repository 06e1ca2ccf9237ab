package dev.threadguard.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one module of a build gives threadguard to analyse.
 *
 * @param sourceRoots      the compile source roots that exist, in the build's order
 * @param generatedRoots   the roots left out because they are generated (below the build directory)
 * @param classPath        the compile class path entries that exist, for type resolution
 * @param workingDirectory the directory paths in reports are relative to: the top of the build (where
 *                         Maven was started, the checkout for a CI job), or the module itself when it
 *                         lies outside that directory
 */
record ModuleSources(List<Path> sourceRoots, List<Path> generatedRoots, List<Path> classPath,
                     Path workingDirectory) {

    ModuleSources {
        sourceRoots = List.copyOf(sourceRoots);
        generatedRoots = List.copyOf(generatedRoots);
        classPath = List.copyOf(classPath);
    }

    /**
     * The sources of a module as its build describes them.
     *
     * @param compileSourceRoots {@code project.getCompileSourceRoots()}: {@code src/main/java} and whatever
     *                           plugins added, such as {@code target/generated-sources/annotations}
     * @param buildDirectory     {@code project.build.directory}: roots below it are generated
     * @param classPath          {@code project.getCompileClasspathElements()}
     * @param includeGenerated   whether generated roots are analysed too
     */
    static ModuleSources of(List<String> compileSourceRoots, String buildDirectory, List<String> classPath,
                            Path basedir, Path executionRoot, boolean includeGenerated) {
        Path build = buildDirectory == null ? null : absolute(basedir, buildDirectory);
        Set<Path> roots = new LinkedHashSet<>();
        List<Path> generated = new ArrayList<>();
        for (String root : compileSourceRoots) {
            Path path = absolute(basedir, root);
            // A declared root need not exist: src/main/java of a module with only resources, for one.
            if (!Files.isDirectory(path)) {
                continue;
            }
            if (!includeGenerated && build != null && path.startsWith(build)) {
                generated.add(path);
            } else {
                roots.add(path);
            }
        }
        Set<Path> entries = new LinkedHashSet<>();
        for (String element : classPath) {
            Path path = absolute(basedir, element);
            // target/classes is on the class path before anything is compiled, when the goal runs alone.
            if (Files.exists(path)) {
                entries.add(path);
            }
        }
        Path module = basedir.toAbsolutePath().normalize();
        Path top = executionRoot == null ? module : executionRoot.toAbsolutePath().normalize();
        return new ModuleSources(List.copyOf(roots), generated, List.copyOf(entries),
                module.startsWith(top) ? top : module);
    }

    private static Path absolute(Path basedir, String path) {
        return basedir.resolve(path).toAbsolutePath().normalize();
    }
}
