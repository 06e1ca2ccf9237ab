package dev.threadguard.rules.guard;

import dev.threadguard.facts.CheckThenActPair;
import dev.threadguard.facts.FieldFacts;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.TypeName;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.facts.model.ConcurrentCollections;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.SourceType;
import dev.threadguard.index.ProgramIndex.Tri;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A concurrent map or queue tested and then changed in two calls with no lock around both
 * ({@code if (!m.containsKey(k)) m.put(k, v)}, {@code if (!q.isEmpty()) q.poll()}): each call is atomic,
 * the pair is not, and another thread can act in between.
 */
@RuleDescriptor(
        id = "check-then-act",
        family = Family.GUARD,
        severity = Severity.WARNING,
        summary = "A concurrent collection is tested and then changed in two calls that another thread can split.",
        enabledByDefault = false)
public final class CheckThenAct implements Rule {

    /** What is known of the collection: what it is, and how sure that is. */
    private record Kind(String label, Confidence confidence) {
    }

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            for (CheckThenActPair c : file.checkThenActs()) {
                if (c.confined() || c.checkLocks().stream().anyMatch(c.actLocks()::contains)) {
                    continue; // not shared yet, or one lock covers both calls
                }
                Kind kind = concurrent(index, file, c);
                if (kind == null) {
                    continue;
                }
                out.report(finding(file.path(), c.site())
                        .confidence(kind.confidence())
                        .message(message(c, kind))
                        .trace(new TraceStep(file.path(), c.actPos(),
                                "`" + c.act() + "` acts on the answer, which another thread may have changed by now")));
            }
        }
    }

    private static String message(CheckThenActPair c, Kind kind) {
        String where = " in `" + c.site().member() + "`";
        String low = kind.confidence() == Confidence.LOW ? " [type not resolved: matched by type name]" : "";
        if (c.kind() == CheckThenActPair.Kind.QUEUE_NOT_EMPTY) {
            return "`" + c.receiverText() + "` (" + kind.label() + ") is tested with `isEmpty()` and then taken from "
                    + "with `" + c.act() + "()`" + where + ": another consumer can empty it in between, so `"
                    + c.act() + "()` returns null or throws; call `poll()` once and test its result for null" + low;
        }
        String fix = c.atomic().equals("merge")
                ? "`merge(" + c.key() + ", ...)` or `compute(" + c.key() + ", ...)`"
                : "`computeIfAbsent(" + c.key() + ", ...)` or `putIfAbsent(" + c.key() + ", ...)`";
        return "`" + c.receiverText() + "` (" + kind.label() + ") is checked with `" + c.check() + "(" + c.key()
                + ")` and then written with `put`" + where + ": two threads can both find the key absent and both "
                + "put, the second overwriting the first; use " + fix + low;
    }

    /** The collection's kind when it is a concurrent one (or a synchronized wrapper); null otherwise. */
    private static Kind concurrent(ProgramIndex index, FileFacts file, CheckThenActPair c) {
        boolean map = c.kind() == CheckThenActPair.Kind.MAP_KEY_ABSENT;
        List<String> targets = map ? ConcurrentCollections.MAP_TYPES : ConcurrentCollections.QUEUE_TYPES;
        Set<String> names = map ? ConcurrentCollections.MAP_NAMES : ConcurrentCollections.QUEUE_NAMES;
        Optional<JavaType> declared = index.typeOf(c.receiver(), file, c.site().scopeType());
        Kind found = declared.map(t -> resolved(index, t, targets)).orElse(null);
        if (found != null && found.confidence() != null) {
            return found;
        }
        // A field declared as a plain Map but created concurrent is shared as a concurrent one.
        if (c.createdAs() != null) {
            if (map && c.createdAs().name().equals(ConcurrentCollections.SYNCHRONIZED_MAP_FACTORY)) {
                return new Kind("Collections.synchronizedMap", Confidence.MEDIUM);
            }
            Optional<JavaType> created = index.resolve(c.createdAs(), file, c.site().scopeType());
            Kind fromCreated = created.map(t -> resolved(index, t, targets)).orElse(null);
            if (fromCreated != null && fromCreated.confidence() != null) {
                return fromCreated;
            }
            if (created.isEmpty() && names.contains(c.createdAs().simpleName())) {
                return new Kind(c.createdAs().simpleName(), Confidence.LOW);
            }
        }
        if (found == null) {
            TypeName written = writtenType(index, file, c);
            if (written != null && names.contains(written.simpleName())) {
                return new Kind(written.simpleName(), Confidence.LOW);
            }
        }
        return null;
    }

    /**
     * A resolved type judged: a concurrent one, with high confidence; none (null confidence) when its whole
     * hierarchy resolves and it is not; null when the hierarchy is incomplete.
     */
    private static Kind resolved(ProgramIndex index, JavaType t, List<String> targets) {
        boolean unknown = false;
        for (String target : targets) {
            Tri answer = index.isSubtype(t, target);
            if (answer == Tri.YES) {
                return new Kind(simple(t.name()), Confidence.HIGH);
            }
            unknown |= answer == Tri.UNKNOWN;
        }
        return unknown ? null : new Kind(simple(t.name()), null);
    }

    private static String simple(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** The collection's type as written, for a local or a field of an enclosing type; null when unknown. */
    private static TypeName writtenType(ProgramIndex index, FileFacts file, CheckThenActPair c) {
        if (c.receiver() instanceof ValueRef.Declared d) {
            return d.type();
        }
        if (!(c.receiver() instanceof ValueRef.Name n)) {
            return null;
        }
        List<String> scopes = new ArrayList<>();
        for (String scope = c.site().scopeType(); scope != null; ) {
            scopes.add(scope);
            scope = index.sourceType(scope).map(SourceType::facts).map(t -> t.outerName()).orElse(null);
        }
        for (String scope : scopes) {
            Optional<SourceType> t = index.sourceType(scope);
            if (t.isEmpty()) {
                continue;
            }
            for (FieldFacts f : t.get().facts().fields()) {
                if (f.name().equals(n.name())) {
                    return f.type();
                }
            }
        }
        return null;
    }
}
