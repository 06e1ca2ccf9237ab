package dev.threadguard.config;

import com.github.javaparser.ParserConfiguration.LanguageLevel;
import dev.threadguard.AnalysisResult;
import dev.threadguard.FailOn;
import dev.threadguard.ParseIsolation;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleInfo;
import dev.threadguard.rules.RuleSelection;
import dev.threadguard.rules.Rules;
import dev.threadguard.rules.Severity;
import dev.threadguard.source.FileLimits;
import dev.threadguard.source.JavaSources;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A project's {@code threadguard.properties}: which rules run and how severe their findings are, the least
 * confidence shown, the files left out, the severity that fails the run, how the sources are written, and
 * what one file may cost.
 * Every key is optional; what a key does not say is the command line's default. Read by {@link #read}, found
 * by {@link #find} next to the sources or above them.
 *
 * <pre>
 * # threadguard.properties
 * rules.lifecycle = off                         # a whole family
 * rules.interrupt-swallowed = on                # but this rule of it
 * rules.blocking-call-under-lock.severity = error
 * confidence = medium                           # hide low-confidence findings
 * exclude = **&#47;generated/**, **&#47;legacy/**
 * fail-on = error
 * language-level = 17
 * encoding = UTF-8
 * file-timeout = 30                             # seconds; 0 for none
 * max-file-size = 8m                            # bytes, or with k or m
 * max-tokens = 800000
 * max-nesting = 256
 * max-lambda-nesting = 12
 * isolate-parse = always                        # auto, always or never
 * </pre>
 *
 * @param file          the file it was read from
 * @param ruleSwitches  rule ids and family labels, each on (true) or off (false)
 * @param severities    rule ids and the severity their findings get
 * @param confidence    the least confidence a finding needs to be reported, or null for all
 * @param excludes      globs of files to leave out, as {@code --exclude}
 * @param failOn        the severity that fails the run, or null for the default
 * @param languageLevel the Java version of the sources, or null
 * @param encoding      the encoding of the sources, or null
 * @param limits        the per-file limits the file sets
 * @param isolation     where files are parsed ({@code isolate-parse}), or null for the default
 */
public record ProjectConfig(Path file, Map<String, Boolean> ruleSwitches, Map<String, Severity> severities,
                            Confidence confidence, List<String> excludes, FailOn failOn,
                            LanguageLevel languageLevel, Charset encoding, Limits limits,
                            ParseIsolation isolation) {

    /** The file name looked for. */
    public static final String FILE_NAME = "threadguard.properties";

    /** A configuration that says nothing. */
    public static final ProjectConfig NONE = new ProjectConfig(null, Map.of(), Map.of(), null, List.of(), null, null, null,
            Limits.NONE, null);

    public ProjectConfig {
        ruleSwitches = Map.copyOf(ruleSwitches);
        severities = Map.copyOf(severities);
        excludes = List.copyOf(excludes);
        limits = limits == null ? Limits.NONE : limits;
    }

    /**
     * The per-file limits of {@link FileLimits} that a file sets, each null where it says nothing: keys
     * {@code max-file-size}, {@code max-tokens}, {@code max-nesting}, {@code max-lambda-nesting} and
     * {@code file-timeout}, with the values their command-line options take.
     */
    public record Limits(Long maxBytes, Integer maxTokens, Integer maxNesting, Integer maxLambdaNesting,
                         Duration timeout) {

        /** Limits that set nothing. */
        public static final Limits NONE = new Limits(null, null, null, null, null);

        /** {@code base} with each limit this file sets in place of its own. */
        public FileLimits over(FileLimits base) {
            return new FileLimits(maxBytes != null ? maxBytes : base.maxBytes(),
                    maxTokens != null ? maxTokens : base.maxTokens(),
                    maxNesting != null ? maxNesting : base.maxNesting(),
                    maxLambdaNesting != null ? maxLambdaNesting : base.maxLambdaNesting(),
                    timeout != null ? timeout : base.timeout());
        }
    }

    /**
     * The configuration file that applies to {@code paths}: the nearest {@value #FILE_NAME} in the directory of
     * each path or above it.
     *
     * @return the file, or null when there is none
     * @throws ConfigException when two paths find two different files
     */
    public static Path find(List<Path> paths) throws ConfigException {
        Path found = null;
        Path foundFor = null;
        for (Path p : paths) {
            Path here = nearest(p);
            if (here == null) {
                continue;
            }
            if (found != null && !found.equals(here)) {
                throw new ConfigException(here, 0, foundFor + " and " + p + " have different configuration files ("
                        + found + " and " + here + "): analyse them separately, or name one with --config");
            }
            found = here;
            foundFor = p;
        }
        return found;
    }

    private static Path nearest(Path p) {
        Path dir = p.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            dir = dir.getParent();
        }
        for (; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(FILE_NAME);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Reads a configuration file. Lines are {@code key = value} (or {@code key: value}), with {@code #} or
     * {@code !} starting a comment line, as in a {@code .properties} file; a value may end with a
     * {@code # comment}. Backslash continuations and escapes are not part of the format.
     *
     * @throws ConfigException for a file that cannot be read, an unknown key, a key given twice or a bad value,
     *                         with the line
     */
    public static ProjectConfig read(Path file) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file, 0, "cannot read: " + dev.threadguard.source.SourceDiscovery.reason(e));
        }
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Boolean> switches = new LinkedHashMap<>();
        Map<String, Severity> severities = new LinkedHashMap<>();
        Confidence confidence = null;
        List<String> excludes = new ArrayList<>();
        FailOn failOn = null;
        LanguageLevel level = null;
        Charset encoding = null;
        Long maxBytes = null;
        Integer maxTokens = null;
        Integer maxNesting = null;
        Integer maxLambdaNesting = null;
        Duration timeout = null;
        ParseIsolation isolation = null;
        Set<String> ruleIds = new TreeSet<>();
        for (Rule r : dev.threadguard.rules.Rules.all()) {
            ruleIds.add(r.info().id());
        }
        Set<String> families = new TreeSet<>();
        for (Family f : Family.values()) {
            families.add(f.label());
        }
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            String text = lines.get(i).strip();
            if (i == 0 && text.startsWith("\uFEFF")) {
                text = text.substring(1).strip();
            }
            if (text.isEmpty() || text.startsWith("#") || text.startsWith("!")) {
                continue;
            }
            int sep = separator(text);
            if (sep < 0) {
                throw new ConfigException(file, line, "expected key = value, found '" + text + "'");
            }
            String key = text.substring(0, sep).strip();
            String value = text.substring(sep + 1);
            int comment = value.indexOf(" #");
            if (comment >= 0) {
                value = value.substring(0, comment);
            }
            value = value.strip();
            if (key.isEmpty()) {
                throw new ConfigException(file, line, "a value without a key");
            }
            Integer before = seen.putIfAbsent(key, line);
            if (before != null) {
                throw new ConfigException(file, line, "'" + key + "' is already set on line " + before);
            }
            if (value.isEmpty()) {
                throw new ConfigException(file, line, "'" + key + "' has no value");
            }
            try {
                switch (key) {
                    case "confidence" -> confidence = confidence(value);
                    case "exclude" -> {
                        for (String glob : value.split(",")) {
                            if (!glob.isBlank()) {
                                excludes.add(glob.strip());
                            }
                        }
                    }
                    case "fail-on" -> failOn = FailOn.parse(value);
                    case "language-level" -> level = JavaSources.languageLevel(value);
                    case "encoding" -> encoding = encoding(value);
                    case "file-timeout" -> timeout = FileLimits.parseSeconds(value);
                    case "max-file-size" -> maxBytes = FileLimits.parseSize(value);
                    case "max-tokens" -> maxTokens = FileLimits.parseCount(value);
                    case "max-nesting" -> maxNesting = FileLimits.parseCount(value);
                    case "max-lambda-nesting" -> maxLambdaNesting = FileLimits.parseCount(value);
                    case "isolate-parse" -> isolation = ParseIsolation.parse(value);
                    default -> {
                        if (!key.startsWith("rules.")) {
                            throw new IllegalArgumentException("unknown key '" + key + "'" + suggestion(key));
                        }
                        String name = key.substring("rules.".length());
                        if (name.endsWith(".severity")) {
                            String id = name.substring(0, name.length() - ".severity".length());
                            if (!ruleIds.contains(id)) {
                                throw new IllegalArgumentException(unknownRule(id, ruleIds, families, false));
                            }
                            severities.put(id, severity(value));
                        } else {
                            if (!ruleIds.contains(name) && !families.contains(name)) {
                                throw new IllegalArgumentException(unknownRule(name, ruleIds, families, true));
                            }
                            switches.put(name, onOff(value));
                        }
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file, line, e.getMessage());
            }
        }
        return new ProjectConfig(file, switches, severities, confidence, excludes, failOn, level, encoding,
                new Limits(maxBytes, maxTokens, maxNesting, maxLambdaNesting, timeout), isolation);
    }

    private static int separator(String text) {
        int eq = text.indexOf('=');
        int colon = text.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    private static final List<String> KEYS = List.of("confidence", "exclude", "fail-on", "language-level", "encoding",
            "file-timeout", "max-file-size", "max-tokens", "max-nesting", "max-lambda-nesting",
            "isolate-parse", "rules.<rule-or-family>", "rules.<rule>.severity");

    private static String suggestion(String key) {
        return " (known: " + String.join(", ", KEYS) + ")";
    }

    private static String unknownRule(String name, Set<String> ids, Set<String> families, boolean familyAllowed) {
        return "unknown rule" + (familyAllowed ? " or family" : "") + " '" + name + "' (`threadguard rules` lists them"
                + (familyAllowed ? "; families: " + String.join(", ", families) : "") + ")";
    }

    private static boolean onOff(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException("'" + value + "' is not on or off");
        };
    }

    private static Severity severity(String value) {
        try {
            return Severity.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown severity '" + value + "' (expected error, warning or note)");
        }
    }

    private static Confidence confidence(String value) {
        try {
            return Confidence.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown confidence '" + value + "' (expected high, medium or low)");
        }
    }

    private static Charset encoding(String value) {
        try {
            return Charset.forName(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown encoding '" + value + "'");
        }
    }

    /** Whether {@code rule} runs: its own switch if it has one, else its family's, else its default. */
    public boolean enabled(Rule rule) {
        Boolean own = ruleSwitches.get(rule.info().id());
        if (own != null) {
            return own;
        }
        Boolean family = ruleSwitches.get(rule.info().family().label());
        return family == null ? rule.enabledByDefault() : family;
    }

    /** The rules of {@code all} that this configuration leaves on, in their order. */
    public List<Rule> rules(List<Rule> all) {
        return all.stream().filter(this::enabled).toList();
    }

    /**
     * The rules and the confidence bar of a run: the rules this file leaves on plus those the command line or
     * plugin turns on by name ({@code enable}, {@value RuleSelection#ALL} for every rule), and the bar
     * {@code given} there, else this file's, else {@link RuleSelection#DEFAULT_MINIMUM}.
     *
     * @param given the confidence asked for on the command line or in the plugin, or null
     * @throws IllegalArgumentException if a name in {@code enable} is no rule's id
     */
    public RuleSelection selection(Collection<String> enable, Confidence given) {
        Confidence minimum = given != null ? given : confidence != null ? confidence : RuleSelection.DEFAULT_MINIMUM;
        RuleSelection named = RuleSelection.of(enable, minimum);
        Set<String> ids = new TreeSet<>();
        for (Rule r : Rules.all()) {
            boolean asked = enable.contains(RuleSelection.ALL) || enable.contains(r.info().id());
            if (asked || enabled(r)) {
                ids.add(r.info().id());
            }
        }
        return new RuleSelection(ids, named.minimum());
    }

    /**
     * {@code result} as this configuration wants it reported: findings of rules given another severity get
     * it. (The confidence bar is applied by the analysis, through {@link #selection}.)
     */
    public AnalysisResult apply(AnalysisResult result) {
        if (severities.isEmpty()) {
            return result;
        }
        List<Finding> kept = new ArrayList<>(result.findings().size());
        for (Finding f : result.findings()) {
            Severity s = severities.get(f.rule().id());
            kept.add(s == null || s == f.severity() ? f
                    : new Finding(f.rule(), s, f.confidence(), f.path(), f.pos(), f.member(), f.message(), f.trace()));
        }
        return new AnalysisResult(List.copyOf(kept), result.diagnostics(), result.files(), result.suppressed(),
                result.baselined(), result.timings());
    }
}
