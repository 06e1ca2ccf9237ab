package dev.threadguard.rules;

import java.util.List;

/** Wording shared by the messages of several rules, so that no rule calls another for its text. */
public final class Messages {

    private Messages() {
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    public static String list(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    /** Each item in backticks, listed: {@code `a`, `b` and `c`}. */
    public static String listInCode(List<String> items) {
        return list(items.stream().map(i -> "`" + i + "`").toList());
    }
}
