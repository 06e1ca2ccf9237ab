package dev.threadguard.rules;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The identity of a rule, carried on the rule's class so that nothing about a rule lives elsewhere.
 * Its documentation page is {@code rules/<id>.md}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RuleDescriptor {
    /** Stable id, lower-case words joined by dashes; used in suppressions, baselines and SARIF. */
    String id();

    Family family();

    Severity severity();

    /** One sentence: what the rule finds. */
    String summary();

    boolean enabledByDefault() default true;
}
