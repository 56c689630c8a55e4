package io.redkit.redis;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import org.redisson.client.codec.BaseCodec;
import org.redisson.client.protocol.Decoder;
import org.redisson.client.protocol.Encoder;

/**
 * redkit's default value codec: Java serialization, read back through a {@link ObjectInputFilter} allowlist.
 *
 * <p>Why not Redisson's default Kryo5: Kryo happily instantiates any class named in the bytes and, after a redeploy
 * with changed classes, may decode garbage instead of failing. Here a class outside the allowlist is rejected
 * before it is instantiated, and a changed class fails with {@link java.io.InvalidClassException}; callers turn
 * either failure into a cache miss or a fresh session. The allowlist is a standard JDK filter pattern ({@code
 * redkit.redis.codec.allow}).
 */
public final class FilteredSerializationCodec extends BaseCodec {

    private final ClassLoader classLoader;
    private final String filterPattern;
    private final ObjectInputFilter filter;

    private final Encoder encoder = this::encode;
    private final Decoder<Object> decoder = (buf, state) -> decode(buf);

    public FilteredSerializationCodec(ClassLoader classLoader, String filterPattern) {
        this.classLoader = classLoader;
        this.filterPattern = filterPattern;
        this.filter = rejectUnlisted(ObjectInputFilter.Config.createFilter(filterPattern));
    }

    public FilteredSerializationCodec() {
        this(Thread.currentThread().getContextClassLoader(), RedisSettings.DEFAULT_CODEC_FILTER);
    }

    /** Used by Redisson ({@link BaseCodec#copy}) to rebind the codec to another class loader. */
    public FilteredSerializationCodec(ClassLoader classLoader, FilteredSerializationCodec codec) {
        this(classLoader, codec.filterPattern);
    }

    @Override
    public Decoder<Object> getValueDecoder() {
        return decoder;
    }

    @Override
    public Encoder getValueEncoder() {
        return encoder;
    }

    @Override
    public ClassLoader getClassLoader() {
        return classLoader;
    }

    public String filterPattern() {
        return filterPattern;
    }

    /** Serializes one value to bytes (used where Redis sees opaque byte strings, e.g. the JCache store). */
    public byte[] toBytes(Object value) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(128);
        try (ObjectOutputStream stream = new ObjectOutputStream(out)) {
            stream.writeObject(value);
        }
        return out.toByteArray();
    }

    /** Reads bytes written by {@link #toBytes} through the allowlist; a rejected class fails before it exists. */
    public Object fromBytes(byte[] bytes) throws IOException {
        try (ObjectInputStream stream =
                new AllowlistObjectInputStream(new java.io.ByteArrayInputStream(bytes), classLoader)) {
            stream.setObjectInputFilter(filter);
            return stream.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("Value in Redis names a class this application does not have: " + e.getMessage(), e);
        }
    }

    private ByteBuf encode(Object value) throws IOException {
        ByteBuf out = ByteBufAllocator.DEFAULT.buffer();
        try (ObjectOutputStream stream = new ObjectOutputStream(new ByteBufOutputStream(out))) {
            stream.writeObject(value);
            return out;
        } catch (IOException | RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private Object decode(ByteBuf buf) throws IOException {
        try (ObjectInputStream stream = new AllowlistObjectInputStream(new ByteBufInputStream(buf), classLoader)) {
            stream.setObjectInputFilter(filter);
            return stream.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("Value in Redis names a class this application does not have: " + e.getMessage(), e);
        }
    }

    /** A pattern filter answers UNDECIDED for classes it does not name; here those are rejected too. */
    private static ObjectInputFilter rejectUnlisted(ObjectInputFilter patterns) {
        return info -> {
            ObjectInputFilter.Status status = patterns.checkInput(info);
            if (status == ObjectInputFilter.Status.UNDECIDED && info.serialClass() != null) {
                Class<?> type = info.serialClass();
                while (type.isArray()) {
                    type = type.getComponentType();
                }
                return type.isPrimitive() ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
            }
            return status;
        };
    }

    private static final class AllowlistObjectInputStream extends ObjectInputStream {
        private final ClassLoader classLoader;

        AllowlistObjectInputStream(InputStream in, ClassLoader classLoader) throws IOException {
            super(in);
            this.classLoader = classLoader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, classLoader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
