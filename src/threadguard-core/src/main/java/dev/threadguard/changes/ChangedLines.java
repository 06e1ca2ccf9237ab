package dev.threadguard.changes;

import dev.threadguard.AnalysisResult;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.TraceStep;
import dev.threadguard.source.Diagnostic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines a change touches, for pull-request mode: the whole program is analysed as usual, and a finding
 * is reported only when its own lines or one step of its trace fall on a changed line. So a lock-order
 * cycle between a new method and an old one is reported on the pull request that adds the new method,
 * and findings in code the change did not touch are not.
 *
 * <p>Lines come from {@code git diff} against the merge base of a reference and {@code HEAD} (the working
 * tree included, and files git does not track yet), or from a list of files, each changed as a whole.
 */
public final class ChangedLines {

    /** A file changed in every line. */
    private static final BitSet WHOLE = new BitSet();

    private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,\\d+)? \\+(\\d+)(?:,(\\d+))? @@");

    /** Real paths of changed files, and their changed lines ({@link #WHOLE} for all of them). */
    private final Map<Path, BitSet> files;
    private final String description;
    private final Map<String, Path> resolved = new HashMap<>();

    private ChangedLines(Map<Path, BitSet> files, String description) {
        this.files = files;
        this.description = description;
    }

    /** What the change is, for a person: {@code 3 files changed since origin/main}. */
    public String description() {
        return description;
    }

    /** How many files the change touches. */
    public int fileCount() {
        return files.size();
    }

    /**
     * The files listed in {@code list}, one path a line (as {@code git diff --name-only} prints them),
     * relative to {@code base} unless absolute; blank lines and lines starting with {@code #} are skipped.
     * A listed file that does not exist (deleted by the change) is ignored.
     */
    public static ChangedLines fromFileList(Path list, Path base) throws ChangesException {
        List<String> lines;
        try {
            lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ChangesException("cannot read --files-from " + list + ": " + dev.threadguard.source.SourceDiscovery.reason(e));
        }
        Map<Path, BitSet> files = new HashMap<>();
        for (String line : lines) {
            String p = line.strip();
            if (p.isEmpty() || p.startsWith("#")) {
                continue;
            }
            Path real = real(base.resolve(p));
            if (real != null) {
                files.put(real, WHOLE);
            }
        }
        return new ChangedLines(files, files.size() + (files.size() == 1 ? " file" : " files") + " listed in " + list);
    }

    /**
     * The lines changed since {@code ref} in the git repository that holds {@code dir}: the diff from the
     * merge base of {@code ref} and {@code HEAD} to the working tree, and the untracked files. A deleted line
     * marks the lines on both sides of where it was.
     *
     * @throws ChangesException when git is missing, {@code dir} is not in a repository or {@code ref} is unknown
     */
    public static ChangedLines fromGit(String ref, Path dir) throws ChangesException {
        Path start = Files.isDirectory(dir) ? dir : dir.toAbsolutePath().getParent();
        String top = git(start, "rev-parse", "--show-toplevel").strip();
        Path root = Path.of(top);
        git(root, "rev-parse", "--verify", "--quiet", ref + "^{commit}");
        String base;
        try {
            base = git(root, "merge-base", ref, "HEAD").strip();
        } catch (ChangesException e) {
            base = ref; // no common history (a shallow clone): compare with the reference itself
        }
        String diff = git(root, "-c", "core.quotePath=false", "diff", "-U0", "--no-color", "--no-ext-diff",
                "--no-renames", base, "--");
        Map<Path, BitSet> files = new HashMap<>();
        BitSet current = null;
        for (String line : diff.split("\n")) {
            if (line.startsWith("+++ ")) {
                String name = line.substring(4);
                current = null;
                if (name.startsWith("b/")) {
                    Path real = real(root.resolve(name.substring(2)));
                    if (real != null) {
                        current = files.computeIfAbsent(real, k -> new BitSet());
                    }
                }
            } else if (current != null) {
                Matcher m = HUNK.matcher(line);
                if (m.find()) {
                    int from = Integer.parseInt(m.group(1));
                    int count = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
                    if (count == 0) {
                        current.set(Math.max(1, from), from + 2);
                    } else {
                        current.set(from, from + count);
                    }
                }
            }
        }
        for (String untracked : git(root, "-c", "core.quotePath=false", "ls-files", "--others", "--exclude-standard")
                .split("\n")) {
            if (!untracked.isBlank()) {
                Path real = real(root.resolve(untracked));
                if (real != null) {
                    files.put(real, WHOLE);
                }
            }
        }
        return new ChangedLines(files, files.size() + (files.size() == 1 ? " file" : " files") + " changed since " + ref);
    }

    private static String git(Path dir, String... args) throws ChangesException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new ChangesException("git " + String.join(" ", args) + " did not finish");
            }
            if (p.exitValue() != 0) {
                String why = new String(err, StandardCharsets.UTF_8).strip();
                if (args[0].equals("rev-parse") && args.length > 1 && args[1].equals("--verify")) {
                    why = "unknown revision '" + args[3].replace("^{commit}", "") + "'";
                }
                throw new ChangesException("--changed-since: " + (why.isEmpty() ? "git " + args[0] + " failed"
                        : why.lines().findFirst().orElse(why)));
            }
            return out;
        } catch (IOException e) {
            throw new ChangesException("--changed-since needs git on the PATH: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChangesException("interrupted while running git");
        }
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException | RuntimeException e) {
            return null; // deleted by the change, or never there: nothing in it can be reported
        }
    }

    /** Whether the finding's lines or one of its trace steps fall on a changed line. */
    public boolean touches(Finding f, Path workingDirectory) {
        if (touches(f.path(), f.pos().line(), Math.max(f.pos().line(), f.pos().endLine()), workingDirectory)) {
            return true;
        }
        for (TraceStep step : f.trace()) {
            if (touches(step.path(), step.pos().line(), Math.max(step.pos().line(), step.pos().endLine()),
                    workingDirectory)) {
                return true;
            }
        }
        return false;
    }

    private boolean touches(String path, int from, int to, Path workingDirectory) {
        Path real = resolved.computeIfAbsent(path, p -> {
            Path r = real(workingDirectory == null ? Path.of(p) : workingDirectory.resolve(p));
            return r == null ? Path.of("") : r;
        });
        BitSet lines = files.get(real);
        if (lines == null) {
            return false;
        }
        if (lines == WHOLE) {
            return true;
        }
        int next = lines.nextSetBit(from);
        return next >= 0 && next <= to;
    }

    /** The result with only the findings that touch the change, and the parse problems of changed files. */
    public Filtered filter(AnalysisResult result, Path workingDirectory) {
        List<Finding> kept = new ArrayList<>();
        for (Finding f : result.findings()) {
            if (touches(f, workingDirectory)) {
                kept.add(f);
            }
        }
        List<Diagnostic> problems = new ArrayList<>();
        for (Diagnostic d : result.diagnostics()) {
            if (touches(d.path(), 1, Integer.MAX_VALUE - 1, workingDirectory)) {
                problems.add(d);
            }
        }
        AnalysisResult filtered = new AnalysisResult(List.copyOf(kept), List.copyOf(problems), result.files(),
                result.suppressed(), result.baselined(), result.timings());
        return new Filtered(filtered, result.findings().size() - kept.size());
    }

    /**
     * A filtered result.
     *
     * @param result    the findings that touch the change
     * @param elsewhere how many findings were left out because they do not
     */
    public record Filtered(AnalysisResult result, int elsewhere) {
    }
}
