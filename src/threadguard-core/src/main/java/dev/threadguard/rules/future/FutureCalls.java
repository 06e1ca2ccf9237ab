package dev.threadguard.rules.future;

import dev.threadguard.facts.Argument;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.MethodFacts;
import dev.threadguard.facts.Site;
import dev.threadguard.facts.TaskShape;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.facts.model.Futures;
import dev.threadguard.facts.model.Tasks;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.MethodMatch;
import dev.threadguard.index.ProgramIndex.Tri;
import dev.threadguard.rules.Confidence;

import java.util.List;
import java.util.Optional;

/**
 * What the future rules share: deciding whether a call yields a {@code Future}, a {@code CompletionStage}
 * or a list of futures, whether its receiver is an executor, and whether its task reports its own failures.
 */
final class FutureCalls {

    static final String FUTURE = "java.util.concurrent.Future";
    static final String STAGE = "java.util.concurrent.CompletionStage";
    static final String EXECUTOR = "java.util.concurrent.Executor";
    static final String COMPLETION_SERVICE = "java.util.concurrent.CompletionService";
    static final String COMPLETABLE_FUTURE = "java.util.concurrent.CompletableFuture";

    private FutureCalls() {
    }

    /** What a call's result is, for these rules. */
    enum Kind { OTHER, FUTURE, STAGE, FUTURE_LIST }

    /**
     * The classification of one call.
     *
     * @param receiver     the receiver's type when it resolves
     * @param returnText   the declared return type for messages, when the method resolved
     * @param projectMethod the resolved method is declared in the analysed sources
     * @param observedElsewhere the resolved method takes a completion handler, callback or listener, or
     *                     registers one on the future it returns: the outcome is looked at there, whatever
     *                     becomes of the returned future
     */
    record Classified(Kind kind, Confidence confidence, Optional<JavaType> receiver, String returnText,
                      boolean projectMethod, boolean observedElsewhere) {
        boolean isFutureLike() {
            return kind != Kind.OTHER;
        }
    }

    static Classified classify(ProgramIndex index, FileFacts file, Site site, ValueRef.Call call, String targetText) {
        String scope = site.scopeType();
        Optional<JavaType> receiver = call.target() == null
                ? index.sourceType(scope).map(t -> (JavaType) t)
                : index.typeOf(call.target(), file, scope);
        List<MethodMatch> matches = index.callTargets(call, file, scope);
        if (call.target() == null && !matches.isEmpty()) {
            receiver = Optional.of(matches.get(0).declaringType()); // the class, an outer class, or a static import
        }
        if (!matches.isEmpty()) {
            Kind kind = Kind.OTHER;
            int futureLike = 0;
            Confidence confidence = Confidence.HIGH;
            String returnText = matches.get(0).returnText();
            boolean project = matches.get(0).source() != null;
            for (MethodMatch m : matches) {
                Kind k = kindOf(index, m);
                if (k == Kind.OTHER && m.returnType().isEmpty() && looksLikeFuture(m.returnText())) {
                    k = m.returnText().contains("Stage") || m.returnText().startsWith("CompletableFuture")
                            ? Kind.STAGE : Kind.FUTURE;
                    confidence = Confidence.LOW;
                }
                if (k != Kind.OTHER) {
                    futureLike++;
                    kind = k;
                    returnText = m.returnText();
                    project = m.source() != null;
                }
            }
            if (kind == Kind.OTHER && call.name().equals("invokeAll") && isExecutor(index, receiver) == Tri.YES) {
                kind = Kind.FUTURE_LIST;
                futureLike = matches.size();
            }
            if (kind != Kind.OTHER && futureLike < matches.size() && confidence == Confidence.HIGH) {
                confidence = Confidence.MEDIUM;
            }
            boolean callback = false;
            for (MethodMatch m : matches) {
                for (String p : m.parameterTypes()) {
                    callback |= Futures.CALLBACK_PARAMETER_SUFFIXES.stream().anyMatch(p::endsWith);
                }
                callback |= returnObserved(index, m, 0);
            }
            return new Classified(kind, confidence, receiver, returnText, project, callback);
        }
        // The method did not resolve. A receiver whose whole hierarchy is known has no such method worth
        // reporting; otherwise fall back on the method's name.
        if (receiver.isPresent() && index.hierarchyComplete(receiver.get())) {
            return new Classified(Kind.OTHER, Confidence.HIGH, receiver, null, false, false);
        }
        String name = call.name();
        if (Tasks.FUTURE_SUBMISSIONS.contains(name) && (isExecutor(index, receiver) == Tri.YES
                || Tasks.EXECUTOR_NAME.matcher(targetText).matches()
                || receiver.map(t -> Tasks.EXECUTOR_NAME.matcher(t.name()).matches()).orElse(false))) {
            return new Classified(name.equals("invokeAll") ? Kind.FUTURE_LIST : Kind.FUTURE, Confidence.LOW,
                    receiver, null, false, false);
        }
        if (Futures.STAGE_METHODS.contains(name)
                || (name.equals("runAsync") || name.equals("supplyAsync")) && targetText.endsWith("CompletableFuture")) {
            return new Classified(Kind.STAGE, Confidence.LOW, receiver, null, false, false);
        }
        return new Classified(Kind.OTHER, Confidence.LOW, receiver, null, false, false);
    }

    private static Kind kindOf(ProgramIndex index, MethodMatch m) {
        if (m.returnType().isEmpty()) {
            return Kind.OTHER;
        }
        JavaType t = m.returnType().get();
        if (index.isSubtype(t, STAGE) == Tri.YES) {
            return Kind.STAGE;
        }
        if (index.isSubtype(t, FUTURE) == Tri.YES) {
            return Kind.FUTURE;
        }
        return Kind.OTHER;
    }

    private static boolean looksLikeFuture(String text) {
        if (text == null) {
            return false;
        }
        int lt = text.indexOf('<');
        String raw = lt < 0 ? text : text.substring(0, lt);
        return raw.endsWith("Future") || raw.endsWith("CompletionStage");
    }

    /**
     * Whether a project method registers a listener or failure handler on the future it returns, itself or
     * through the method it delegates to ({@code return send(p, true);}), a few calls deep.
     */
    private static boolean returnObserved(ProgramIndex index, MethodMatch m, int depth) {
        MethodFacts source = m.source();
        if (source == null) {
            return false;
        }
        if (source.returnObserved()) {
            return true;
        }
        if (depth == 0) {
            // The method it implements or overrides may say so (@CanIgnoreReturnValue on an interface method).
            for (JavaType sup : index.supertypes(m.declaringType())) {
                for (MethodMatch over : index.methods(sup, source.name(), source.parameterTypes().size())) {
                    if (over.source() != null && over.source().returnObserved()) {
                        return true;
                    }
                }
            }
        }
        if (source.returnDelegate() == null || depth >= 3) {
            return false;
        }
        String[] delegate = source.returnDelegate().split("/");
        for (MethodMatch next : index.methods(m.declaringType(), delegate[0], Integer.parseInt(delegate[1]))) {
            if (returnObserved(index, next, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a type is a {@code Future} or a {@code CompletionStage}. */
    static boolean isFutureType(ProgramIndex index, Optional<JavaType> t) {
        return t.isPresent() && (index.isSubtype(t.get(), FUTURE) == Tri.YES || index.isSubtype(t.get(), STAGE) == Tri.YES);
    }

    /**
     * Whether the code stands inside an implementation of {@code Future} or {@code CompletionStage} (or a
     * type nested in one). Such code handles futures as its own data, and what it drops it completes or
     * reads elsewhere by design.
     */
    static boolean insideFutureImplementation(ProgramIndex index, Site site) {
        for (Optional<ProgramIndex.SourceType> t = index.sourceType(site.scopeType()); t.isPresent();
             t = t.get().facts().outerName() == null ? Optional.empty() : index.sourceType(t.get().facts().outerName())) {
            if (isFutureType(index, Optional.of(t.get()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the call is handed a future the caller already holds (a variable or field of a Future type),
     * as in {@code pool.submit(task); task.join();}: what it returns is that future, or one whose outcome
     * the held one carries.
     */
    static boolean handsOverHeldFuture(ProgramIndex index, FileFacts file, Site site, List<Argument> arguments) {
        for (Argument a : arguments) {
            if (a.held() && isFutureType(index, index.typeOf(a.value(), file, site.scopeType()))) {
                return true;
            }
        }
        return false;
    }

    /** Whether some argument is itself a Future: a task that records its own outcome. */
    static boolean taskIsAFuture(ProgramIndex index, FileFacts file, Site site, List<Argument> arguments) {
        for (Argument a : arguments) {
            if (isFutureType(index, index.typeOf(a.value(), file, site.scopeType()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a method's name says it hands out an existing future rather than starting work: a getter, or a
     * collection's element access. A variable that only aliases such a future owns nothing.
     */
    static boolean looksLikeAccessor(String name) {
        for (String prefix : Futures.ACCESSOR_PREFIXES) {
            if (name.equals(prefix) || name.startsWith(prefix) && Character.isUpperCase(name.charAt(prefix.length()))) {
                return true;
            }
        }
        return Futures.ACCESSORS.contains(name);
    }

    static Tri isExecutor(ProgramIndex index, Optional<JavaType> t) {
        return t.map(x -> index.isSubtype(x, EXECUTOR)).orElse(Tri.UNKNOWN);
    }

    static Tri is(ProgramIndex index, Optional<JavaType> t, String type) {
        return t.map(x -> index.isSubtype(x, type)).orElse(Tri.UNKNOWN);
    }

    /** Whether the task passed to a submission catches every exception itself. */
    static boolean taskReportsOwnFailures(ProgramIndex index, FileFacts file, Site site, TaskShape task,
                                          List<Argument> arguments) {
        if (task.kind() == TaskShape.Kind.CATCHES_ALL) {
            return true;
        }
        // A task object (new Job(...), or a variable holding one) whose run() or call() guards itself.
        for (Argument a : arguments) {
            Optional<JavaType> t = index.typeOf(a.value(), file, site.scopeType());
            if (t.isPresent() && (guardedEntry(index, t.get(), "run") || guardedEntry(index, t.get(), "call"))) {
                return true;
            }
        }
        if (task.kind() != TaskShape.Kind.METHOD_REFERENCE) {
            return false;
        }
        Optional<JavaType> owner = index.typeOf(task.target(), file, site.scopeType());
        if (owner.isEmpty() || !(owner.get() instanceof ProgramIndex.SourceType s)) {
            return false;
        }
        boolean any = false;
        for (MethodFacts m : s.facts().methods()) {
            if (m.name().equals(task.methodName())) {
                if (!m.catchesAll()) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    private static boolean guardedEntry(ProgramIndex index, JavaType t, String name) {
        List<MethodMatch> found = index.methods(t, name, 0);
        return !found.isEmpty() && found.stream().allMatch(m -> m.source() != null && m.source().catchesAll());
    }

    /** How a receiver is described in a message: its simple type name, when known. */
    static String typeLabel(Optional<JavaType> t) {
        if (t.isEmpty()) {
            return "";
        }
        String name = t.get().name();
        return " (" + name.substring(name.lastIndexOf('.') + 1) + ")";
    }

    static String confidenceNote(Confidence c) {
        return c == Confidence.LOW ? " [type not resolved: matched by method name]" : "";
    }

    /** Variable names that say the value is dropped on purpose. */
    static boolean namedUnused(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.equals("_") || n.startsWith("unused") || n.startsWith("ignored") || n.equals("ignore");
    }
}
