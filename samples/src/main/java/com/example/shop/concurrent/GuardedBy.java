package com.example.shop.concurrent;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The field or method may only be used while holding the named lock: {@code "this"}, the name of a lock
 * field, {@code "Type.class"} or {@code "Type.this"}. The shop's own copy of the annotation of
 * {@code javax.annotation.concurrent} and JCIP, so that the samples need no library; tools match it by
 * its simple name.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface GuardedBy {
    String value();
}
