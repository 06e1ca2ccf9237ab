package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * What one body of code does with locks and calls, in order: a method, a constructor or initializer, or a
 * lambda or anonymous class that runs later on another thread (then it starts with no lock held).
 *
 * @param type      the qualified name of the declaring type
 * @param method    the method's name; {@code <init>} and the like for bodies no call reaches
 * @param declared  where the method is declared, as in its {@link MethodFacts#pos()}: with {@code type} and
 *                  {@code method} it names the body a resolved call reaches; null for bodies no call reaches
 * @param scopeType the type whose members resolve the names used in the body
 * @param member    what a reader calls the body: {@code Order.ship}
 * @param thread    the one thread the body is confined to by an annotation on it or a class around it
 *                  ({@code @UiThread}, {@code @MainThread}, {@code @ThreadConfined("UI")}, of any package):
 *                  {@code "main"}; null when any thread may run it ({@code @WorkerThread}, {@code @AnyThread},
 *                  no annotation, a lambda run later)
 */
public record LockBody(String type, String method, Pos declared, String scopeType, String member, List<LockOp> ops,
                       String thread) implements Serializable {

    /** The key under which a resolved call finds this body. */
    public String key() {
        return key(type, method, declared);
    }

    public static String key(String type, String method, Pos declared) {
        return type + "#" + method + "@" + declared.line() + ":" + declared.column();
    }
}
