package dev.threadguard.rules;

import dev.threadguard.index.ProgramIndex;
import dev.threadguard.rules.lifecycle.ThreadRunCalled;
import dev.threadguard.rules.lifecycle.WaitNotInLoop;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps everything written about the rules true to their {@link RuleDescriptor}s (see {@link RuleCatalog}).
 * When it fails on a summary, a severity or a new rule, regenerate the page headers and the two tables with
 * <pre>
 * mvn -B -ntp -q -pl src/threadguard-core -am test -Dtest=RuleCatalogTest -Dsurefire.failIfNoSpecifiedTests=false -Dthreadguard.catalog.write=true
 * </pre>
 * (it also registers every rule class of the code in {@code Rules.java}), review the diff, and run the test
 * again without the property. A missing page, test class or sample cannot be generated: the failure says which.
 */
class RuleCatalogTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    @Test
    void theRulesAndEverythingWrittenAboutThemAgree() throws Exception {
        RuleCatalog catalog = real();
        if (Boolean.getBoolean("threadguard.catalog.write")) {
            // Rules.java is compiled code: what it registers is checked on the next run, not this one.
            for (Map.Entry<String, String> e : catalog.rendered().entrySet()) {
                Path file = ROOT.resolve(e.getKey());
                if (e.getValue() != null && !e.getValue().equals(Files.readString(file))) {
                    Files.writeString(file, e.getValue());
                    System.out.println("RuleCatalogTest rewrote " + e.getKey());
                }
            }
            return;
        }
        assertThat(catalog.problems()).as("run the command in RuleCatalogTest's Javadoc to regenerate what can be").isEmpty();
        assertThat(catalog.registered()).isNotEmpty();
    }

    // ---- the same checks on deliberately broken catalogs, one kind of drift each

    @Test
    void theUnbrokenFixtureHasNoProblems() {
        assertThat(fixture(List.of(ThreadRunCalled.class, WaitNotInLoop.class), pages()).problems()).isEmpty();
    }

    @Test
    void aSummaryChangedOnThePageFails() {
        RuleCatalog c = broken(pages -> pages.put("thread-run-called.md",
                pages.get("thread-run-called.md").replace("> " + info(ThreadRunCalled.class).summary(),
                        "> Thread.run() is called.")));
        assertThat(c.problems()).singleElement().asString()
                .startsWith("thread-run-called: the header of rules/thread-run-called.md differs from @RuleDescriptor")
                .contains("> Thread.run() is called.");
    }

    @Test
    void aSeverityOrFamilyChangedOnThePageFails() {
        RuleCatalog c = broken(pages -> pages.put("thread-run-called.md",
                pages.get("thread-run-called.md").replace("**Default severity:** warning", "**Default severity:** error")
                        .replace("`lifecycle`", "`guard`")));
        assertThat(c.problems()).singleElement().asString().contains("**Family:** `guard` · **Default severity:** error");
    }

    @Test
    void aTableCellThatDiffersFromTheSummaryFails() {
        RuleCatalog ok = fixture(List.of(ThreadRunCalled.class, WaitNotInLoop.class), pages());
        String readme = ok.readme().replace(info(WaitNotInLoop.class).summary(), "a wait() outside a loop");
        String rulesReadme = ok.rulesReadme().replace("| warning | " + info(ThreadRunCalled.class).summary(),
                "| error | " + info(ThreadRunCalled.class).summary());
        RuleCatalog c = new RuleCatalog(ok.registered(), ok.ruleClasses(), ok.pages(), readme, rulesReadme,
                ok.expectedFindings(), ok.testClasses(), ok.registryText());
        assertThat(c.problems()).hasSize(2);
        assertThat(c.problems().get(0)).startsWith("README.md differs").contains("- | lifecycle | [`wait-not-in-loop`]")
                .contains("a wait() outside a loop").contains("+ | lifecycle | [`wait-not-in-loop`]");
        assertThat(c.problems().get(1)).startsWith("rules/README.md differs").contains("| error | ");
    }

    @Test
    void aTableWithoutItsMarkersFails() {
        RuleCatalog ok = fixture(List.of(ThreadRunCalled.class, WaitNotInLoop.class), pages());
        RuleCatalog c = new RuleCatalog(ok.registered(), ok.ruleClasses(), ok.pages(),
                ok.readme().replace(RuleCatalog.END, ""), ok.rulesReadme(), ok.expectedFindings(), ok.testClasses(), ok.registryText());
        assertThat(c.problems()).singleElement().asString().startsWith("README.md lacks the markers");
    }

    @Test
    void aRuleWithoutAPageFails() {
        RuleCatalog c = broken(pages -> pages.remove("wait-not-in-loop.md"));
        assertThat(c.problems()).containsExactly("wait-not-in-loop: no page rules/wait-not-in-loop.md");
    }

    @Test
    void aPageOfNoRuleFails() {
        RuleCatalog c = broken(pages -> pages.put("thread-run-calld.md", "# thread-run-calld\n"));
        assertThat(c.problems()).containsExactly("rules/thread-run-calld.md is the page of no registered rule");
    }

    @Test
    void aRuleWithoutATestClassFails() {
        RuleCatalog ok = fixture(List.of(ThreadRunCalled.class, WaitNotInLoop.class), pages());
        RuleCatalog c = new RuleCatalog(ok.registered(), ok.ruleClasses(), ok.pages(), ok.readme(), ok.rulesReadme(),
                ok.expectedFindings(), Set.of(ThreadRunCalled.class.getName() + "Test"), ok.registryText());
        assertThat(c.problems()).containsExactly("wait-not-in-loop: no test class " + WaitNotInLoop.class.getName() + "Test");
    }

    @Test
    void aRuleWithoutASampleFindingFails() {
        RuleCatalog ok = fixture(List.of(ThreadRunCalled.class, WaitNotInLoop.class), pages());
        String findings = ok.expectedFindings().lines().filter(l -> !l.contains("[wait-not-in-loop]"))
                .reduce("", (a, b) -> a + b + "\n");
        RuleCatalog c = new RuleCatalog(ok.registered(), ok.ruleClasses(), ok.pages(), ok.readme(), ok.rulesReadme(),
                findings, ok.testClasses(), ok.registryText());
        // The README's count of sample findings is wrong too.
        assertThat(c.problems()).hasSize(2);
        assertThat(c.problems().get(0)).isEqualTo("wait-not-in-loop: no finding in samples/expected-findings.txt;"
                + " add a bad and a good sample to samples/");
        assertThat(c.problems().get(1)).contains("- The first prints the 2 findings planted")
                .contains("+ The first prints the 1 findings planted");
    }

    @Test
    void anUnregisteredRuleFails() {
        RuleCatalog ok = fixture(List.of(ThreadRunCalled.class, WaitNotInLoop.class), pages());
        RuleCatalog c = new RuleCatalog(List.of(ThreadRunCalled.class), ok.ruleClasses(), ok.pages(), ok.readme(),
                ok.rulesReadme(), ok.expectedFindings(), ok.testClasses(),
                RuleCatalog.registry(Set.of(ThreadRunCalled.class)));
        assertThat(c.problems()).contains(WaitNotInLoop.class.getName() + " is a rule but is not registered in Rules; the generator registers it",
                "rules/wait-not-in-loop.md is the page of no registered rule");
        assertThat(c.problems()).anySatisfy(p -> assertThat(p).startsWith(RuleCatalog.REGISTRY + " differs")
                .contains("+ import " + WaitNotInLoop.class.getName() + ";").contains("+             new WaitNotInLoop()"));
    }

    @Test
    void aClassNotNamedAfterItsIdFails() {
        RuleCatalog c = fixture(List.of(ThreadRunCalled.class, MisNamed.class), pages());
        assertThat(c.problems()).contains("thread-runs-called: the class is MisNamed, not ThreadRunsCalled",
                "thread-runs-called: the class is in dev.threadguard.rules, not in the package of the lifecycle family",
                "thread-runs-called: no page rules/thread-runs-called.md");
    }

    @Test
    void theGeneratorWritesAHeaderOnANewPageAndReplacesAnOldOne() {
        RuleInfo rule = info(ThreadRunCalled.class);
        String prose = "## What it finds\n\n> a quotation in the prose stays\n";
        assertThat(RuleCatalog.withHeader(prose, rule)).isEqualTo(RuleCatalog.pageHeader(rule) + "\n" + prose);
        String stale = "# thread-run-called\n\n**Family:** `guard` · **Default severity:** error\n\n> Old.\n\n" + prose;
        assertThat(RuleCatalog.withHeader(stale, rule)).isEqualTo(RuleCatalog.pageHeader(rule) + "\n" + prose);
    }

    @RuleDescriptor(id = "thread-runs-called", family = Family.LIFECYCLE, severity = Severity.WARNING, summary = "Nothing.")
    static final class MisNamed implements Rule {
        @Override
        public void check(ProgramIndex index, FindingSink out) {
        }
    }

    // ---- the real catalog, read from the repository

    private static RuleCatalog real() throws IOException, URISyntaxException {
        List<Class<? extends Rule>> registered = new ArrayList<>();
        for (Rule r : Rules.all()) {
            registered.add(r.getClass());
        }
        Map<String, String> pages = new HashMap<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("rules"))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".md")).toList()) {
                if (!p.getFileName().toString().equals("README.md")) {
                    pages.put(p.getFileName().toString(), Files.readString(p));
                }
            }
        }
        Set<String> tests = new HashSet<>();
        for (Class<? extends Rule> c : registered) {
            try {
                Class.forName(c.getName() + "Test");
                tests.add(c.getName() + "Test");
            } catch (ClassNotFoundException e) {
                // reported as a problem
            }
        }
        return new RuleCatalog(registered, ruleClassesInCode(), pages, Files.readString(ROOT.resolve("README.md")),
                Files.readString(ROOT.resolve("rules/README.md")),
                Files.readString(ROOT.resolve("samples/expected-findings.txt")), tests,
                Files.readString(ROOT.resolve(RuleCatalog.REGISTRY)));
    }

    /** Every concrete class implementing {@link Rule} among the compiled classes of {@code dev.threadguard.rules}. */
    private static Set<Class<?>> ruleClassesInCode() throws IOException, URISyntaxException {
        Path classes = Path.of(Rule.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path rules = classes.resolve(Rule.class.getPackageName().replace('.', '/'));
        Set<Class<?>> found = new LinkedHashSet<>();
        try (Stream<Path> files = Files.walk(rules)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String name = classes.relativize(p).toString().replace('/', '.').replace('\\', '.');
                try {
                    Class<?> c = Class.forName(name.substring(0, name.length() - ".class".length()), false,
                            Rule.class.getClassLoader());
                    if (Rule.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())
                            && !c.isAnonymousClass()) {
                        found.add(c);
                    }
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return found;
    }

    // ---- an in-memory catalog of real rules, whole and in sync, to break one way at a time

    private static RuleInfo info(Class<?> c) {
        return RuleInfo.of(c);
    }

    private static Map<String, String> pages() {
        Map<String, String> pages = new HashMap<>();
        for (Class<?> c : List.of(ThreadRunCalled.class, WaitNotInLoop.class)) {
            pages.put(info(c).id() + ".md", RuleCatalog.pageHeader(info(c)) + "\n## What it finds\n\nProse.\n");
        }
        return pages;
    }

    private interface PageEdit {
        void apply(Map<String, String> pages);
    }

    private static RuleCatalog broken(PageEdit edit) {
        Map<String, String> pages = pages();
        edit.apply(pages);
        return fixture(List.of(ThreadRunCalled.class, WaitNotInLoop.class), pages);
    }

    /** A catalog of these rules, with their pages, tables, test classes and one sample finding each, all in sync. */
    private static RuleCatalog fixture(List<Class<? extends Rule>> rules, Map<String, String> pages) {
        List<RuleInfo> infos = rules.stream().map(RuleInfo::of).toList();
        StringBuilder findings = new StringBuilder();
        Set<String> tests = new HashSet<>();
        for (Class<? extends Rule> c : rules) {
            findings.append("samples/A.java:1:1: warning: [").append(info(c).id()).append("] found\n");
            tests.add(c.getName() + "Test");
        }
        String readme = "# tool\n\nThe first prints the " + rules.size() + " findings planted in samples.\n\n"
                + RuleCatalog.begin(RuleCatalog.ALL) + "\n" + RuleCatalog.readmeTable(infos) + RuleCatalog.END + "\n";
        StringBuilder rulesReadme = new StringBuilder("# rules\n");
        for (Family f : Family.values()) {
            rulesReadme.append("\n## ").append(f.label()).append("\n\n").append(RuleCatalog.begin(f.label())).append('\n')
                    .append(RuleCatalog.familyTable(infos, f)).append(RuleCatalog.END).append('\n');
        }
        Set<Class<?>> classes = new LinkedHashSet<>(rules);
        return new RuleCatalog(rules, classes, pages, readme, rulesReadme.toString(), findings.toString(), tests,
                RuleCatalog.registry(classes));
    }
}
