package dev.threadguard.rules;

import dev.threadguard.index.ProgramIndex;

/** A check over the facts of the whole program. Rules read facts and the index, never syntax trees. */
public interface Rule {

    /** Reports every finding of this rule in the program to {@code out}. */
    void check(ProgramIndex index, FindingSink out);

    /** This rule's metadata, from its {@link RuleDescriptor}. */
    default RuleInfo info() {
        return RuleInfo.of(getClass());
    }

    /** Whether the default report runs this rule, from its {@link RuleDescriptor}. */
    default boolean enabledByDefault() {
        RuleDescriptor d = getClass().getAnnotation(RuleDescriptor.class);
        return d == null || d.enabledByDefault();
    }
}
