package dev.threadguard.cli;

import dev.threadguard.config.ProjectConfig;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.RuleSelection;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which rules run and which findings are shown ({@code check} and {@code baseline}): the confidence bar and
 * the rules turned on beyond the default ones.
 */
final class RuleChoice {

    @Option(names = "--confidence", paramLabel = "LEVEL", defaultValue = "high",
            description = "Report findings of at least this confidence: high, medium or low. Measured on real "
                    + "projects, only high findings were mostly worth reading, so medium and low ones are shown "
                    + "only when asked. Default: ${DEFAULT-VALUE}.")
    String confidence;

    @Option(names = "--enable", paramLabel = "RULE", split = ",",
            description = "Also run RULE, a rule that is off by default because under 80 %% of its findings "
                    + "were worth reading when measured ('threadguard rules' says which); 'all' runs every "
                    + "rule. Repeatable.")
    List<String> enable = new ArrayList<>();

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /**
     * The selection the options ask for, over the project's configuration: the file's rule switches, and its
     * confidence unless {@code --confidence} is given. An unknown level or rule id is a usage error.
     */
    RuleSelection selection(ProjectConfig config) {
        boolean confidenceGiven = spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption("--confidence");
        Confidence minimum;
        try {
            minimum = Confidence.valueOf(confidence.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageError(spec.commandLine(), "--confidence is high, medium or low, not '" + confidence + "'");
        }
        try {
            return config.selection(enable, confidenceGiven ? minimum : null);
        } catch (IllegalArgumentException e) {
            throw new UsageError(spec.commandLine(), e.getMessage());
        }
    }
}
