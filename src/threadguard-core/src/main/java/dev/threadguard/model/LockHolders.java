package dev.threadguard.model;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.ObjectFlow;
import dev.threadguard.index.ProgramIndex;

import java.util.HashMap;
import java.util.Map;

/**
 * Classes whose objects hold a lock from construction to {@code close()}, for try-with-resources: a class
 * of the program whose constructor leaves one of its lock fields locked (taken on the field, or on the
 * constructor parameter the field is filled from) and whose {@code close()} unlocks that field on every
 * path. {@code try (AutoLock held = new AutoLock(lock)) { ... }} then holds the field's lock over the block,
 * with the identity of that field ({@link SharedLocks}: the lock the creations pass). Found from the class's
 * own code, never from its name; a lock taken by a factory method rather than the constructor is not seen.
 */
final class LockHolders {

    private final Map<String, String> fields = new HashMap<>();

    private LockHolders(ProgramIndex index) {
        Map<String, ObjectFlow.Store> stores = new HashMap<>();
        for (FileFacts f : index.files()) {
            for (ObjectFlow.Store s : f.objectFlow().stores()) {
                stores.putIfAbsent(s.type() + "#" + s.field(), s);
            }
        }
        for (FileFacts f : index.files()) {
            for (ObjectFlow.Holder h : f.objectFlow().holders()) {
                for (String kept : h.kept()) {
                    String field = kept.startsWith("field:") ? kept.substring("field:".length())
                            : fieldFromParameter(stores, h.type(), kept.substring("parameter:".length()));
                    if (field != null && released(h, field)) {
                        fields.putIfAbsent(h.type(), field);
                        break;
                    }
                }
            }
        }
    }

    /** The holders of the index's program, shared. */
    static LockHolders of(ProgramIndex index) {
        return index.derived(LockHolders.class, LockHolders::new);
    }

    /** The lock field an object of this class holds from construction to {@code close()}, or null. */
    String field(String type) {
        return fields.get(type);
    }

    private static boolean released(ObjectFlow.Holder h, String field) {
        for (String r : h.released()) {
            String name = r.endsWith(" (read)") ? r.substring(0, r.length() - " (read)".length()) : r;
            if (name.equals(field) || name.endsWith("." + field)) {
                return true;
            }
        }
        return false;
    }

    /** The field of {@code type} that its constructors fill from parameter {@code index}, when one is. */
    private static String fieldFromParameter(Map<String, ObjectFlow.Store> stores, String type, String index) {
        for (ObjectFlow.Store s : stores.values()) {
            if (s.type().equals(type) && !s.other()) {
                for (String source : s.sources()) {
                    if (source.endsWith("#" + index)) {
                        return s.field();
                    }
                }
            }
        }
        return null;
    }
}
