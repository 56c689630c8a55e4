package io.redkit.session.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.redkit.redis.internal.UnreadableValueException;
import java.io.IOException;
import java.io.NotSerializableException;
import org.redisson.client.codec.Codec;

/** Attribute values to bytes and back with the application's Redis codec (the allowlisted one by default). */
final class SessionCodec {

    private final Codec codec;

    SessionCodec(Codec codec) {
        this.codec = codec;
    }

    byte[] encode(String name, Object value) {
        ByteBuf buf = null;
        try {
            buf = codec.getValueEncoder().encode(value);
            return ByteBufUtil.getBytes(buf);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException(
                    "Session attribute '" + name + "' is not Serializable: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Session attribute '" + name + "' cannot be stored: " + e, e);
        } finally {
            if (buf != null) {
                buf.release();
            }
        }
    }

    /**
     * The value, or an {@link UnreadableValueException} when the bytes cannot be read (class changed, not allowed,
     * corrupt, over a codec limit); any other failure of the codec, errors included, is contained the same way.
     */
    Object decode(byte[] bytes) throws UnreadableValueException {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return codec.getValueDecoder().decode(buf, null);
        } catch (Throwable e) {
            throw UnreadableValueException.contain(e);
        } finally {
            buf.release();
        }
    }
}
