package dev.threadguard.source;

/**
 * A cheap lexing pass over a file's text, before it is parsed, that measures what makes JavaParser slow or
 * hungry: the number of tokens (memory grows with it, about half a kilobyte a token), the deepest nesting
 * of brackets (the parser recurses on it), and the deepest chain of blocks inside call arguments, such as
 * {@code e.submit(() -> { e.submit(() -> { ... }) })}. Each step down that chain multiplies the work of the
 * parser's lookahead by about two, so twenty steps take seconds and thirty never finish: the file is refused
 * before it is parsed, in a time linear in its length and whatever the machine.
 *
 * <p>The lexer knows comments, string and character literals and text blocks, so brackets in them do not
 * count. It does not decode Unicode escapes ({@code \u007B} for a brace); a file that hides its brackets that
 * way is still bounded by the wall-clock budget.
 */
public final class SourceScan {

    /** What the scan measured, with where each maximum was first reached (1-based line and column). */
    public record Result(int tokens, int depth, int depthLine, int depthColumn,
                         int blocksInCalls, int blocksLine, int blocksColumn) {
    }

    private SourceScan() {
    }

    public static Result scan(CharSequence text) {
        int n = text.length();
        // The bracket stack: per open bracket, the length of the chain of blocks inside call arguments so far,
        // and whether a '(' is open since the last '{' (a '{' opened then starts a new step of the chain).
        int[] chain = new int[64];
        boolean[] inCall = new boolean[64];
        // Per open bracket, the type arguments open in it: `Map<K, List<V>>` nests as deep as brackets do, and
        // the parser's work grows with the square of it. A '<' that is a comparison is counted too, until the
        // end of its expression (';', '=', '&&', '||', a brace) resets the count: an over-estimate, never less.
        int[] angles = new int[64];
        int top = 0; // chain[0] is the file itself
        int tokens = 0;
        int depth = 0;
        int depthLine = 1;
        int depthColumn = 1;
        int blocks = 0;
        int blocksLine = 1;
        int blocksColumn = 1;
        int line = 1;
        int lineStart = 0;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == n || text.charAt(i + 1) != '\n'))) {
                line++;
                lineStart = i + 1;
                i++;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
                i++;
                continue;
            }
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                i += 2;
                while (i < n && !(text.charAt(i) == '*' && i + 1 < n && text.charAt(i + 1) == '/')) {
                    if (text.charAt(i) == '\n' || (text.charAt(i) == '\r' && (i + 1 == n || text.charAt(i + 1) != '\n'))) {
                        line++;
                        lineStart = i + 1;
                    }
                    i++;
                }
                i += 2;
                continue;
            }
            tokens++;
            if (c == '"' && i + 2 < n && text.charAt(i + 1) == '"' && text.charAt(i + 2) == '"') {
                i += 3;
                while (i < n && !(text.charAt(i) == '"' && i + 2 < n && text.charAt(i + 1) == '"'
                        && text.charAt(i + 2) == '"')) {
                    char t = text.charAt(i);
                    if (t == '\n' || (t == '\r' && (i + 1 == n || text.charAt(i + 1) != '\n'))) {
                        line++;
                        lineStart = i + 1;
                    }
                    i += t == '\\' ? 2 : 1;
                }
                i += 3;
                continue;
            }
            if (c == '"' || c == '\'') {
                i++;
                // A literal cannot span lines: a line break ends it, as the parser will say.
                while (i < n && text.charAt(i) != c && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                continue;
            }
            if (Character.isJavaIdentifierPart(c)) {
                // An identifier, keyword or number (with its '.', exponent and suffix), as one token.
                boolean number = c >= '0' && c <= '9';
                i++;
                while (i < n) {
                    char d = text.charAt(i);
                    if (Character.isJavaIdentifierPart(d) || (number && d == '.')) {
                        i++;
                    } else {
                        break;
                    }
                }
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                if (++top == chain.length) {
                    chain = java.util.Arrays.copyOf(chain, top * 2);
                    inCall = java.util.Arrays.copyOf(inCall, top * 2);
                    angles = java.util.Arrays.copyOf(angles, top * 2);
                }
                angles[top] = 0;
                if (c == '{') {
                    chain[top] = chain[top - 1] + (inCall[top - 1] ? 1 : 0);
                    inCall[top] = false;
                    if (chain[top] > blocks) {
                        blocks = chain[top];
                        blocksLine = line;
                        blocksColumn = i - lineStart + 1;
                    }
                } else {
                    chain[top] = chain[top - 1];
                    inCall[top] = c == '(' || inCall[top - 1];
                }
                if (top > depth) {
                    depth = top;
                    depthLine = line;
                    depthColumn = i - lineStart + 1;
                }
            } else if ((c == ')' || c == ']' || c == '}') && top > 0) {
                top--;
                if (c == '}') {
                    angles[top] = 0;
                }
            } else if (c == '<') {
                char next = i + 1 < n ? text.charAt(i + 1) : ' ';
                if (next == '<' || next == '=') {
                    i++; // a shift or a comparison, not a type argument
                } else if (top + ++angles[top] > depth) {
                    depth = top + angles[top];
                    depthLine = line;
                    depthColumn = i - lineStart + 1;
                }
            } else if (c == '>') {
                int closing = 1;
                while (i + 1 < n && text.charAt(i + 1) == '>') {
                    closing++;
                    i++;
                }
                if (i + 1 < n && text.charAt(i + 1) == '=') {
                    i++; // >=, >>=, >>>=
                } else {
                    angles[top] = Math.max(0, angles[top] - closing);
                }
            } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '>') {
                i++; // the arrow of a lambda or a switch rule
            } else if (c == ';' || c == '=' || ((c == '&' || c == '|') && i + 1 < n && text.charAt(i + 1) == c)) {
                angles[top] = 0;
                if (c != ';' && c != '=') {
                    i++;
                }
            }
            i++;
        }
        return new Result(tokens, depth, depthLine, depthColumn, blocks, blocksLine, blocksColumn);
    }
}
