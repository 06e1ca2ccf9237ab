package dev.threadguard.rules;

import dev.threadguard.facts.Pos;

/**
 * One step of a finding's evidence: another place in the code and what it shows. Rendered as a
 * {@code note:} line in text and as a related location or code-flow step in SARIF.
 *
 * @param thread which path of the evidence the step belongs to, when there are several that run on different
 *               threads (the two sides of a lock-order cycle); SARIF gives each its own thread flow
 */
public record TraceStep(String path, Pos pos, String message, int thread) {

    /** A step of evidence that runs on one thread. */
    public TraceStep(String path, Pos pos, String message) {
        this(path, pos, message, 0);
    }
}
