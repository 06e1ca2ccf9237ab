package dev.threadguard.facts.model;

import java.util.Map;
import java.util.Set;

/**
 * JDK classes whose instances keep per-call state and must not be used by two threads at once, matched by
 * simple name, and what marks a class whose one instance serves many threads.
 */
public final class UnsafeToShare {

    /** The classes, with what goes wrong when two threads share one. */
    public static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("SimpleDateFormat", "keeps the date being formatted or parsed in a Calendar field"),
            Map.entry("DateFormat", "keeps the date being formatted or parsed in a Calendar field"),
            Map.entry("DecimalFormat", "keeps digits of the number being formatted in its own buffers"),
            Map.entry("NumberFormat", "keeps digits of the number being formatted in its own buffers"),
            Map.entry("MessageFormat", "formats through shared format objects and buffers"),
            Map.entry("ChoiceFormat", "formats through shared buffers"),
            Map.entry("Calendar", "changes its fields in place on every set and computation"),
            Map.entry("GregorianCalendar", "changes its fields in place on every set and computation"),
            Map.entry("MessageDigest", "accumulates the bytes of one digest between update() and digest()"),
            Map.entry("Mac", "accumulates the bytes of one MAC between update() and doFinal()"),
            Map.entry("Cipher", "keeps the state of one encryption between update() and doFinal()"),
            Map.entry("Signature", "accumulates the bytes of one signature between update() and sign()"),
            Map.entry("Matcher", "keeps the input and position of one match"),
            Map.entry("CharsetEncoder", "keeps the state of one encoding"),
            Map.entry("CharsetDecoder", "keeps the state of one decoding"),
            Map.entry("Deflater", "keeps the state of one compressed stream"),
            Map.entry("Inflater", "keeps the state of one compressed stream"));

    /** Calls that read nothing a concurrent call changes, or make a copy: {@code ((DateFormat) FMT.clone()).format(d)}. */
    public static final Set<String> HARMLESS_CALLS = Set.of(
            "clone", "getAlgorithm", "getDigestLength", "getProvider", "toPattern", "toLocalizedPattern",
            "toString", "hashCode", "equals", "getClass", "pattern");

    /** Annotations (simple names) of classes whose one instance serves every request thread. */
    public static final Set<String> SHARED_ANNOTATIONS = Set.of(
            "Component", "Service", "Repository", "Controller", "RestController", "Singleton", "ApplicationScoped",
            "WebServlet", "WebFilter", "ThreadSafe", "Path", "Endpoint");

    /** Supertypes (simple names) of classes whose one instance serves every request thread. */
    public static final Set<String> SHARED_SUPERTYPES = Set.of(
            "HttpServlet", "GenericServlet", "Servlet", "Filter", "HttpFilter");

    private UnsafeToShare() {
    }
}
