package dev.threadguard.facts;

import java.io.Serializable;

/**
 * What the task handed to an executor looks like, so that a rule can tell whether the task reports its
 * own failures.
 *
 * @param kind        the form of the argument
 * @param methodName  for a method reference, the method it names
 * @param target      for a method reference, what the method is looked up on
 */
public record TaskShape(Kind kind, String methodName, ValueRef target) implements Serializable {

    /** The forms a task argument takes. */
    public enum Kind {
        /** No task argument, or one the analysis does not look into. */
        OPAQUE,
        /** A lambda or anonymous class whose whole body is a try that catches every exception. */
        CATCHES_ALL,
        /** A method reference; whether it catches everything is answered by the index. */
        METHOD_REFERENCE,
        /**
         * A lambda or anonymous class that does not catch everything and whose body ends in a loop: a worker
         * that runs for long, whose failure ends its work unseen.
         */
        WORKER_LOOP
    }

    public static final TaskShape OPAQUE = new TaskShape(Kind.OPAQUE, null, null);
    public static final TaskShape CATCHES_ALL = new TaskShape(Kind.CATCHES_ALL, null, null);
    public static final TaskShape WORKER_LOOP = new TaskShape(Kind.WORKER_LOOP, null, null);
}
