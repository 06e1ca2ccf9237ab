package dev.threadguard.facts;

import java.io.Serializable;

/** A source range, 1-based lines and columns, as the editor shows them. */
public record Pos(int line, int column, int endLine, int endColumn) implements Serializable, Comparable<Pos> {

    public static final Pos NONE = new Pos(1, 1, 1, 1);

    public static Pos at(int line, int column) {
        return new Pos(line, column, line, column);
    }

    /** Whether {@code at} starts inside this range, both ends included. */
    public boolean contains(Pos at) {
        return compareTo(at) <= 0 && (at.line < endLine || at.line == endLine && at.column <= endColumn);
    }

    @Override
    public int compareTo(Pos o) {
        int c = Integer.compare(line, o.line);
        return c != 0 ? c : Integer.compare(column, o.column);
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
