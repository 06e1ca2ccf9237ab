package dev.threadguard.source;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ParserConfiguration.LanguageLevel;
import com.github.javaparser.Position;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.CompilationUnit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads and parses Java source files the one way threadguard does it: strict UTF-8, the newest language
 * level JavaParser knows unless told otherwise, and no comment attribution (the rules do not need it;
 * {@code threadguard:ignore} comments are read from the text). Tokens stay on: JavaParser derives node
 * positions from them.
 */
public final class JavaSources {

    /** The language level used when none is given: the newest JavaParser supports. */
    public static final LanguageLevel NEWEST = LanguageLevel.BLEEDING_EDGE;

    private JavaSources() {
    }

    /** The parser configuration every parse of threadguard uses, the benchmark's parse-only run included. */
    public static ParserConfiguration configuration(LanguageLevel level) {
        return new ParserConfiguration()
                .setLanguageLevel(level)
                .setAttributeComments(false);
    }

    /**
     * Parses a language level as users write it: {@code 17}, {@code 21}, {@code 1.8}, {@code JAVA_21}.
     *
     * @throws IllegalArgumentException with a message listing what is accepted
     */
    public static LanguageLevel languageLevel(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.equals("NEWEST") || t.equals("LATEST") || t.equals("CURRENT")) {
            return NEWEST;
        }
        if (t.matches("1\\.([5-9]|\\d\\d)")) {
            t = t.substring(2); // 1.8 is Java 8; only 1.0 to 1.4 keep the "1." in JavaParser's names
        }
        if (!t.startsWith("JAVA_")) {
            t = "JAVA_" + t.replace('.', '_');
        }
        try {
            return LanguageLevel.valueOf(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown language level '" + text
                    + "' (expected a Java version such as 8, 11, 17, 21, 25)");
        }
    }

    /** The outcome of reading and parsing one file: a tree, or a diagnostic that says why not. */
    public record Parsed(CompilationUnit unit, String text, Diagnostic problem) {
    }

    /** Reads {@code file} and parses it; never throws for bad input. */
    public static Parsed parse(Path file, String displayPath, JavaParser parser) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return failed(displayPath, 1, 1, "cannot read: " + SourceDiscovery.reason(e));
        }
        if (bytes.length == 0) {
            return failed(displayPath, 1, 1, "file is empty");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                int[] lc = lineColumn(bytes, i);
                return failed(displayPath, lc[0], lc[1], "binary file: NUL byte at offset " + i);
            }
        }
        String text;
        try {
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (MalformedInputException e) {
            int offset = malformedOffset(bytes);
            int[] lc = lineColumn(bytes, offset);
            return failed(displayPath, lc[0], lc[1], "not valid UTF-8: bad byte 0x"
                    + String.format("%02X", bytes[offset] & 0xFF) + " at offset " + offset);
        } catch (CharacterCodingException e) {
            return failed(displayPath, 1, 1, "not valid UTF-8");
        }
        ParseResult<CompilationUnit> result;
        try {
            result = parser.parse(text);
        } catch (StackOverflowError e) {
            return failed(displayPath, 1, 1, "too deeply nested to parse");
        } catch (RuntimeException e) {
            return failed(displayPath, 1, 1, "parser failed: " + e);
        }
        if (!result.isSuccessful() || result.getResult().isEmpty()) {
            Problem p = result.getProblems().isEmpty() ? null : result.getProblems().get(0);
            int line = 1;
            int column = 1;
            String message = "syntax error";
            if (p != null) {
                message = firstLine(p.getMessage());
                Position begin = p.getLocation().flatMap(l -> l.toRange()).map(r -> r.begin).orElse(null);
                if (begin != null) {
                    line = begin.line;
                    column = begin.column;
                }
                if (result.getProblems().size() > 1) {
                    message += " (and " + (result.getProblems().size() - 1) + " more problems)";
                }
            }
            return failed(displayPath, line, column, message);
        }
        return new Parsed(result.getResult().get(), text, null);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = (nl < 0 ? s : s.substring(0, nl)).trim();
        return line.length() > 200 ? line.substring(0, 197) + "..." : line;
    }

    private static Parsed failed(String path, int line, int column, String message) {
        return new Parsed(null, null, new Diagnostic(path, line, column, message));
    }

    /** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
    static int malformedOffset(byte[] b) {
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            int n = c < 0x80 ? 0 : c >= 0xC2 && c < 0xE0 ? 1 : c >= 0xE0 && c < 0xF0 ? 2 : c >= 0xF0 && c < 0xF5 ? 3 : -1;
            if (n < 0) {
                return i;
            }
            for (int k = 1; k <= n; k++) {
                if (i + k >= b.length || (b[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += n + 1;
        }
        return Math.max(0, b.length - 1);
    }

    private static int[] lineColumn(byte[] b, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset && i < b.length; i++) {
            if (b[i] == '\n') {
                line++;
                column = 1;
            } else if ((b[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return new int[] {line, column};
    }
}
