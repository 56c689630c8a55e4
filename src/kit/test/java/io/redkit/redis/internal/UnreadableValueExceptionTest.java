package io.redkit.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.redkit.redis.RedisOutages;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.StreamCorruptedException;
import org.junit.jupiter.api.Test;
import org.redisson.client.RedisException;

/** What a decode failure becomes: contained as a kind of unreadable value, except the VM failing. */
class UnreadableValueExceptionTest {

    @Test
    void contain_HeapAndStackExhaustion_AreContained() {
        assertEquals(
                UnreadableValueException.Kind.RESOURCE_EXHAUSTED,
                UnreadableValueException.contain(new OutOfMemoryError("Java heap space"))
                        .kind());
        assertEquals(
                UnreadableValueException.Kind.RESOURCE_EXHAUSTED,
                UnreadableValueException.contain(new StackOverflowError()).kind());
    }

    @Test
    void contain_VmFailures_AreRethrown() {
        assertThrows(InternalError.class, () -> UnreadableValueException.contain(new InternalError("vm")));
        assertThrows(UnknownError.class, () -> UnreadableValueException.contain(new UnknownError("vm")));
    }

    @Test
    void contain_CodecFailures_GetTheirKind() {
        assertEquals(
                UnreadableValueException.Kind.CLASS_NOT_ALLOWED,
                UnreadableValueException.contain(new InvalidClassException("filter status: REJECTED"))
                        .kind());
        assertEquals(
                UnreadableValueException.Kind.CLASS_NOT_ALLOWED,
                UnreadableValueException.contain(new ClassNotFoundException("x.Y"))
                        .kind());
        assertEquals(
                UnreadableValueException.Kind.CLASS_CHANGED,
                UnreadableValueException.contain(new InvalidClassException("x.Y; local class incompatible"))
                        .kind());
        assertEquals(
                UnreadableValueException.Kind.MALFORMED,
                UnreadableValueException.contain(new StreamCorruptedException()).kind());
        assertEquals(
                UnreadableValueException.Kind.MALFORMED,
                UnreadableValueException.contain(new IllegalStateException()).kind());
    }

    @Test
    void isOutage_UnreadableValueWrappingANetworkLookingCause_IsNotAnOutage() {
        RedisException e = new RedisException(
                "Unexpected exception while processing command",
                UnreadableValueException.contain(new IOException("Connection reset by peer")));
        assertFalse(RedisOutages.isOutage(e));
    }
}
