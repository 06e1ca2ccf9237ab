package dev.threadguard.rules;

import dev.threadguard.facts.Pos;

/**
 * One step of a finding's evidence: another place in the code and what it shows. Rendered as a
 * {@code note:} line in text and as a related location or code-flow step in SARIF.
 */
public record TraceStep(String path, Pos pos, String message) {
}
