package dev.threadguard.baseline;

import dev.threadguard.AnalysisOptions;
import dev.threadguard.AnalysisResult;
import dev.threadguard.report.Fingerprints;
import dev.threadguard.report.JsonReader;
import dev.threadguard.report.JsonWriter;
import dev.threadguard.rules.Finding;
import dev.threadguard.source.SourceDiscovery;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The findings a team accepts for now, so that a build fails only on new ones: what
 * {@code threadguard baseline} and {@code mvn threadguard:baseline} record, and what {@code --baseline}
 * and the Maven plugin's {@code baseline} parameter hide.
 *
 * <pre>{@code
 * Baseline recorded = Baseline.record(result, options.workingDirectory(), Path.of("threadguard-baseline.json"));
 * recorded.write();
 * // later, on a changed tree:
 * Baseline.Applied applied = Baseline.read(Path.of("threadguard-baseline.json")).apply(result, options);
 * applied.result();          // the findings the baseline does not cover
 * applied.describe();        // "threadguard-baseline.json hid 12 findings; 1 of its entries ..."
 * }</pre>
 *
 * <p>A finding is known by its {@link Fingerprints fingerprint}: the rule, the file, the enclosing type
 * and member, and the text of the reported line without whitespace, never its line number. Lines
 * added or removed elsewhere, re-indentation and edits to other lines keep a finding hidden; a new
 * finding, in a recorded file or not, is reported. The path in a fingerprint is taken relative to the
 * baseline's own directory, so the same file matches whether the analysis runs from that directory, a
 * module below it, or anywhere else. Identical findings on identical lines of one member share a
 * fingerprint and are counted: a baseline that recorded two hides two, and a third is reported.
 *
 * <p>The file is JSON, sorted, without dates, so that it diffs well under version control:
 * <pre>
 * {
 *   "format": "threadguard-baseline",
 *   "formatVersion": 1,
 *   "fingerprints": "threadguard/v1",
 *   "findings": [ {
 *     "fingerprint": "5d41402abc4b2a76b9719d911017c592",   // all that matching reads
 *     "rule": "future-result-ignored",
 *     "path": "src/main/java/shop/Orders.java",            // relative to the baseline's directory
 *     "line": 42,                                          // where it was when recorded, for readers
 *     "member": "Orders.place",
 *     "message": "..."
 *   } ]
 * }
 * </pre>
 */
public final class Baseline {

    /** The file name the commands use when none is given. */
    public static final String FILE_NAME = "threadguard-baseline.json";

    static final String FORMAT = "threadguard-baseline";
    static final int FORMAT_VERSION = 1;

    /**
     * One recorded finding. Only the fingerprint takes part in matching; the path also decides whether
     * an entry that matched nothing was in the analysed tree, and the rest is for people reading the file.
     *
     * @param path    relative to the baseline's directory when below it, else absolute; {@code null} if unknown
     * @param line    the line when recorded, 0 if unknown
     * @param member  the enclosing type and member, or {@code null}
     * @param message the message when recorded, or {@code null}
     */
    public record Entry(String fingerprint, String rule, String path, int line, String member, String message) {
        public Entry {
            Objects.requireNonNull(fingerprint, "fingerprint");
        }
    }

    private static final Comparator<Entry> ORDER = Comparator
            .comparing(Entry::path, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(Entry::line)
            .thenComparing(Entry::rule, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Entry::fingerprint)
            .thenComparing(Entry::message, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final Path file;
    private final Path directory;
    private final List<Entry> entries;

    private Baseline(Path file, List<Entry> entries) {
        this.file = file;
        this.directory = directoryOf(file);
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(ORDER);
        this.entries = List.copyOf(sorted);
    }

    private static Path directoryOf(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent == null ? file.toAbsolutePath().getRoot() : parent;
    }

    /**
     * A baseline that accepts every finding of {@code result}, to be kept in {@code file}.
     *
     * @param workingDirectory the directory the result's relative paths are relative to
     */
    public static Baseline record(AnalysisResult result, Path workingDirectory, Path file) {
        Fingerprints fingerprints = Fingerprints.in(workingDirectory).withPathsRelativeTo(directoryOf(file));
        List<Entry> entries = new ArrayList<>();
        for (Finding f : result.findings()) {
            entries.add(new Entry(fingerprints.of(f), f.rule().id(), fingerprints.pathOf(f.path()), f.pos().line(),
                    f.member(), f.message()));
        }
        return new Baseline(file, entries);
    }

    /**
     * A baseline that accepts every finding of {@code result}, written over {@code file}: the entries the
     * file already holds for files outside the analysed paths are kept, so that the modules of a build can
     * be recorded one at a time into one file, while those inside are replaced.
     *
     * @throws BaselineException when {@code file} exists but is not a baseline, which this will not overwrite
     */
    public static Baseline update(AnalysisResult result, AnalysisOptions options, Path file) throws BaselineException {
        Baseline recorded = record(result, options.workingDirectory(), file);
        if (!Files.exists(file)) {
            return recorded;
        }
        Baseline previous;
        try {
            previous = read(file);
        } catch (BaselineException e) {
            throw new BaselineException(e.getMessage() + "; not overwriting it", e);
        }
        List<Path> roots = roots(options);
        List<Entry> entries = new ArrayList<>(recorded.entries);
        for (Entry e : previous.entries) {
            if (!recorded.analysed(e, roots)) {
                entries.add(e);
            }
        }
        return new Baseline(file, entries);
    }

    /** The analysed paths, absolute. */
    private static List<Path> roots(AnalysisOptions options) {
        Path workingDirectory = options.workingDirectory().toAbsolutePath().normalize();
        return options.paths().stream().map(p -> workingDirectory.resolve(p).toAbsolutePath().normalize()).toList();
    }

    /**
     * Reads a baseline file.
     *
     * @throws BaselineException when it is missing, unreadable, not JSON or not a baseline this version
     *                           understands; the message names the file and says why, on one line
     */
    public static Baseline read(Path file) throws BaselineException {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new BaselineException("baseline " + file + " does not exist", e);
        } catch (CharacterCodingException e) {
            throw new BaselineException("baseline " + file + " is not a threadguard baseline: not UTF-8 text", e);
        } catch (IOException e) {
            throw new BaselineException("cannot read baseline " + file + ": " + SourceDiscovery.reason(e), e);
        }
        Object doc;
        try {
            doc = JsonReader.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BaselineException("baseline " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(doc instanceof Map<?, ?> map) || !FORMAT.equals(map.get("format"))) {
            throw new BaselineException("baseline " + file + " is not a threadguard baseline (it has no \"format\": \""
                    + FORMAT + "\"); write one with 'threadguard baseline' or 'mvn threadguard:baseline'");
        }
        if (!(map.get("formatVersion") instanceof Long version) || version != FORMAT_VERSION) {
            throw new BaselineException("baseline " + file + " has format version " + map.get("formatVersion")
                    + ", but this threadguard reads version " + FORMAT_VERSION);
        }
        if (!Fingerprints.KEY.equals(map.get("fingerprints"))) {
            throw new BaselineException("baseline " + file + " holds fingerprints of kind " + map.get("fingerprints")
                    + ", but this threadguard computes " + Fingerprints.KEY + ": record it again");
        }
        if (!(map.get("findings") instanceof List<?> list)) {
            throw new BaselineException("baseline " + file + " has no \"findings\" list");
        }
        List<Entry> entries = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            entries.add(entry(file, i + 1, list.get(i)));
        }
        return new Baseline(file, entries);
    }

    private static Entry entry(Path file, int number, Object value) throws BaselineException {
        if (!(value instanceof Map<?, ?> m)) {
            throw new BaselineException("baseline " + file + ": finding " + number + " is not an object");
        }
        if (!(m.get("fingerprint") instanceof String fingerprint) || fingerprint.isBlank()) {
            throw new BaselineException("baseline " + file + ": finding " + number + " has no \"fingerprint\"");
        }
        Object line = m.get("line");
        return new Entry(fingerprint, text(m.get("rule")), text(m.get("path")),
                line instanceof Long l && l > 0 && l <= Integer.MAX_VALUE ? l.intValue() : 0,
                text(m.get("member")), text(m.get("message")));
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }

    /** The file this baseline was read from or is meant for. */
    public Path file() {
        return file;
    }

    /** The entries, sorted by path, line and rule. */
    public List<Entry> entries() {
        return entries;
    }

    /** Writes the baseline to its {@link #file()}, creating the directories it needs. */
    public void write() throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(w);
        }
    }

    /** Writes the baseline as JSON: the same entries always give the same bytes. */
    public void write(Appendable out) throws IOException {
        JsonWriter json = new JsonWriter(out);
        json.beginObject()
                .property("format", FORMAT)
                .property("formatVersion", FORMAT_VERSION)
                .property("fingerprints", Fingerprints.KEY);
        json.name("findings").beginArray();
        for (Entry e : entries) {
            json.beginObject().property("fingerprint", e.fingerprint());
            optional(json, "rule", e.rule());
            optional(json, "path", e.path());
            if (e.line() > 0) {
                json.property("line", e.line());
            }
            optional(json, "member", e.member());
            optional(json, "message", e.message());
            json.endObject();
        }
        json.endArray().endObject().finish();
    }

    private static void optional(JsonWriter json, String name, String value) throws IOException {
        if (value != null) {
            json.property(name, value);
        }
    }

    /**
     * Hides the findings of {@code result} that this baseline recorded, counting each entry once.
     *
     * @param options the options of the analysis: its working directory (what the findings' paths are
     *                relative to) and its paths (entries for files outside them are not expected to match)
     */
    public Applied apply(AnalysisResult result, AnalysisOptions options) {
        Path workingDirectory = options.workingDirectory().toAbsolutePath().normalize();
        Fingerprints fingerprints = Fingerprints.in(workingDirectory).withPathsRelativeTo(directory);
        Map<String, Integer> remaining = new HashMap<>();
        for (Entry e : entries) {
            remaining.merge(e.fingerprint(), 1, Integer::sum);
        }
        List<Finding> kept = new ArrayList<>();
        int hidden = 0;
        // Sorted findings: when a fingerprint has more findings than entries, the last ones in the file are
        // taken for new.
        for (Finding f : result.findings().stream().sorted().toList()) {
            String fingerprint = fingerprints.of(f);
            if (remaining.getOrDefault(fingerprint, 0) > 0) {
                remaining.merge(fingerprint, -1, Integer::sum);
                hidden++;
            } else {
                kept.add(f);
            }
        }
        List<Path> roots = roots(options);
        List<Entry> unmatched = new ArrayList<>();
        for (Entry e : entries) {
            if (remaining.getOrDefault(e.fingerprint(), 0) > 0 && analysed(e, roots)) {
                remaining.merge(e.fingerprint(), -1, Integer::sum);
                unmatched.add(e);
            }
        }
        return new Applied(result.withBaselined(kept, hidden), hidden, List.copyOf(unmatched), file);
    }

    /** Whether the entry's file lies in the analysed tree, so that it ought to have matched. */
    private boolean analysed(Entry e, List<Path> roots) {
        if (e.path() == null) {
            return true;
        }
        Path path;
        try {
            path = directory.resolve(e.path()).normalize();
        } catch (java.nio.file.InvalidPathException ex) {
            return true;
        }
        return roots.stream().anyMatch(path::startsWith);
    }

    /**
     * The outcome of applying a baseline.
     *
     * @param result    the analysis result without the hidden findings
     * @param hidden    how many findings the baseline hid
     * @param unmatched the entries for analysed files that matched no finding: fixed, or their line changed
     * @param file      the baseline file
     */
    public record Applied(AnalysisResult result, int hidden, List<Entry> unmatched, Path file) {

        /**
         * One line for a person: {@code baseline threadguard-baseline.json hid 12 findings; 2 of its
         * entries no longer match anything (fixed, or their line changed): record it again to drop them}.
         */
        public String describe() {
            StringBuilder b = new StringBuilder("baseline ").append(file).append(" hid ")
                    .append(hidden).append(hidden == 1 ? " finding" : " findings");
            if (!unmatched.isEmpty()) {
                b.append("; ").append(unmatched.size())
                        .append(unmatched.size() == 1 ? " of its entries no longer matches" : " of its entries no longer match")
                        .append(" anything (fixed, or the line changed): record it again to drop ")
                        .append(unmatched.size() == 1 ? "it" : "them");
            }
            return b.toString();
        }
    }
}
