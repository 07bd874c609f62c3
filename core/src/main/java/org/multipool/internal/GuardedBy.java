package org.multipool.internal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says which lock guards a field: it is read and written only while that lock is held, unless the
 * field's own comment says otherwise (a volatile field read without it, say).
 *
 * <p>{@code "this"} is the object's monitor; a field's name is that field's lock or monitor. Kept
 * only in the source, so the core needs nothing at run time; the name matches the annotation that
 * static checkers (Error Prone's {@code GuardedBy}, for one) read by its simple name.
 *
 * <pre>{@code
 * private final ReentrantLock lock = new ReentrantLock();
 * @GuardedBy("lock") private int waiting;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.FIELD, ElementType.METHOD})
@interface GuardedBy {
  /** The lock: {@code "this"}, or the name of the field that holds it. */
  String value();
}
