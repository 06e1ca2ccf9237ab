package dev.threadguard.rules.guard;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SharedNonThreadSafeTest {

    @TempDir
    Path dir;

    @Test
    void sharedInstancesUsedWithoutALock() {
        RuleTester.forRule(SharedNonThreadSafe.class, dir).source("""
                package s;

                import java.security.MessageDigest;
                import java.text.DateFormat;
                import java.text.SimpleDateFormat;
                import java.util.Calendar;
                import java.util.Date;
                import java.util.concurrent.ExecutorService;
                import java.util.regex.Matcher;
                import java.util.regex.Pattern;

                class Formats {
                    private static final SimpleDateFormat DAY = new SimpleDateFormat("yyyy-MM-dd");
                    private static final DateFormat STAMP = DateFormat.getDateTimeInstance();
                    private static final Matcher DIGITS = Pattern.compile("\\\\d+").matcher("");
                    private final MessageDigest sha;
                    private final Calendar calendar = Calendar.getInstance();

                    Formats(MessageDigest sha) {
                        this.sha = sha;
                        DAY.setLenient(false);
                    }

                    static String day(Date d) {
                        // BUG: shared-non-thread-safe contains "uses `Formats.DAY`, a static field of type `SimpleDateFormat`, with no lock held"
                        return DAY.format(d);
                    }

                    static String dayAgain(Date d) {
                        return DAY.format(d);
                    }

                    String stamp(Date d) {
                        // BUG: shared-non-thread-safe contains "`DateFormat`"
                        return STAMP.format(d);
                    }

                    static boolean numeric(String s) {
                        // BUG: shared-non-thread-safe contains "keeps the input and position of one match"
                        return DIGITS.reset(s).matches();
                    }

                    void hashLater(ExecutorService pool, byte[] data) {
                        // BUG: shared-non-thread-safe contains "a field used by code that runs on another thread"
                        pool.submit(() -> sha.digest(data));
                    }

                    int hour(Date d) {
                        calendar.setTime(d);
                        return calendar.get(Calendar.HOUR_OF_DAY);
                    }
                }
                """).source("""
                package s;

                import java.text.SimpleDateFormat;
                import java.util.Date;

                @Service
                class ReportService {
                    private final SimpleDateFormat header = new SimpleDateFormat("dd MMM yyyy");

                    String title(Date d) {
                        // BUG: shared-non-thread-safe contains "a field of a class whose one instance serves many threads"
                        return "Report of " + header.format(d);
                    }
                }

                @interface Service {
                }
                """).expectMarkedFindings();
    }

    @Test
    void localsThreadLocalsLocksAndCopies() {
        RuleTester.forRule(SharedNonThreadSafe.class, dir).source("""
                package s;

                import java.text.SimpleDateFormat;
                import java.time.format.DateTimeFormatter;
                import java.util.Date;
                import java.util.regex.Pattern;

                class SafeFormats {
                    private static final ThreadLocal<SimpleDateFormat> DAY =
                            ThreadLocal.withInitial(() -> new SimpleDateFormat("yyyy-MM-dd"));
                    private static final SimpleDateFormat LOCKED = new SimpleDateFormat("yyyy-MM-dd");
                    private static final SimpleDateFormat TEMPLATE = new SimpleDateFormat("yyyy-MM-dd");
                    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_LOCAL_DATE;
                    private static final Pattern DIGITS = Pattern.compile("\\\\d+");
                    private final SimpleDateFormat confined = new SimpleDateFormat("HH:mm");

                    static String day(Date d) {
                        return DAY.get().format(d);
                    }

                    static String local(Date d) {
                        SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd");
                        return f.format(d);
                    }

                    static String locked(Date d) {
                        synchronized (LOCKED) {
                            return LOCKED.format(d);
                        }
                    }

                    static synchronized String lockedMethod(Date d) {
                        return LOCKED.format(d);
                    }

                    static String copied(Date d) {
                        return ((SimpleDateFormat) TEMPLATE.clone()).format(d);
                    }

                    static String iso(java.time.LocalDate d) {
                        return ISO.format(d);
                    }

                    static boolean numeric(String s) {
                        return DIGITS.matcher(s).matches();
                    }

                    String time(Date d) {
                        return confined.format(d);
                    }
                }
                """).source("""
                package s;

                class SimpleDateFormat {
                    String format(Object o) {
                        return "";
                    }
                }
                """).source("""
                package s.own;

                import s.SimpleDateFormat;

                class OwnFormat {
                    private static final SimpleDateFormat MINE = new SimpleDateFormat();

                    static String day(Object d) {
                        return MINE.format(d);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aStaticFormatIsHighAMessageFormatMedium() {
        List<Finding> findings = RuleTester.forRule(SharedNonThreadSafe.class, dir).source("""
                package s;

                import java.text.MessageFormat;
                import java.text.SimpleDateFormat;
                import java.util.Date;

                public class Stamps {
                    private static final SimpleDateFormat DAY = new SimpleDateFormat("yyyy-MM-dd");
                    private static final MessageFormat LINE = new MessageFormat("{0} of {1}");

                    public static String day(Date d) {
                        // BUG: shared-non-thread-safe contains "`Stamps.DAY`"
                        return DAY.format(d);
                    }

                    public static String line(Object a, Object b) {
                        // BUG: shared-non-thread-safe contains "`Stamps.LINE`"
                        return LINE.format(new Object[] {a, b});
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).extracting(f -> (f.message().contains("Stamps.DAY") ? "DAY " : "LINE ") + f.confidence())
                .containsExactlyInAnyOrder("DAY HIGH", "LINE MEDIUM");
    }
}
