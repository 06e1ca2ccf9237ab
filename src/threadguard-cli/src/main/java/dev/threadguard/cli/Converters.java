package dev.threadguard.cli;

import com.github.javaparser.ParserConfiguration.LanguageLevel;
import dev.threadguard.FailOn;
import dev.threadguard.ParseIsolation;
import dev.threadguard.report.ReportFormat;
import dev.threadguard.source.JavaSources;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.FileSystems;
import java.util.Arrays;
import java.util.Iterator;
import java.util.regex.PatternSyntaxException;

/**
 * Converters for the option values of {@code check}. Each rejects a bad value with a message in the
 * words of the manual, which picocli turns into the one-line usage error.
 */
public final class Converters {

    private Converters() {
    }

    /** {@code text}, {@code json} or {@code sarif}, in any case. */
    public static final class Format implements ITypeConverter<ReportFormat> {
        @Override
        public ReportFormat convert(String value) {
            for (ReportFormat format : ReportFormat.values()) {
                if (format.label().equalsIgnoreCase(value.trim())) {
                    return format;
                }
            }
            throw new TypeConversionException("unknown format '" + value + "' (expected "
                    + Suggestions.either(new FormatNames().list()) + ")");
        }
    }

    /** The format names, for the help text and for shell completion. */
    public static final class FormatNames implements Iterable<String> {
        java.util.List<String> list() {
            return Arrays.stream(ReportFormat.values()).map(ReportFormat::label).toList();
        }

        @Override
        public Iterator<String> iterator() {
            return list().iterator();
        }
    }

    /** {@code error}, {@code warning}, {@code note} or {@code none}, in any case. */
    public static final class Threshold implements ITypeConverter<FailOn> {
        @Override
        public FailOn convert(String value) {
            try {
                return FailOn.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The {@code --fail-on} values, for the help text and for shell completion. */
    public static final class ThresholdNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return FailOn.labels().iterator();
        }
    }

    /** {@code auto}, {@code always} or {@code never}, in any case. */
    public static final class Isolation implements ITypeConverter<ParseIsolation> {
        @Override
        public ParseIsolation convert(String value) {
            try {
                return ParseIsolation.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The {@code --isolate-parse} values, for the help text and for shell completion. */
    public static final class IsolationNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ParseIsolation.labels().iterator();
        }
    }

    /** A Java version as users write it ({@code 17}, {@code 1.8}, {@code newest}); the core decides. */
    public static final class Level implements ITypeConverter<LanguageLevel> {
        @Override
        public LanguageLevel convert(String value) {
            try {
                return JavaSources.languageLevel(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A charset name or alias the JVM knows, such as {@code UTF-8}, {@code latin1} or {@code Cp1252}. */
    public static final class Encoding implements ITypeConverter<Charset> {
        @Override
        public Charset convert(String value) {
            try {
                return Charset.forName(value.trim());
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw new TypeConversionException("unknown encoding '" + value
                        + "' (expected a charset name such as UTF-8, ISO-8859-1 or windows-1252)");
            }
        }
    }

    /** A thread count: a whole number of at least one. */
    public static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return dev.threadguard.source.FileLimits.parseCount(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * A glob as {@link java.nio.file.PathMatcher} understands it. Checked here so that a broken pattern is a
     * usage error before the analysis starts rather than a failure inside it.
     */
    public static final class Glob implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + value);
            } catch (PatternSyntaxException e) {
                throw new TypeConversionException("'" + value + "' is not a valid glob: " + e.getDescription());
            }
            return value;
        }
    }

    /** A time in seconds, decimals allowed ({@code 2.5}); 0 for none. */
    public static final class Seconds implements ITypeConverter<java.time.Duration> {
        @Override
        public java.time.Duration convert(String value) {
            try {
                return dev.threadguard.source.FileLimits.parseSeconds(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A size in bytes: {@code 800000}, {@code 800k}, {@code 5m} (units of 1024). */
    public static final class Size implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return dev.threadguard.source.FileLimits.parseSize(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
