package dev.threadguard.source;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ParserConfiguration.LanguageLevel;
import com.github.javaparser.Position;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.type.ClassOrInterfaceType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and parses Java source files the one way threadguard does it: strict decoding in the source
 * encoding (UTF-8 unless told otherwise), the newest language level JavaParser knows unless told
 * otherwise, and no comment attribution (the rules do not need it; {@code threadguard:ignore} comments are
 * read from the text). Tokens stay on: JavaParser derives node positions from them.
 */
public final class JavaSources {

    /** The language level used when none is given: the newest JavaParser supports. */
    public static final LanguageLevel NEWEST = LanguageLevel.BLEEDING_EDGE;

    /** The source encoding used when none is given: UTF-8, javac's default since JDK 18. */
    public static final Charset DEFAULT_ENCODING = StandardCharsets.UTF_8;

    /** {@code JAVA_17} or {@code JAVA_1_4}: the releases; previews and JavaParser's aliases are left out. */
    private static final Pattern RELEASE = Pattern.compile("JAVA_(1_\\d|\\d+)");

    /** The message JavaParser's validators give for a feature of another release than the one parsed. */
    private static final Pattern UPGRADE = Pattern.compile(
            "(?s)(.*?)\\.?\\s*Pay attention that this feature is (supported starting from|no longer supported "
                    + "since) '(\\w+)' language level\\..*");

    /** The lexer's message, which carries the position that the problem itself lacks. */
    private static final Pattern LEXICAL = Pattern.compile(
            "(?s)Lexical error at line (\\d+), column (\\d+)\\.\\s*Encountered: (<EOF>|\"(.*?)\" \\(\\d+\\)),? after.*");

    /** Where the parser's list of expected tokens starts; the list names every token that could follow. */
    private static final Pattern EXPECTED = Pattern.compile(
            "(?s)(.*?),?\\s*(expected one of|Was expecting one of:|Was expecting:)\\s*(.*)");

    /** Up to this many expected tokens are worth reading; a longer list says nothing a person can use. */
    private static final int MAX_EXPECTED = 4;

    private JavaSources() {
    }

    /** The parser configuration every parse of threadguard uses, the benchmark's parse-only run included. */
    public static ParserConfiguration configuration(LanguageLevel level) {
        return new ParserConfiguration()
                .setLanguageLevel(level)
                .setAttributeComments(false);
    }

    /**
     * Parses a language level as users write it: {@code 17}, {@code 21}, {@code 1.8}, {@code JAVA_21},
     * {@code newest}. Every release JavaParser validates is accepted, from 1.0 to the newest; preview levels
     * are not.
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
        for (LanguageLevel level : releases()) {
            if (level.name().equals(t)) {
                return level;
            }
        }
        throw new IllegalArgumentException("unknown language level '" + text + "' (expected "
                + acceptedLanguageLevels() + ")");
    }

    /**
     * What {@link #languageLevel} accepts, for messages and help: with JavaParser 3.28.2,
     * {@code 1.0 to 1.4, 5 to 26, or newest}.
     */
    public static String acceptedLanguageLevels() {
        List<String> old = new ArrayList<>();
        List<String> modern = new ArrayList<>();
        for (LanguageLevel level : releases()) {
            String v = version(level);
            (v.startsWith("1.") ? old : modern).add(v);
        }
        return range(old) + ", " + range(modern) + ", or newest";
    }

    private static String range(List<String> versions) {
        return versions.size() == 1 ? versions.get(0) : versions.get(0) + " to " + versions.get(versions.size() - 1);
    }

    /** JavaParser's releases in order, oldest first; the enum lists them that way. */
    private static List<LanguageLevel> releases() {
        return Arrays.stream(LanguageLevel.values()).filter(l -> RELEASE.matcher(l.name()).matches()).toList();
    }

    /** The Java version of a level as people write it: {@code 8}, {@code 21}, {@code 1.4}. */
    public static String version(LanguageLevel level) {
        return versionOf(level.name());
    }

    private static String versionOf(String levelName) {
        String v = levelName.startsWith("JAVA_") ? levelName.substring(5) : levelName;
        if (v.startsWith("1_")) {
            v = "1." + v.substring(2);
        }
        return v.replace("_PREVIEW", " (preview)").replace('_', '.');
    }

    /** The outcome of reading and parsing one file: a tree, or a diagnostic that says why not. */
    public record Parsed(CompilationUnit unit, String text, Diagnostic problem) {
    }

    /** Reads {@code file} as UTF-8 and parses it; never throws for bad input. */
    public static Parsed parse(Path file, String displayPath, JavaParser parser) {
        return parse(file, displayPath, parser, DEFAULT_ENCODING);
    }

    /** Reads {@code file}, strictly decoded in {@code encoding}, and parses it; never throws for bad input. */
    public static Parsed parse(Path file, String displayPath, JavaParser parser, Charset encoding) {
        Source source = read(file, displayPath, encoding, FileLimits.NONE);
        return source.problem() != null ? new Parsed(null, null, source.problem())
                : parse(source.text(), displayPath, parser);
    }

    /**
     * A file's text, ready to parse, with what {@link SourceScan} measured of it and the bytes it was decoded
     * from (what the facts cache hashes, so that a file is read once); or the diagnostic that says why it
     * cannot be read or is not worth parsing.
     */
    public record Source(String text, SourceScan.Result scan, Diagnostic problem, byte[] bytes) {
    }

    /**
     * Reads {@code file}, strictly decoded in {@code encoding}, and scans it; a file above one of the
     * {@code limits} of size, tokens or nesting is refused before it is parsed. Never throws for bad input.
     */
    public static Source read(Path file, String displayPath, Charset encoding, FileLimits limits) {
        Source raw = readBytes(file, displayPath, limits);
        return raw.problem() != null ? raw : decode(raw.bytes(), displayPath, encoding, limits);
    }

    /**
     * Reads {@code file}'s bytes, refusing a file above the size limit: a {@link Source} with only
     * {@link Source#bytes()} set, or the problem. The facts cache looks a file up by these bytes before they
     * are decoded, so that a file found there is neither decoded nor scanned.
     */
    public static Source readBytes(Path file, String displayPath, FileLimits limits) {
        try {
            String tooLarge = limits.checkSize(Files.size(file));
            if (tooLarge != null) {
                return new Source(null, null, new Diagnostic(displayPath, 1, 1, tooLarge), null);
            }
            return new Source(null, null, null, Files.readAllBytes(file));
        } catch (IOException e) {
            return refused(displayPath, 1, 1, "cannot read: " + SourceDiscovery.reason(e));
        } catch (OutOfMemoryError e) {
            // A file that grew past the limit between the two looks, or a limit set above the heap.
            return refused(displayPath, 1, 1, "file too large to read into memory (see --max-file-size)");
        }
    }

    /** Decodes and scans the {@code bytes} read by {@link #readBytes}: the text ready to parse, or the problem. */
    public static Source decode(byte[] bytes, String displayPath, Charset encoding, FileLimits limits) {
        if (bytes.length == 0) {
            return refused(displayPath, 1, 1, "file is empty");
        }
        // Binary files are rarely valid in any encoding; looking for NUL first says what they are. Only where
        // a NUL byte is a NUL character: in UTF-16 half the bytes of plain ASCII text are zero.
        if (nulIsOneZeroByte(encoding)) {
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == 0) {
                    int[] lc = lineColumn(decodePrefix(bytes, i, encoding));
                    return refused(displayPath, lc[0], lc[1], "binary file: NUL byte at offset " + i);
                }
            }
        }
        CharsetDecoder decoder = encoding.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // maxCharsPerByte bounds the output, so the buffer never overflows.
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(bytes.length * (double) decoder.maxCharsPerByte()) + 4);
        CoderResult coded = decoder.decode(in, out, true);
        if (coded.isUnderflow()) {
            coded = decoder.flush(out);
        }
        if (coded.isError()) {
            int offset = in.position();
            int[] lc = lineColumn(out.flip());
            return refused(displayPath, lc[0], lc[1], "not valid " + encoding.name() + ": bad byte 0x"
                    + String.format("%02X", bytes[offset] & 0xFF) + " at offset " + offset + " (see --encoding)");
        }
        String text = out.flip().toString();
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            int[] lc = lineColumn(CharBuffer.wrap(text, 0, nul));
            return refused(displayPath, lc[0], lc[1], "binary file: NUL character");
        }
        // A byte-order mark is not Java text; left in, it would shift every column of line 1 by one. javac
        // skips one, and only one: a second is an illegal character.
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
            if (text.startsWith("\uFEFF")) {
                return refused(displayPath, 1, 1, "two byte-order marks at the start of the file (javac accepts one)");
            }
        }
        SourceScan.Result scan = SourceScan.scan(text);
        Diagnostic over = limits.check(displayPath, scan);
        return over != null ? new Source(null, scan, over, null) : new Source(text, scan, null, bytes);
    }

    private static Source refused(String path, int line, int column, String message) {
        return new Source(null, null, new Diagnostic(path, line, column, message), null);
    }

    /** Parses {@code text}, read by {@link #read}; never throws for bad input. */
    public static Parsed parse(String text, String displayPath, JavaParser parser) {
        LanguageLevel level = parser.getParserConfiguration().getLanguageLevel();
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
                Position begin = p.getLocation().flatMap(l -> l.toRange()).map(r -> r.begin).orElse(null);
                if (begin != null) {
                    line = begin.line;
                    column = begin.column;
                }
                Matcher lexical = LEXICAL.matcher(p.getMessage());
                if (lexical.matches()) {
                    // The lexer's problems carry no location; its message has the exact one.
                    line = Math.max(1, Integer.parseInt(lexical.group(1)));
                    // Column 0 is the lexer's for the end of a file that ends with a line break.
                    column = Math.max(1, Integer.parseInt(lexical.group(2)));
                }
                message = message(p.getMessage());
                if (result.getProblems().size() > 1) {
                    message += " (and " + (result.getProblems().size() - 1) + " more problems)";
                }
            }
            return failed(displayPath, line, column, message + unsupported(text, line, message) + parsedAs(level));
        }
        CompilationUnit unit = result.getResult().get();
        Optional<ClassOrInterfaceType> var = varAsTypeName(unit, level);
        if (var.isPresent()) {
            Position begin = var.get().getBegin().orElse(new Position(1, 1));
            return failed(displayPath, begin.line, begin.column,
                    "`var` is not supported before Java 10" + parsedAs(level));
        }
        return new Parsed(unit, text, null);
    }

    /**
     * A hint when the error is at a construct that is valid Java but that the parser does not support: a
     * local enum (Java 16), which JavaParser 3.28.2, the newest there is, cannot parse (local records and
     * interfaces it can).
     */
    private static String unsupported(String text, int line, String message) {
        if (!message.startsWith("Parse error")) {
            return "";
        }
        String[] lines = text.split("\\R", line + 1);
        if (lines.length >= line && LOCAL_ENUM.matcher(lines[line - 1]).find()) {
            return "; a local enum, valid since Java 16, is not supported by the parser threadguard uses "
                    + "(JavaParser 3.28.2): move the enum out of the method";
        }
        return "";
    }

    /** An enum declaration on the line where the parser failed, which is inside a method. */
    private static final Pattern LOCAL_ENUM = Pattern.compile("(^|[\\s;{}])enum\\s+\\w+\\s*(implements\\b.*)?\\{");

    /**
     * Before Java 10 JavaParser reads {@code var x = ...} as a local of a class named {@code var}: legal
     * then, but a class of that name is almost never what is meant, and the analysis would silently take
     * the class for the variable's type instead of the initializer's. Java 10 reserved the name.
     */
    private static Optional<ClassOrInterfaceType> varAsTypeName(CompilationUnit unit, LanguageLevel level) {
        if (level.ordinal() >= LanguageLevel.JAVA_10.ordinal()) {
            return Optional.empty();
        }
        return unit.findFirst(ClassOrInterfaceType.class, t -> t.getNameAsString().equals("var")
                && t.getScope().isEmpty() && t.getTypeArguments().isEmpty());
    }

    /**
     * Why a file failed may be the level it was parsed at rather than its text: said, with the option that
     * changes it, whenever the level is not the newest.
     */
    private static String parsedAs(LanguageLevel level) {
        return level == NEWEST ? "" : " (parsed as Java " + version(level) + "; see --language-level)";
    }

    /**
     * JavaParser's message made readable on one line: the expected-token list, which can name sixty tokens,
     * kept only when short; a validator's advice about configuring the language level replaced by the Java
     * version it names; the lexer's position left out, as the diagnostic carries it.
     */
    static String message(String raw) {
        Matcher upgrade = UPGRADE.matcher(raw);
        if (upgrade.matches()) {
            String when = upgrade.group(2).startsWith("supported") ? " before Java " : " since Java ";
            return upgrade.group(1).strip() + when + versionOf(upgrade.group(3));
        }
        Matcher lexical = LEXICAL.matcher(raw);
        if (lexical.matches()) {
            String character = lexical.group(4);
            // The lexer meets the end of the file only inside a token: a comment, string or text block; and a
            // line break only inside a string or character literal, which cannot span lines.
            if (character == null) {
                return "the file ends inside a comment or literal that is not closed";
            }
            if (character.equals("\\n") || character.equals("\\r")) {
                return "the line ends inside a string or character literal";
            }
            return "unexpected character \"" + character + "\"";
        }
        String text = raw.strip();
        Matcher expected = EXPECTED.matcher(text);
        if (expected.matches()) {
            List<String> tokens = tokens(expected.group(3));
            text = expected.group(1).strip();
            if (!tokens.isEmpty() && tokens.size() <= MAX_EXPECTED) {
                text += tokens.size() == 1 ? ", expected " + tokens.get(0)
                        : ", expected one of " + String.join(" ", tokens);
            }
        }
        text = firstLine(text).replaceAll("\\s+", " ");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /** The tokens of JavaParser's list: quoted literals such as {@code "\"\"\""}, or names in angle brackets. */
    private static List<String> tokens(String list) {
        List<String> tokens = new ArrayList<>();
        Matcher m = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|<[A-Z_]+>").matcher(list);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = (nl < 0 ? s : s.substring(0, nl)).trim();
        return line.length() > 200 ? line.substring(0, 197) + "..." : line;
    }

    private static Parsed failed(String path, int line, int column, String message) {
        return new Parsed(null, null, new Diagnostic(path, line, column, message));
    }

    private static boolean nulIsOneZeroByte(Charset encoding) {
        return encoding.canEncode() && Arrays.equals("\0".getBytes(encoding), new byte[] {0});
    }

    /** The text of {@code bytes[0, end)}, decoded leniently: only to count lines and columns. */
    private static CharBuffer decodePrefix(byte[] bytes, int end, Charset encoding) {
        return CharBuffer.wrap(new String(bytes, 0, end, encoding));
    }

    /** The line and column just after {@code text}, counted as JavaParser counts them: one column per char. */
    private static int[] lineColumn(CharSequence text) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                column = 1;
            } else if (c != '\r') {
                column++;
            }
        }
        return new int[] {line, column};
    }
}
