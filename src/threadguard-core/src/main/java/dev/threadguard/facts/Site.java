package dev.threadguard.facts;

import java.io.Serializable;

/**
 * Where a fact was observed: the type whose members resolve the names used there ({@code scopeType},
 * an anonymous class when inside one), and what a reader calls the place ({@code member}:
 * {@code OrderService.placeOrder}).
 */
public record Site(String scopeType, String member, Pos pos) implements Serializable {

    public Site {
        scopeType = Interned.of(scopeType);
        member = Interned.of(member);
    }
}
