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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
    private final boolean followLinks;

    /** Discovery that follows symbolic links only within the PATH they are found under. */
    public SourceDiscovery(List<String> excludeGlobs, Path workingDirectory) {
        this(excludeGlobs, workingDirectory, false);
    }

    /**
     * @param followLinks also follow symbolic links whose target is outside the PATH they are found under
     */
    public SourceDiscovery(List<String> excludeGlobs, Path workingDirectory, boolean followLinks) {
        this.followLinks = followLinks;
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

    /**
     * The result of discovery: the files, sorted by displayed path, the paths that could not be read, the
     * directories among the roots under which no Java file was found (a misaimed PATH), and how long the walk
     * took, which the run's timings report whoever asked for the discovery.
     */
    public record Discovered(List<SourceFile> files, List<Diagnostic> problems, List<Path> emptyDirectories,
                             long nanos) {

        public Discovered {
            files = List.copyOf(files);
            problems = List.copyOf(problems);
            emptyDirectories = List.copyOf(emptyDirectories);
        }

        public Discovered(List<SourceFile> files, List<Diagnostic> problems, List<Path> emptyDirectories) {
            this(files, problems, emptyDirectories, 0);
        }

        public Discovered(List<SourceFile> files, List<Diagnostic> problems) {
            this(files, problems, List.of());
        }
    }

    /**
     * The files under {@code roots}. Symbolic links are followed when their target is inside the PATH they
     * are found under (or anywhere, with {@code followLinks}); a link back to a directory being walked (a
     * loop) and a link to nothing (dangling) are each one problem. A file reached twice, through a link and
     * directly, is analysed once, under the first of its displayed paths.
     */
    public Discovered discover(List<Path> roots) {
        long started = System.nanoTime();
        List<SourceFile> candidates = new ArrayList<>();
        List<Path> realPaths = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        List<Path> empty = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                problems.add(new Diagnostic(display(root),
                        1, 1, Files.isSymbolicLink(root) ? dangling(root) : "no such file or directory"));
                continue;
            }
            Path real;
            try {
                real = root.toRealPath();
            } catch (IOException e) {
                problems.add(new Diagnostic(display(root), 1, 1, "cannot read: " + reason(e)));
                continue;
            }
            if (Files.isRegularFile(real)) {
                // Named on the command line: analysed whatever its name or where it leads.
                candidates.add(new SourceFile(root, display(root)));
                realPaths.add(real);
                continue;
            }
            int before = candidates.size();
            new Walk(root, real, candidates, realPaths, problems).walk(real, root, new HashSet<>());
            if (candidates.size() == before) {
                empty.add(root);
            }
        }
        // Sorted by displayed path first, so that which of two paths to one file is kept does not depend on the
        // order in which the file system lists directories.
        Integer[] order = new Integer[candidates.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> candidates.get(x).displayPath().compareTo(candidates.get(y).displayPath()));
        Set<Path> seenReal = new HashSet<>();
        Set<String> seenShown = new HashSet<>();
        List<SourceFile> files = new ArrayList<>();
        for (int i : order) {
            SourceFile f = candidates.get(i);
            if (seenShown.add(f.displayPath()) & seenReal.add(realPaths.get(i))) {
                files.add(f);
            }
        }
        Set<Diagnostic> unique = new java.util.TreeSet<>(problems);
        return new Discovered(files, List.copyOf(unique), empty, System.nanoTime() - started);
    }

    /** The walk of one PATH: {@code rootReal} is where links may lead without {@code followLinks}. */
    private final class Walk {
        private final Path root;
        private final Path rootReal;
        private final List<SourceFile> files;
        private final List<Path> realPaths;
        private final List<Diagnostic> problems;

        Walk(Path root, Path rootReal, List<SourceFile> files, List<Path> realPaths, List<Diagnostic> problems) {
            this.root = root;
            this.rootReal = rootReal;
            this.files = files;
            this.realPaths = realPaths;
            this.problems = problems;
        }

        /**
         * Walks the real directory {@code real}, shown as {@code shown}; {@code active} holds the real
         * directories being walked, from the PATH down: a link to one of them is a loop.
         */
        void walk(Path real, Path shown, Set<Path> active) {
            active.add(real);
            try {
                Files.walkFileTree(real, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE,
                        new SimpleFileVisitor<>() {
                            @Override
                            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                                Path at = shown.resolve(real.relativize(dir).toString());
                                return !dir.equals(real) && excluded(directoryExcludes, rel(at), at)
                                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                                Path at = shown.resolve(real.relativize(file).toString());
                                if (attrs.isSymbolicLink()) {
                                    link(file, at, active);
                                } else if (attrs.isRegularFile() && isJava(at) && !excluded(fileExcludes, rel(at), at)) {
                                    files.add(new SourceFile(at, display(at)));
                                    realPaths.add(file);
                                }
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFileFailed(Path file, IOException e) {
                                Path at = shown.resolve(real.relativize(file).toString());
                                problems.add(new Diagnostic(display(at), 1, 1, "cannot read: " + reason(e)));
                                return FileVisitResult.CONTINUE;
                            }
                        });
            } catch (IOException e) {
                problems.add(new Diagnostic(display(shown), 1, 1, "cannot read: " + reason(e)));
            } finally {
                active.remove(real);
            }
        }

        /** A symbolic link met in the walk, at {@code link}, shown as {@code at}. */
        private void link(Path link, Path at, Set<Path> active) {
            if (excluded(fileExcludes, rel(at), at) || excluded(directoryExcludes, rel(at), at)) {
                return;
            }
            Path target;
            try {
                target = link.toRealPath();
            } catch (NoSuchFileException e) {
                problems.add(new Diagnostic(display(at), 1, 1, dangling(link)));
                return;
            } catch (IOException e) {
                problems.add(new Diagnostic(display(at), 1, 1, "cannot read: " + reason(e)));
                return;
            }
            if (!followLinks && !target.startsWith(rootReal)) {
                return; // out of the PATH: see --follow-links
            }
            if (Files.isDirectory(target)) {
                for (Path dir : active) {
                    if (target.equals(dir)) {
                        problems.add(new Diagnostic(display(at), 1, 1, "symbolic link loop: it leads back to "
                                + display(shownOf(dir, at)) + ", which contains it; not followed"));
                        return;
                    }
                }
                walk(target, at, active);
            } else if (Files.isRegularFile(target) && isJava(at)) {
                files.add(new SourceFile(at, display(at)));
                realPaths.add(target);
            }
        }

        /** The path shown for the walked directory {@code dir} that is an ancestor of {@code at}. */
        private Path shownOf(Path dir, Path at) {
            Path p = at.getParent();
            while (p != null) {
                try {
                    if (p.toRealPath().equals(dir)) {
                        return p;
                    }
                } catch (IOException e) {
                    break;
                }
                p = p.getParent();
            }
            return dir;
        }

        private Path rel(Path at) {
            return root.relativize(at);
        }
    }

    private static boolean isJava(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().endsWith(".java");
    }

    /** The words for a link to nothing, with where it points. */
    private static String dangling(Path link) {
        try {
            return "dangling symbolic link: its target " + Files.readSymbolicLink(link) + " does not exist";
        } catch (IOException e) {
            return "dangling symbolic link";
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

    /**
     * The path relative to the working directory when the file is below it, else absolute; with {@code /}
     * between names on every system (on Unix a backslash is part of a name, and stays).
     */
    public String display(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        String shown = absolute.startsWith(workingDirectory) ? workingDirectory.relativize(absolute).toString()
                : absolute.toString();
        String separator = absolute.getFileSystem().getSeparator();
        return separator.equals("/") ? shown : shown.replace(separator, "/");
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
