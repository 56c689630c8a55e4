package io.redkit.redis.internal;

import io.redkit.redis.CodecLimits;
import io.redkit.redis.RedisOutages;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectStreamException;
import java.util.EnumMap;
import java.util.Map;

/**
 * A value read from Redis that cannot become an object: its class is not allowed or changed, it breaks a {@link
 * CodecLimits codec limit}, or its bytes are malformed. Callers treat it as absent (a cache miss, a fresh session).
 * Never an outage ({@link RedisOutages} stops at it). Messages name the reason, never the value's bytes.
 *
 * <p>What is contained: every {@link Exception}, every {@link LinkageError} a class named by the value causes, {@link
 * StackOverflowError} (nesting) and {@link OutOfMemoryError} (a length in the value): the allocation that failed
 * belongs to the decode and is garbage once it unwinds, so the node carries on. With the limits neither should occur.
 * What is not contained ({@link #contain} rethrows it): {@link InternalError}, {@link UnknownError} and {@code
 * ThreadDeath} — the VM itself failing or the thread being stopped, which no value explains.
 */
public final class UnreadableValueException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why a value is unreadable; each kind is logged at most once a minute. */
    public enum Kind {
        /** A class outside {@code redkit.redis.codec.allow}, or unknown to the application. */
        CLASS_NOT_ALLOWED,
        /** A class that changed incompatibly since the value was written (a redeploy). */
        CLASS_CHANGED,
        /** Over a {@code redkit.redis.codec.*} limit, or an array longer than the bytes left. */
        LIMIT_EXCEEDED,
        /** Truncated or corrupt bytes. */
        MALFORMED,
        /** Decoding ran out of heap or stack: contained, see the class comment. */
        RESOURCE_EXHAUSTED
    }

    private static final Map<Kind, WarningThrottle> THROTTLES = new EnumMap<>(Kind.class);

    static {
        for (Kind kind : Kind.values()) {
            THROTTLES.put(kind, new WarningThrottle());
        }
    }

    private final Kind kind;

    public UnreadableValueException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** True for the first unreadable value of this kind in this JVM, then at most once a minute. */
    public boolean firstThisMinute() {
        return THROTTLES.get(kind).tryWarn();
    }

    /**
     * The failure of a decode as an unreadable value; rethrows what must not be contained (see the class comment).
     */
    public static UnreadableValueException contain(Throwable failure) {
        if (failure instanceof UnreadableValueException unreadable) {
            return unreadable;
        }
        if (failure instanceof InternalError || failure instanceof UnknownError) {
            throw (VirtualMachineError) failure;
        }
        if (failure instanceof Error && failure.getClass().getName().equals("java.lang.ThreadDeath")) {
            throw (Error) failure;
        }
        if (failure instanceof OutOfMemoryError || failure instanceof StackOverflowError) {
            return new UnreadableValueException(
                    Kind.RESOURCE_EXHAUSTED,
                    "decoding ran out of " + (failure instanceof StackOverflowError ? "stack" : "heap") + " ("
                            + failure.getClass().getSimpleName() + "); contained, check redkit.redis.codec.* limits",
                    null);
        }
        if (failure instanceof ClassNotFoundException
                || failure instanceof LinkageError
                || (failure instanceof InvalidClassException
                        && String.valueOf(failure.getMessage()).contains("REJECTED"))) {
            return new UnreadableValueException(
                    Kind.CLASS_NOT_ALLOWED, "a class the value names is not allowed or unknown: " + failure, failure);
        }
        if (failure instanceof InvalidClassException) {
            return new UnreadableValueException(Kind.CLASS_CHANGED, "a class changed: " + failure, failure);
        }
        if (failure instanceof ObjectStreamException || failure instanceof IOException) {
            return new UnreadableValueException(Kind.MALFORMED, "malformed value: " + failure, failure);
        }
        return new UnreadableValueException(Kind.MALFORMED, "the value failed to decode: " + failure, failure);
    }
}
