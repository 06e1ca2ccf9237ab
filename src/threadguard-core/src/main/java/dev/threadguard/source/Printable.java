package dev.threadguard.source;

/**
 * Text from the input (a path, an identifier, a message quoting either) made safe to print on one line of a
 * terminal or a log: what {@code report.TextReport#printable} and {@link Diagnostic#toLine()} both use.
 */
public final class Printable {

    private Printable() {
    }

    /**
     * {@code text} with line breaks shown as {@code \n} and {@code \r}, a tab as a space, and other control
     * and bidirectional characters as a backslash, {@code u} and four hex digits.
     */
    public static String of(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean hidden = Character.isISOControl(c) || isBidiControl(c);
            if (!hidden) {
                if (b != null) {
                    b.append(c);
                }
                continue;
            }
            if (b == null) {
                b = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append(' ');
                default -> b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b == null ? text : b.toString();
    }

    private static boolean isBidiControl(char c) {
        return c == '\u061c' || c == '\u200e' || c == '\u200f'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
