import dev.threadguard.report.JsonReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The precision harness's sampling and scoring, run by {@code bench/precision/run} as a single-file
 * program on the threadguard jar's class path (for its JSON reader).
 *
 * <pre>
 * java -cp threadguard.jar Precision.java sample --work DIR --projects projects.txt --verdicts verdicts.tsv
 *      --seed 19 --per-rule 8 --round after --out to-judge.tsv PROJECT...
 * java -cp threadguard.jar Precision.java score --work DIR --projects projects.txt --verdicts verdicts.tsv PROJECT...
 * </pre>
 *
 * A verdict is one tab-separated line: round, project, version, rule, confidence, file, line, verdict
 * ({@code true}, {@code plausible}, {@code false}), reason. A finding is known by (project, rule, file, line).
 */
public final class Precision {

    static final String HEADER = "round\tproject\tversion\trule\tconfidence\tfile\tline\tverdict\treason";

    record Found(String project, String rule, String confidence, String file, int line, String message,
                 Set<String> places) {
        String key() {
            return project + "|" + rule + "|" + file + "|" + line;
        }
    }

    record Verdict(String round, String project, String version, String rule, String confidence, String file,
                   int line, String verdict, String reason) {
        String key() {
            return project + "|" + rule + "|" + file + "|" + line;
        }

        String tsv() {
            return String.join("\t", round, project, version, rule, confidence, file, Integer.toString(line),
                    verdict, reason);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: Precision sample|score --work DIR --projects FILE ...");
        }
        Map<String, String> opts = new HashMap<>();
        List<String> projects = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                opts.put(args[i].substring(2), args[++i]);
            } else {
                projects.add(args[i]);
            }
        }
        Path work = Path.of(opts.get("work"));
        Map<String, String> versions = versions(Path.of(opts.get("projects")));
        List<Verdict> verdicts = readVerdicts(Path.of(opts.get("verdicts")));
        switch (args[0]) {
            case "sample" -> sample(work, versions, verdicts, projects, Long.parseLong(opts.get("seed")),
                    Integer.parseInt(opts.get("per-rule")), opts.get("round"), Path.of(opts.get("out")));
            case "score" -> score(work, verdicts, projects);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    /** project → "artifact-version ..." as projects.txt lists them. */
    static Map<String, String> versions(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] cols = line.trim().split("\\s+");
            if (line.startsWith("#") || cols.length < 3) {
                continue;
            }
            String[] gav = cols[2].split(":");
            String v = gav[0].equals("jdk") ? "jdk-" + Runtime.version().feature() : gav[2];
            out.merge(cols[0], v, (a, b) -> a.equals(b) ? a : a + "," + b);
        }
        return out;
    }

    static List<Verdict> readVerdicts(Path file) throws IOException {
        List<Verdict> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("round\t")) {
                continue;
            }
            String[] c = line.split("\t", 9);
            if (c.length < 9) {
                throw new IllegalArgumentException(file + ": expected 9 tab-separated columns: " + line);
            }
            out.add(new Verdict(c[0], c[1], c[2], c[3], c[4], c[5], Integer.parseInt(c[6]),
                    c[7].toLowerCase(Locale.ROOT), c[8]));
        }
        return out;
    }

    /** The findings of one project's report, with paths relative to the project's unpacked tree. */
    @SuppressWarnings("unchecked")
    static List<Found> findings(Path work, String project) throws IOException {
        Path report = work.resolve(project + ".json");
        if (!Files.exists(report)) {
            throw new IllegalArgumentException(report + " missing: run `bench/precision/run check` first");
        }
        Map<String, Object> doc = (Map<String, Object>) JsonReader.parse(Files.readString(report));
        String marker = "/src/" + project + "/";
        List<Found> out = new ArrayList<>();
        for (Object o : (List<Object>) doc.get("findings")) {
            Map<String, Object> f = (Map<String, Object>) o;
            String rule = (String) f.get("rule");
            String file = relative((String) f.get("path"), marker);
            int line = ((Long) f.get("line")).intValue();
            Set<String> places = new HashSet<>();
            places.add(file + ":" + line);
            for (Object t : (List<Object>) f.get("trace")) {
                Map<String, Object> step = (Map<String, Object>) t;
                places.add(relative((String) step.get("path"), marker) + ":" + step.get("line"));
            }
            out.add(new Found(project, rule, (String) f.get("confidence"), file, line, (String) f.get("message"),
                    places));
        }
        return out;
    }

    static String relative(String path, String marker) {
        String p = path.replace('\\', '/');
        int i = p.indexOf(marker);
        return i < 0 ? p : p.substring(i + marker.length());
    }

    static void sample(Path work, Map<String, String> versions, List<Verdict> verdicts, List<String> projects,
                       long seed, int perRule, String round, Path out) throws IOException {
        Map<String, List<Found>> byRule = new TreeMap<>();
        for (String p : projects) {
            for (Found f : findings(work, p)) {
                byRule.computeIfAbsent(f.rule(), k -> new ArrayList<>()).add(f);
            }
        }
        Map<String, Verdict> known = new HashMap<>();
        for (Verdict v : verdicts) {
            known.putIfAbsent(v.key(), v);
        }
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        List<String> messages = new ArrayList<>();
        int toJudge = 0;
        for (Map.Entry<String, List<Found>> e : byRule.entrySet()) {
            List<Found> all = new ArrayList<>(e.getValue());
            all.sort(Comparator.comparing(Found::project).thenComparing(Found::file).thenComparingInt(Found::line)
                    .thenComparing(Found::message));
            // One stream of random numbers per rule, so that a rule's sample does not move when another
            // rule gains or loses findings.
            Collections.shuffle(all, new Random(seed * 1_000_003L + e.getKey().hashCode()));
            Set<String> seen = new HashSet<>();
            for (Found f : all) {
                if (seen.size() >= perRule || !seen.add(f.key())) {
                    continue;
                }
                Verdict v = known.get(f.key());
                String verdict = v == null ? "?" : v.verdict();
                String reason = v == null ? "" : v.reason();
                toJudge += v == null ? 1 : 0;
                lines.add(new Verdict(round, f.project(), versions.getOrDefault(f.project(), "?"), f.rule(),
                        f.confidence(), f.file(), f.line(), verdict, reason).tsv());
                messages.add("# " + f.project() + " " + f.file() + ":" + f.line() + " [" + f.rule() + "] "
                        + f.message());
            }
        }
        lines.add("");
        lines.addAll(messages);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, lines);
        System.out.printf("sample: %d findings (%d rules), %d not judged yet, written to %s%n",
                lines.size() - 2 - messages.size(), byRule.size(), toJudge, out);
        System.out.println("judge each `?` (true | plausible | false, with a one-line reason), then append the"
                + " lines to bench/precision/verdicts.tsv");
    }

    static void score(Path work, List<Verdict> verdicts, List<String> projects) throws IOException {
        Set<String> chosen = new HashSet<>(projects);
        Map<String, List<Verdict>> byRound = new LinkedHashMap<>();
        for (Verdict v : verdicts) {
            if (chosen.contains(v.project()) && !v.verdict().equals("?")) {
                byRound.computeIfAbsent(v.round(), k -> new ArrayList<>()).add(v);
            }
        }
        for (Map.Entry<String, List<Verdict>> e : byRound.entrySet()) {
            System.out.println("== round " + e.getKey() + ": " + e.getValue().size() + " findings judged");
            table("rule", e.getValue(), Verdict::rule);
            table("project", e.getValue(), Verdict::project);
            table("confidence", e.getValue(), Verdict::confidence);
            matrix(e.getValue());
            System.out.println();
        }
        // The current reports, estimated from every judged finding they still contain (the latest verdict of
        // each): the figure that moves when the rules change.
        Map<String, Verdict> latest = new LinkedHashMap<>();
        for (Verdict v : verdicts) {
            if (chosen.contains(v.project()) && !v.verdict().equals("?")) {
                latest.put(v.key(), v);
            }
        }
        List<Verdict> current = new ArrayList<>();
        Map<String, Integer> reportedByRule = new TreeMap<>();
        for (String p : projects) {
            if (!Files.exists(work.resolve(p + ".json"))) {
                continue;
            }
            for (Found f : findings(work, p)) {
                reportedByRule.merge(f.rule(), 1, Integer::sum);
                Verdict v = latest.get(f.key());
                if (v != null) {
                    current.add(v);
                }
            }
        }
        if (!current.isEmpty()) {
            System.out.println("== current reports: " + reportedByRule.values().stream().mapToInt(i -> i).sum()
                    + " findings, " + current.size() + " of them judged");
            table("rule", current, Verdict::rule);
            table("project", current, Verdict::project);
            matrix(current);
            // Each rule's share of the report times its judged precision: the sample is drawn per rule.
            double weighted = 0;
            int covered = 0;
            for (Map.Entry<String, Integer> r : reportedByRule.entrySet()) {
                int[] c = new int[3];
                current.stream().filter(v -> v.rule().equals(r.getKey())).forEach(v -> c[index(v.verdict())]++);
                int n = c[0] + c[1] + c[2];
                if (n > 0) {
                    weighted += r.getValue() * (c[0] + c[1]) / (double) n;
                    covered += r.getValue();
                }
            }
            System.out.printf("estimated share of the current reports that is true or plausible (rules weighted by"
                    + " their findings, %d of %d findings in judged rules): %.0f%%%n%n", covered,
                    reportedByRule.values().stream().mapToInt(i -> i).sum(), covered == 0 ? 0 : 100.0 * weighted / covered);
        }
        // Judged true or plausible once, and no longer reported (neither as a finding nor as one of the
        // related places of a finding of the same rule): a loss to explain.
        Map<String, Set<String>> present = new HashMap<>();
        Set<String> reported = new HashSet<>();
        for (String p : projects) {
            if (!Files.exists(work.resolve(p + ".json"))) {
                continue;
            }
            reported.add(p);
            for (Found f : findings(work, p)) {
                present.computeIfAbsent(p + "|" + f.rule(), k -> new HashSet<>()).addAll(f.places());
            }
        }
        Set<String> lost = new TreeSet<>();
        for (Verdict v : verdicts) {
            if (chosen.contains(v.project()) && reported.contains(v.project())
                    && (v.verdict().equals("true") || v.verdict().equals("plausible"))
                    && !present.getOrDefault(v.project() + "|" + v.rule(), Set.of())
                    .contains(v.file() + ":" + v.line())) {
                lost.add(v.verdict() + "\t" + v.project() + "\t" + v.rule() + "\t" + v.file() + ":" + v.line());
            }
        }
        System.out.println("== judged true or plausible, no longer reported by the current reports: " + lost.size());
        lost.forEach(l -> System.out.println("  " + l));
    }

    private interface Column {
        String of(Verdict v);
    }

    private static void table(String title, List<Verdict> vs, Column column) {
        Map<String, int[]> counts = new TreeMap<>();
        int[] total = new int[3];
        for (Verdict v : vs) {
            int i = index(v.verdict());
            counts.computeIfAbsent(column.of(v), k -> new int[3])[i]++;
            total[i]++;
        }
        System.out.printf("%-32s %5s %5s %5s %5s %10s%n", title, "n", "true", "plaus", "false", "precision");
        for (Map.Entry<String, int[]> c : counts.entrySet()) {
            row(c.getKey(), c.getValue());
        }
        row("all", total);
    }

    private static void row(String name, int[] c) {
        int n = c[0] + c[1] + c[2];
        System.out.printf("%-32s %5d %5d %5d %5d %9.0f%%%n", name, n, c[0], c[1], c[2], 100.0 * (c[0] + c[1]) / n);
    }

    /** Rule × project: true-or-plausible/judged in each cell. */
    private static void matrix(List<Verdict> vs) {
        Set<String> ps = new TreeSet<>();
        Map<String, Map<String, int[]>> cells = new TreeMap<>();
        for (Verdict v : vs) {
            ps.add(v.project());
            int[] c = cells.computeIfAbsent(v.rule(), k -> new TreeMap<>()).computeIfAbsent(v.project(), k -> new int[2]);
            c[0] += v.verdict().equals("false") ? 0 : 1;
            c[1]++;
        }
        StringBuilder head = new StringBuilder(String.format("%-32s", "rule \\ project (T+P/n)"));
        ps.forEach(p -> head.append(String.format(" %9s", p)));
        System.out.println(head);
        for (Map.Entry<String, Map<String, int[]>> r : cells.entrySet()) {
            StringBuilder line = new StringBuilder(String.format("%-32s", r.getKey()));
            for (String p : ps) {
                int[] c = r.getValue().get(p);
                line.append(String.format(" %9s", c == null ? "-" : c[0] + "/" + c[1]));
            }
            System.out.println(line);
        }
    }

    private static int index(String verdict) {
        return switch (verdict) {
            case "true" -> 0;
            case "plausible" -> 1;
            case "false" -> 2;
            default -> throw new IllegalArgumentException("verdict must be true, plausible or false: " + verdict);
        };
    }
}
