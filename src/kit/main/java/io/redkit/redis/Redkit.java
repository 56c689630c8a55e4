package io.redkit.redis;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Qualifies the beans redkit produces that an application may also produce itself: redkit's {@code RedissonClient}
 * and its JCache {@code CacheManager}. {@code @Inject @Redkit RedissonClient redis;} gets redkit's client (its key
 * prefix, codec, timeouts); a host's own unqualified {@code RedissonClient} or {@code CacheManager} producer does not
 * collide with redkit's, and redkit never uses the host's.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER, TYPE})
public @interface Redkit {}
