package io.chorus.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How far code may rely on an api element. Every public type of {@code io.chorus.api} and
 * {@code io.chorus.api.spi} carries it, nested types included; a method or constructor carries it
 * only when it differs from its type (an experimental method of a stable interface). It is kept at
 * run time, so tools and tests can read it.
 *
 * <p>What each level promises, from {@link ApiVersion api version} 0.1 on:
 * <ul>
 *   <li>{@link Level#STABLE}: no incompatible change within a major api version. The element may
 *       grow (a type gains methods with a default, a class gains accessors and builder setters, an
 *       enum or a sealed interface gains constants or subtypes), but nothing is removed, renamed or
 *       given another meaning; what must go is deprecated first and stays for at least one minor
 *       version.</li>
 *   <li>{@link Level#EXPERIMENTAL}: may change incompatibly, or go, in any minor version; the
 *       release notes say so. Use it, and expect to adapt.</li>
 * </ul>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
@Stability(Stability.Level.STABLE)
public @interface Stability {
    /** @return the element's level */
    Level value();

    /** The levels, from the most to the least reliable. */
    @Stability(Stability.Level.STABLE)
    enum Level {
        /** Kept compatible within a major api version: it may grow, never break. */
        STABLE,
        /** May change or go in any minor api version. */
        EXPERIMENTAL
    }
}
