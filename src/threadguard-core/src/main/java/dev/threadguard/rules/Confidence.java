package dev.threadguard.rules;

/**
 * How sure a finding is. {@code HIGH}: every type involved was resolved. {@code MEDIUM}: a type was
 * resolved but a member was matched among overloads. {@code LOW}: a type could not be resolved and the
 * finding rests on names alone.
 */
public enum Confidence {
    HIGH, MEDIUM, LOW;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
