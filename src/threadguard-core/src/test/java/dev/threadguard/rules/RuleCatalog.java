package dev.threadguard.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything written about the rules, and what it must say. The one source is each rule's
 * {@link RuleDescriptor}: from it are rendered the header of its page {@code rules/<id>.md}, the table of
 * rules in {@code README.md} and the tables of each family in {@code rules/README.md}. The catalog lists every
 * place where the written text differs from the rendered one, and every rule that lacks a page, a test class
 * or a finding in {@code samples/expected-findings.txt}. Kept apart from the files so that a test can hand
 * it a deliberately broken catalog.
 *
 * @param registered       the rule classes registered in {@link Rules}
 * @param ruleClasses      every concrete {@link Rule} class in the code, registered or not
 * @param pages            each file {@code rules/*.md} other than the README, by file name
 * @param readme           {@code README.md}
 * @param rulesReadme      {@code rules/README.md}
 * @param expectedFindings {@code samples/expected-findings.txt}
 * @param testClasses      the names of the test classes that exist
 * @param registryText     {@code Rules.java} as written
 */
record RuleCatalog(
        List<Class<? extends Rule>> registered,
        Set<Class<?>> ruleClasses,
        Map<String, String> pages,
        String readme,
        String rulesReadme,
        String expectedFindings,
        Set<String> testClasses,
        String registryText) {

    /** The table of every rule, in {@code README.md}. */
    static final String ALL = "all";

    /** The registry, generated from the rule classes found in the code. */
    static final String REGISTRY = "src/threadguard-core/src/main/java/dev/threadguard/rules/Rules.java";

    private static final Pattern ID = Pattern.compile("[a-z]+(-[a-z]+)*");
    private static final Pattern SAMPLE_COUNT = Pattern.compile("prints the (\\d+) findings planted");

    static String begin(String table) {
        return "<!-- BEGIN rules table " + table + ": generated from each rule's @RuleDescriptor by RuleCatalogTest;"
                + " edit the annotation, not this table -->";
    }

    static final String END = "<!-- END rules table -->";

    /** {@code thread-run-called} → {@code ThreadRunCalled}. */
    static String className(String id) {
        StringBuilder sb = new StringBuilder();
        for (String word : id.split("-")) {
            sb.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return sb.toString();
    }

    /** The opening of {@code rules/<id>.md}, up to and including the summary line. */
    static String pageHeader(RuleInfo rule) {
        return "# " + rule.id() + "\n\n**Family:** `" + rule.family().label() + "` · **Default severity:** "
                + rule.severity().label() + "\n\n> " + rule.summary() + "\n";
    }

    /** The table of {@code README.md}: every rule, family by family. */
    static String readmeTable(List<RuleInfo> rules) {
        StringBuilder sb = new StringBuilder("| family | rule | severity | summary |\n| --- | --- | --- | --- |\n");
        for (Family family : Family.values()) {
            for (RuleInfo r : rules) {
                if (r.family() == family) {
                    sb.append("| ").append(family.label()).append(" | [`").append(r.id()).append("`](rules/")
                            .append(r.id()).append(".md) | ").append(r.severity().label()).append(" | ")
                            .append(cell(r.summary())).append(" |\n");
                }
            }
        }
        return sb.toString();
    }

    /** The table of one family in {@code rules/README.md}. */
    static String familyTable(List<RuleInfo> rules, Family family) {
        StringBuilder sb = new StringBuilder("| rule | severity | summary |\n| --- | --- | --- |\n");
        for (RuleInfo r : rules) {
            if (r.family() == family) {
                sb.append("| [`").append(r.id()).append("`](").append(r.id()).append(".md) | ")
                        .append(r.severity().label()).append(" | ").append(cell(r.summary())).append(" |\n");
            }
        }
        return sb.toString();
    }

    /** {@code Rules.java}: every rule class found in the code, by family, then id. */
    static String registry(Set<Class<?>> ruleClasses) {
        List<Class<?>> rules = ruleClasses.stream()
                .sorted(Comparator.comparing((Class<?> c) -> RuleInfo.of(c).family())
                        .thenComparing(c -> RuleInfo.of(c).id()))
                .toList();
        StringBuilder sb = new StringBuilder("package dev.threadguard.rules;\n\n");
        rules.stream().map(Class::getName).sorted().forEach(n -> sb.append("import ").append(n).append(";\n"));
        sb.append("""

                import java.util.Comparator;
                import java.util.List;
                import java.util.Optional;

                /**
                 * Every rule threadguard has. Generated by {@code RuleCatalogTest} from the {@link Rule} classes of
                 * {@code dev.threadguard.rules}: a new rule is registered by running it (see ARCHITECTURE.md), not by hand.
                 */
                public final class Rules {

                    private static final List<Rule> ALL = List.of(
                """);
        for (int i = 0; i < rules.size(); i++) {
            sb.append("            new ").append(rules.get(i).getSimpleName()).append("()")
                    .append(i == rules.size() - 1 ? ");\n" : ",\n");
        }
        sb.append("""

                    private Rules() {
                    }

                    /** The rules, in the order of their ids. */
                    public static List<Rule> all() {
                        return ALL.stream().sorted(Comparator.comparing(r -> r.info().id())).toList();
                    }

                    public static Optional<RuleInfo> find(String id) {
                        return ALL.stream().map(Rule::info).filter(i -> i.id().equals(id)).findFirst();
                    }
                }
                """);
        return sb.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /**
     * The rules the generated text describes: every rule class in the code, registered yet or not, so that one
     * run of the generator writes all a new rule needs. By id; the tables group them by family.
     */
    List<RuleInfo> infos() {
        return ruleClasses.stream().map(RuleInfo::of).sorted(Comparator.comparing(RuleInfo::id)).toList();
    }

    /** {@code doc} with the generated text of {@code table} between its markers, or null if it has no markers. */
    static String withTable(String doc, String table, String text) {
        int b = doc.indexOf(begin(table));
        int e = b < 0 ? -1 : doc.indexOf(END, b);
        if (e < 0) {
            return null;
        }
        return doc.substring(0, b) + begin(table) + "\n" + text + doc.substring(e);
    }

    /** A page's header as written: title, family and severity line, summary line. */
    private static final Pattern HEADER = Pattern.compile("\\A# .*\\n\\n\\*\\*Family:\\*\\*.*\\n\\n> .*\\n");

    /** {@code page} with its header rendered from {@code rule}, in place of the one it has or before its text. */
    static String withHeader(String page, RuleInfo rule) {
        Matcher m = HEADER.matcher(page);
        return m.find() ? pageHeader(rule) + page.substring(m.end()) : pageHeader(rule) + "\n" + page;
    }

    /** The generated files (READMEs, registry, page headers) as they should be, by path from the repository root. */
    Map<String, String> rendered() {
        Map<String, String> out = new LinkedHashMap<>();
        List<RuleInfo> rules = infos();
        String readmeText = withTable(readme, ALL, readmeTable(rules));
        String count = readmeText == null ? null : SAMPLE_COUNT.matcher(readmeText)
                .replaceFirst("prints the " + sampleFindings() + " findings planted");
        out.put("README.md", count);
        String rulesText = rulesReadme;
        for (Family family : Family.values()) {
            rulesText = rulesText == null ? null : withTable(rulesText, family.label(), familyTable(rules, family));
        }
        out.put("rules/README.md", rulesText);
        out.put(REGISTRY, registry(ruleClasses));
        for (RuleInfo r : rules) {
            String page = pages.get(r.id() + ".md");
            if (page != null) {
                out.put("rules/" + r.id() + ".md", withHeader(page, r));
            }
        }
        return out;
    }

    private long sampleFindings() {
        return expectedFindings.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
    }

    /** Every disagreement, one line each; empty when the catalog is whole and in sync. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> sampled = new TreeSet<>();
        Matcher f = Pattern.compile("\\[([a-z-]+)]").matcher(expectedFindings);
        while (f.find()) {
            sampled.add(f.group(1));
        }
        for (Class<? extends Rule> c : registered) {
            RuleInfo r = RuleInfo.of(c);
            String id = r.id();
            if (!ids.add(id)) {
                problems.add("two rules have the id " + id);
            }
            if (!ID.matcher(id).matches()) {
                problems.add(id + ": an id is lower-case words joined by dashes");
            }
            if (!c.getSimpleName().equals(className(id))) {
                problems.add(id + ": the class is " + c.getSimpleName() + ", not " + className(id));
            }
            if (!c.getPackageName().equals(Rule.class.getPackageName() + "." + r.family().label().replace("-", ""))) {
                problems.add(id + ": the class is in " + c.getPackageName() + ", not in the package of the "
                        + r.family().label() + " family");
            }
            if (r.summary().isBlank() || !r.summary().endsWith(".") || r.summary().contains("\n")) {
                problems.add(id + ": the summary is one sentence ending with a period");
            }
            String page = pages.get(id + ".md");
            if (page == null) {
                problems.add(id + ": no page rules/" + id + ".md");
            } else if (!page.startsWith(pageHeader(r))) {
                problems.add(id + ": the header of rules/" + id + ".md differs from @RuleDescriptor; it should be:\n"
                        + pageHeader(r) + "but is:\n" + page.lines().limit(5).reduce("", (a, b) -> a + b + "\n"));
            }
            if (!testClasses.contains(c.getName() + "Test")) {
                problems.add(id + ": no test class " + c.getName() + "Test");
            }
            if (!sampled.contains(id)) {
                problems.add(id + ": no finding in samples/expected-findings.txt; add a bad and a good sample to samples/");
            }
        }
        for (Class<?> c : ruleClasses) {
            if (!registered.contains(c)) {
                problems.add(c.getName() + " is a rule but is not registered in Rules; the generator registers it");
            }
        }
        for (String page : new TreeSet<>(pages.keySet())) {
            if (!ids.contains(page.substring(0, page.length() - ".md".length()))) {
                problems.add("rules/" + page + " is the page of no registered rule");
            }
        }
        for (String id : sampled) {
            if (!ids.contains(id)) {
                problems.add("samples/expected-findings.txt has findings of " + id + ", which is no registered rule");
            }
        }
        Map<String, String> written = Map.of("README.md", readme, "rules/README.md", rulesReadme, REGISTRY, registryText);
        for (Map.Entry<String, String> e : rendered().entrySet()) {
            if (!written.containsKey(e.getKey())) {
                continue;
            }
            if (e.getValue() == null) {
                problems.add(e.getKey() + " lacks the markers of a generated rules table: " + begin("...") + " ... " + END);
            } else if (!e.getValue().equals(written.get(e.getKey()))) {
                problems.add(e.getKey() + " differs from the text rendered from @RuleDescriptor:\n"
                        + diff(written.get(e.getKey()), e.getValue()));
            }
        }
        return problems;
    }

    /** The lines that differ, as {@code - written} and {@code + expected}; enough to see what to change. */
    static String diff(String written, String expected) {
        List<String> a = written.lines().toList();
        List<String> b = expected.lines().toList();
        Set<String> inA = new HashSet<>(a);
        Set<String> inB = new HashSet<>(b);
        StringBuilder sb = new StringBuilder();
        a.stream().filter(l -> !inB.contains(l)).forEach(l -> sb.append("- ").append(l).append('\n'));
        b.stream().filter(l -> !inA.contains(l)).forEach(l -> sb.append("+ ").append(l).append('\n'));
        return sb.toString();
    }
}
