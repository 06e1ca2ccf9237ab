package dev.threadguard.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A rule's metadata as a value: id, family, default severity, summary, and its documentation page. */
public record RuleInfo(String id, Family family, Severity severity, String summary) {

    public static RuleInfo of(Class<?> ruleClass) {
        RuleDescriptor d = ruleClass.getAnnotation(RuleDescriptor.class);
        if (d == null) {
            throw new IllegalStateException(ruleClass.getName() + " has no @RuleDescriptor");
        }
        return new RuleInfo(d.id(), d.family(), d.severity(), d.summary());
    }

    /** The rule's page from {@code rules/<id>.md}, as bundled in the jar. */
    public Optional<String> documentation() {
        try (InputStream in = RuleInfo.class.getResourceAsStream("docs/" + id + ".md")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Where the page can be read online, relative to the project's repository. */
    public String helpPath() {
        return "rules/" + id + ".md";
    }
}
