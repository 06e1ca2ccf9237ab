package dev.threadguard.source;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Finds the {@code .java} files under the paths a user names. Directories are walked in a stable order;
 * {@code --exclude} globs are matched against the path relative to the named root and against the
 * path as displayed, so both {@code **}{@code /generated/**} and {@code src/gen/**} work. As in
 * {@code .gitignore}, a leading {@code **}{@code /} also matches no directory at all, so that
 * {@code **}{@code /generated/**} leaves out a {@code generated/} at the top of the tree too.
 */
public final class SourceDiscovery {

    /** Matched against files, and against directories whose whole subtree is then skipped. */
    private final List<PathMatcher> fileExcludes = new ArrayList<>();
    /** Also matched against directories: {@code x/**} matches everything below {@code x}, so {@code x} goes. */
    private final List<PathMatcher> directoryExcludes = new ArrayList<>();
    private final Path workingDirectory;

    public SourceDiscovery(List<String> excludeGlobs, Path workingDirectory) {
        for (String glob : excludeGlobs) {
            for (String variant : variants(glob)) {
                fileExcludes.add(matcher(variant));
                directoryExcludes.add(matcher(variant));
                // Skipping the directory itself spares walking it, and the diagnostics of what is unreadable
                // or loops inside it, which its exclusion says nobody wants.
                if (variant.endsWith("/**") && variant.length() > 3) {
                    directoryExcludes.add(matcher(variant.substring(0, variant.length() - 3)));
                }
            }
        }
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    /**
     * The glob, and without each leading {@code **}{@code /}: Java's glob needs at least one directory for
     * {@code **}{@code /}, where a user (and gitignore) means "at any depth, the top included".
     */
    static List<String> variants(String glob) {
        List<String> variants = new ArrayList<>();
        variants.add(glob);
        String g = glob;
        while (g.startsWith("**/")) {
            g = g.substring(3);
            if (!g.isEmpty()) {
                variants.add(g);
            }
        }
        return variants;
    }

    private static PathMatcher matcher(String glob) {
        return FileSystems.getDefault().getPathMatcher("glob:" + glob);
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
                                return !dir.equals(root) && excluded(directoryExcludes, root.relativize(dir), dir)
                                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                                if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".java")
                                        && !excluded(fileExcludes, root.relativize(file), file)) {
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

    private boolean excluded(List<PathMatcher> excludes, Path relative, Path file) {
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

    /**
     * Why a file could not be read, in plain words ({@code permission denied}, {@code symbolic link loop}),
     * without the path, which the diagnostic already names.
     */
    public static String reason(IOException e) {
        if (e instanceof FileSystemLoopException) {
            return "symbolic link loop";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        String detail = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        if (detail == null || detail.isBlank()) {
            return "input/output error";
        }
        detail = detail.strip();
        // The operating system's ELOOP, from opening a link that leads back to itself.
        if (detail.toLowerCase(Locale.ROOT).contains("levels of symbolic links")) {
            return "symbolic link loop";
        }
        if (detail.length() > 1 && Character.isUpperCase(detail.charAt(0)) && Character.isLowerCase(detail.charAt(1))) {
            detail = Character.toLowerCase(detail.charAt(0)) + detail.substring(1);
        }
        return detail;
    }
}
