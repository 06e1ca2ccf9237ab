package dev.threadguard.report;

import dev.threadguard.rules.Finding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The identity of a finding that survives unrelated edits, for SARIF's {@code partialFingerprints}, the
 * JSON report and baselines. It hashes the rule id, the path, the enclosing type and member
 * ({@code Outer.Inner.run}) and the text of the reported line with all whitespace removed; it leaves out
 * the line number, so lines added or removed above a finding, or re-indenting it, do not change it, while
 * editing the reported line does.
 *
 * <pre>{@code
 * Fingerprints fingerprints = Fingerprints.in(Path.of(""));
 * String id = fingerprints.of(finding);   // 32 hex digits
 * }</pre>
 *
 * <p>The path hashed is the finding's, relative to the working directory; a baseline takes it relative to
 * its own directory instead ({@link #withPathsRelativeTo(Path)}), so that it matches wherever the
 * analysis runs from. When the file cannot be read, or no longer has the reported line, the finding's
 * message stands in for the line's text. An instance caches the lines of the files it read last; it is safe to share
 * between threads.
 */
public final class Fingerprints {

    /** The key under which SARIF's {@code partialFingerprints} carries these fingerprints. */
    public static final String KEY = "threadguard/v1";

    /**
     * Findings arrive sorted by path, so a few files cover the reads; the bound keeps a run over a
     * large tree from holding every file it reported on.
     */
    private static final int CACHED_FILES = 16;

    private final Path workingDirectory;
    /** The directory the hashed paths are relative to. */
    private final Path pathRoot;
    private final Map<String, Optional<List<String>>> lines = new LinkedHashMap<>(CACHED_FILES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<List<String>>> eldest) {
            return size() > CACHED_FILES;
        }
    };

    private Fingerprints(Path workingDirectory, Path pathRoot) {
        this.workingDirectory = workingDirectory;
        this.pathRoot = pathRoot;
    }

    /** Fingerprints of findings whose relative paths are relative to {@code workingDirectory}. */
    public static Fingerprints in(Path workingDirectory) {
        Path dir = workingDirectory.toAbsolutePath().normalize();
        return new Fingerprints(dir, dir);
    }

    /**
     * Fingerprints of the same findings that hash each path relative to {@code root} (absolute when the
     * file is not below it) rather than to the working directory. With {@code root} the working
     * directory, they are the plain fingerprints.
     */
    public Fingerprints withPathsRelativeTo(Path root) {
        return new Fingerprints(workingDirectory, root.toAbsolutePath().normalize());
    }

    /** The path of a finding as it is hashed: relative to the root when below it, else absolute; always with {@code /}. */
    public String pathOf(String path) {
        if (pathRoot.equals(workingDirectory)) {
            // The path as the analysis showed it: relative when below the working directory, else absolute.
            return path;
        }
        Path file;
        try {
            file = workingDirectory.resolve(path).normalize();
        } catch (InvalidPathException e) {
            return path;
        }
        Path shown = file.startsWith(pathRoot) ? pathRoot.relativize(file) : file;
        return shown.toString().replace('\\', '/');
    }

    /**
     * The fingerprint of one finding: 32 lower-case hex digits. Two findings of the same rule on
     * identical lines of the same member share it; {@link #ofAll(List)} tells them apart.
     */
    public String of(Finding finding) {
        String text = lineText(finding.path(), finding.pos().line())
                .map(Fingerprints::normalize)
                .filter(t -> !t.isEmpty())
                .orElse(normalize(finding.message()));
        String member = finding.member() == null ? "" : finding.member();
        // NUL cannot occur in an id, a path or a member name, so the fields cannot run into each other.
        return sha256(finding.rule().id() + '\0' + pathOf(finding.path()) + '\0' + member + '\0' + text);
    }

    /**
     * The fingerprints of {@code findings}, in the same order, made distinct: the second and later
     * findings that share a fingerprint get {@code -2}, {@code -3}... appended, counting in the order
     * given (sorted findings count from the top of the file). The first keeps the plain fingerprint.
     */
    public List<String> ofAll(List<Finding> findings) {
        List<String> result = new ArrayList<>(findings.size());
        Map<String, Integer> seen = new HashMap<>();
        for (Finding f : findings) {
            String base = of(f);
            int n = seen.merge(base, 1, Integer::sum);
            result.add(n == 1 ? base : base + "-" + n);
        }
        return result;
    }

    /** {@code text} with every whitespace character removed, so that re-formatting a line keeps its identity. */
    static String normalize(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)).forEach(b::appendCodePoint);
        return b.toString();
    }

    private Optional<String> lineText(String path, int line) {
        Optional<List<String>> file;
        synchronized (lines) {
            file = lines.computeIfAbsent(path, this::read);
        }
        return file.filter(l -> line >= 1 && line <= l.size()).map(l -> l.get(line - 1));
    }

    private Optional<List<String>> read(String path) {
        try {
            byte[] bytes = Files.readAllBytes(workingDirectory.resolve(path));
            // Java's line terminators, as the parser counted them: \r\n, \r and \n.
            return Optional.of(List.of(new String(bytes, StandardCharsets.UTF_8).split("\r\n|\r|\n", -1)));
        } catch (IOException | InvalidPathException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static String sha256(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(32);
            for (int i = 0; i < 16; i++) {
                hex.append(Character.forDigit(digest[i] >> 4 & 0xf, 16)).append(Character.forDigit(digest[i] & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
