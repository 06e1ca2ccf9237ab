package dev.threadguard.rules;

import dev.threadguard.facts.Pos;
import dev.threadguard.facts.Site;
import dev.threadguard.index.ProgramIndex;

/** A check over the facts of the whole program. Rules read facts and the index, never syntax trees. */
public interface Rule {

    /** Reports every finding of this rule in the program to {@code out}. */
    void check(ProgramIndex index, FindingSink out);

    /** This rule's metadata, from its {@link RuleDescriptor}. */
    default RuleInfo info() {
        return RuleInfo.of(getClass());
    }

    /**
     * A finding of this rule at a fact's site in the file {@code path}, to complete with its message (and,
     * when not the defaults, confidence, severity and trace) and hand to {@link FindingSink#report}.
     */
    default Finding.Builder finding(String path, Site site) {
        return Finding.of(info(), path, site);
    }

    /** A finding of this rule at {@code pos} inside {@code member}, for facts that carry no {@link Site}. */
    default Finding.Builder finding(String path, Pos pos, String member) {
        return Finding.of(info(), path, pos, member);
    }

    /** Whether the default report runs this rule, from its {@link RuleDescriptor}. */
    default boolean enabledByDefault() {
        RuleDescriptor d = getClass().getAnnotation(RuleDescriptor.class);
        return d == null || d.enabledByDefault();
    }
}
