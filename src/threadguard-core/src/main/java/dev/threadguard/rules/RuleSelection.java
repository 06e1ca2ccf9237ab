package dev.threadguard.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which rules run and which findings are shown: the rules on by default plus those turned on by name, and
 * the findings whose confidence clears a bar.
 *
 * <pre>{@code
 * RuleSelection chosen = RuleSelection.of(List.of("check-then-act"), Confidence.MEDIUM);
 * new Analyzer(chosen).run(options);
 * }</pre>
 *
 * @param enabled the ids of the rules that run
 * @param minimum the lowest confidence shown
 */
public record RuleSelection(Set<String> enabled, Confidence minimum) {

    /** The bar of the default report: only {@code high} findings cleared 80 % true or plausible when measured. */
    public static final Confidence DEFAULT_MINIMUM = Confidence.HIGH;

    /** The word that turns every rule on. */
    public static final String ALL = "all";

    public RuleSelection {
        enabled = Set.copyOf(enabled);
    }

    /** The default report: the rules on by default, findings of {@link #DEFAULT_MINIMUM} confidence. */
    public static RuleSelection defaults() {
        return of(List.of(), DEFAULT_MINIMUM);
    }

    /** Every rule and every finding, whatever its confidence: what the rule tests see. */
    public static RuleSelection everything() {
        return of(List.of(ALL), Confidence.LOW);
    }

    /**
     * The rules on by default and those named in {@code extra} ({@value #ALL} for every rule), with findings
     * of at least {@code minimum} confidence.
     *
     * @throws IllegalArgumentException if a name in {@code extra} is no rule's id
     */
    public static RuleSelection of(Collection<String> extra, Confidence minimum) {
        Set<String> ids = new TreeSet<>();
        List<String> unknown = new ArrayList<>();
        for (String name : extra) {
            if (name.equals(ALL)) {
                Rules.all().forEach(r -> ids.add(r.info().id()));
            } else if (Rules.find(name).isPresent()) {
                ids.add(name);
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no such rule: " + String.join(", ", unknown)
                    + " ('threadguard rules' lists them)");
        }
        for (Rule r : Rules.all()) {
            if (r.enabledByDefault()) {
                ids.add(r.info().id());
            }
        }
        return new RuleSelection(ids, minimum);
    }

    /** The rules that run, in the order of their ids. */
    public List<Rule> rules() {
        return Rules.all().stream().filter(r -> enabled.contains(r.info().id())).toList();
    }

    /** Whether a finding is confident enough to be shown. */
    public boolean shows(Finding f) {
        return f.confidence().compareTo(minimum) <= 0;
    }
}
