package dev.threadguard.rules;

/** The rule families of threadguard; the label is the SARIF tag and the name users filter by. */
public enum Family {
    FUTURE("future"), GUARD("guard"), LOCK_ORDER("lock-order"), LIFECYCLE("lifecycle");

    private final String label;

    Family(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
