package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * A read or write of a memory location, as the race analysis sees it: a field (of this object, of another
 * object by access path, or static), an element of an array kept in a field, or a collection kept in a field
 * through a call that reads or changes it (see {@code facts/model/Containers}).
 *
 * @param kind   what the access does
 * @param target which part of the location: the field itself, an element of the array it holds, or the
 *               collection it holds
 * @param owner  the qualified name of the type that declares the field when the extractor knows it (a field
 *               of an enclosing type, named alone or through {@code this}); null when the index must find it
 *               from {@code on}
 * @param on     the object whose field it is ({@code other} in {@code other.count}), or the type of a static
 *               ({@code Config} in {@code Config.cache}); null when {@code owner} is set
 * @param field  the field's name
 * @param text   the access as a reader names it: {@code other.count}, {@code cache.put(...)}, {@code table[]}
 * @param held   the locks held, outermost first, as written steps (those of a method-level {@code @GuardedBy}
 *               first): the program model names them and drops those that are no locks by type
 * @param pos    where it happens
 * @param parameter the number (from 0) of the method's parameter whose field it is ({@code p.count} with {@code p}
 *               a parameter never assigned), or -1
 */
public record Access(Kind kind, Target target, String owner, ValueRef on, String field, String text,
                     List<LockRef> held, Pos pos, int parameter) implements Serializable {

    public Access {
        owner = Interned.of(owner);
        field = Interned.of(field);
        text = Interned.of(text);
    }

    /** What the access does. */
    public enum Kind { READ, WRITE, READ_WRITE }

    /** Which part of the location it touches. */
    public enum Target { FIELD, ELEMENT, CONTAINER }

    public boolean writes() {
        return kind != Kind.READ;
    }
}
