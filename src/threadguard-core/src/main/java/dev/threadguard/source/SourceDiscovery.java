package dev.threadguard.source;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.TreeSet;

/**
 * Finds the {@code .java} files under the paths a user names. Directories are walked in a stable order;
 * {@code --exclude} globs are matched against the path relative to the named root and against the
 * path as displayed, so both {@code **}{@code /generated/**} and {@code src/gen/**} work.
 */
public final class SourceDiscovery {

    private final List<PathMatcher> excludes = new ArrayList<>();
    private final Path workingDirectory;

    public SourceDiscovery(List<String> excludeGlobs, Path workingDirectory) {
        for (String glob : excludeGlobs) {
            excludes.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
        }
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    /** A file to analyse: where it is, and the path to show for it. */
    public record SourceFile(Path path, String displayPath) {
    }

    /** The result of discovery: the files, sorted by displayed path, and the paths that could not be read. */
    public record Discovered(List<SourceFile> files, List<Diagnostic> problems) {
    }

    public Discovered discover(List<Path> roots) {
        TreeSet<String> seen = new TreeSet<>();
        List<SourceFile> files = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                problems.add(new Diagnostic(display(root), 1, 1, "no such file or directory"));
                continue;
            }
            if (Files.isRegularFile(root)) {
                add(root, root.getFileName(), seen, files);
                continue;
            }
            try {
                Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                        new SimpleFileVisitor<>() {
                            @Override
                            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                                return !dir.equals(root) && excluded(root.relativize(dir), dir)
                                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                                if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".java")
                                        && !excluded(root.relativize(file), file)) {
                                    add(file, root.relativize(file), seen, files);
                                }
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFileFailed(Path file, IOException e) {
                                problems.add(new Diagnostic(display(file), 1, 1, "cannot read: " + reason(e)));
                                return FileVisitResult.CONTINUE;
                            }
                        });
            } catch (IOException e) {
                problems.add(new Diagnostic(display(root), 1, 1, "cannot read: " + reason(e)));
            }
        }
        files.sort((a, b) -> a.displayPath().compareTo(b.displayPath()));
        return new Discovered(List.copyOf(files), List.copyOf(problems));
    }

    private void add(Path file, Path relative, TreeSet<String> seen, List<SourceFile> files) {
        String display = display(file);
        if (seen.add(display)) {
            files.add(new SourceFile(file, display));
        }
    }

    private boolean excluded(Path relative, Path file) {
        if (excludes.isEmpty()) {
            return false;
        }
        Path shown = Path.of(display(file));
        for (PathMatcher m : excludes) {
            if (m.matches(relative) || m.matches(shown)) {
                return true;
            }
        }
        return false;
    }

    /** The path relative to the working directory when the file is below it, else absolute. */
    public String display(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (absolute.startsWith(workingDirectory)) {
            return workingDirectory.relativize(absolute).toString().replace('\\', '/');
        }
        return absolute.toString().replace('\\', '/');
    }

    static String reason(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName().replace("Exception", "") + (m == null ? "" : " (" + m + ")");
    }
}
