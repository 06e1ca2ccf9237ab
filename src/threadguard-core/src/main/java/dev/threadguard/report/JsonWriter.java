package dev.threadguard.report;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small streaming JSON writer with two-space indentation, enough for the JSON and SARIF reports and
 * baselines. Core keeps no JSON library in its main scope, so this and {@link JsonReader} are the places
 * that know JSON's syntax.
 *
 * <p>Every character outside printable ASCII is written as a JSON unicode escape, a backslash, {@code u}
 * and four hex digits (a character outside the Basic Multilingual Plane as the escapes of its surrogate
 * pair). The output is then pure ASCII, and it
 * means the same whatever charset the stream it lands in encodes with: a report piped through a
 * terminal with a non-UTF-8 locale still carries the exact messages.
 */
public final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Appendable out;
    /** One entry per open container: whether it has received an element yet (commas depend on it). */
    private final Deque<boolean[]> open = new ArrayDeque<>();
    private boolean afterName;

    public JsonWriter(Appendable out) {
        this.out = out;
    }

    public JsonWriter beginObject() throws IOException {
        return begin('{');
    }

    public JsonWriter endObject() throws IOException {
        return end('}');
    }

    public JsonWriter beginArray() throws IOException {
        return begin('[');
    }

    public JsonWriter endArray() throws IOException {
        return end(']');
    }

    /** Writes a property name; the next call writes its value. */
    public JsonWriter name(String name) throws IOException {
        if (afterName) {
            throw new IllegalStateException("a value is missing after the name before " + name);
        }
        separate();
        quote(name, out);
        out.append(": ");
        afterName = true;
        return this;
    }

    public JsonWriter value(String value) throws IOException {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            quote(value, out);
        }
        return this;
    }

    public JsonWriter value(long value) throws IOException {
        separate();
        out.append(Long.toString(value));
        return this;
    }

    public JsonWriter value(boolean value) throws IOException {
        separate();
        out.append(value ? "true" : "false");
        return this;
    }

    public JsonWriter property(String name, String value) throws IOException {
        return name(name).value(value);
    }

    public JsonWriter property(String name, long value) throws IOException {
        return name(name).value(value);
    }

    public JsonWriter property(String name, boolean value) throws IOException {
        return name(name).value(value);
    }

    /** Ends the document with a newline, so that the file is a proper text file. */
    public void finish() throws IOException {
        if (!open.isEmpty()) {
            throw new IllegalStateException(open.size() + " containers left open");
        }
        out.append('\n');
    }

    private JsonWriter begin(char bracket) throws IOException {
        separate();
        out.append(bracket);
        open.push(new boolean[1]);
        return this;
    }

    private JsonWriter end(char bracket) throws IOException {
        if (afterName) {
            throw new IllegalStateException("a value is missing before " + bracket);
        }
        boolean[] container = open.pop();
        if (container[0]) {
            newline();
        }
        out.append(bracket);
        return this;
    }

    /** Puts what must come before a value or a name: nothing after a name, else a comma and a new line. */
    private void separate() throws IOException {
        if (afterName) {
            afterName = false;
            return;
        }
        boolean[] container = open.peek();
        if (container == null) {
            return;
        }
        if (container[0]) {
            out.append(',');
        }
        container[0] = true;
        newline();
    }

    private void newline() throws IOException {
        out.append('\n');
        for (int i = 0; i < open.size(); i++) {
            out.append("  ");
        }
    }

    /** Writes {@code s} as a JSON string literal. */
    static void quote(CharSequence s, Appendable out) throws IOException {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        // Surrogates go one unit at a time: a pair becomes the two escapes JSON defines
                        // for it, and a lone surrogate stays visible instead of turning into '?'.
                        out.append("\\u")
                                .append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** {@code s} as a JSON string literal. */
    static String quote(CharSequence s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        try {
            quote(s, b);
        } catch (IOException e) {
            throw new AssertionError("StringBuilder does not throw", e);
        }
        return b.toString();
    }
}
