package io.redkit.redis.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.redkit.redis.CodecLimits;
import io.redkit.redis.RedisSettings;
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
 *
 * <p>Every read is also bounded in code, whatever the pattern says ({@link CodecLimits}): the value's size, array
 * lengths, nesting depth and object count; and no array may be longer than the bytes left in the value could fill
 * (an element takes at least one byte, a primitive its width), so a small value never allocates much more than its
 * own size. Any failure to decode becomes an {@link UnreadableValueException} (see there for what is contained).
 */
public final class FilteredSerializationCodec extends BaseCodec {

    private final ClassLoader classLoader;
    private final String filterPattern;
    private final CodecLimits limits;
    private final ObjectInputFilter filter;

    private final Encoder encoder = this::encode;
    private final Decoder<Object> decoder = (buf, state) -> decode(buf);

    public FilteredSerializationCodec(ClassLoader classLoader, String filterPattern, CodecLimits limits) {
        this.classLoader = classLoader;
        this.filterPattern = filterPattern;
        this.limits = limits;
        this.filter = rejectUnlisted(ObjectInputFilter.Config.createFilter(filterPattern));
    }

    public FilteredSerializationCodec(ClassLoader classLoader, String filterPattern) {
        this(classLoader, filterPattern, CodecLimits.DEFAULTS);
    }

    public FilteredSerializationCodec() {
        this(Thread.currentThread().getContextClassLoader(), RedisSettings.DEFAULT_CODEC_FILTER);
    }

    /** Used by Redisson ({@link BaseCodec#copy}) to rebind the codec to another class loader. */
    public FilteredSerializationCodec(ClassLoader classLoader, FilteredSerializationCodec codec) {
        this(classLoader, codec.filterPattern, codec.limits);
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

    public CodecLimits limits() {
        return limits;
    }

    /**
     * Whether the allowlist lets values of {@code type} be read back (checked without any bytes: a class named here
     * and refused would be written fine and then fail every read).
     */
    public boolean allows(Class<?> type) {
        ObjectInputFilter.Status status = filter.checkInput(new ObjectInputFilter.FilterInfo() {
            @Override
            public Class<?> serialClass() {
                return type;
            }

            @Override
            public long arrayLength() {
                return -1;
            }

            @Override
            public long depth() {
                return 1;
            }

            @Override
            public long references() {
                return 1;
            }

            @Override
            public long streamBytes() {
                return 0;
            }
        });
        return status == ObjectInputFilter.Status.ALLOWED;
    }

    /** Serializes one value to bytes (used where Redis sees opaque byte strings, e.g. the JCache store). */
    public byte[] toBytes(Object value) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(128);
        try (ObjectOutputStream stream = new ObjectOutputStream(out)) {
            stream.writeObject(value);
        }
        return out.toByteArray();
    }

    /** Reads bytes written by {@link #toBytes} through the allowlist and the limits. */
    public Object fromBytes(byte[] bytes) throws UnreadableValueException {
        return read(new java.io.ByteArrayInputStream(bytes), bytes.length);
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

    private Object decode(ByteBuf buf) throws UnreadableValueException {
        return read(new ByteBufInputStream(buf), buf.readableBytes());
    }

    private Object read(InputStream in, long size) throws UnreadableValueException {
        if (size > limits.maxBytes()) {
            throw new UnreadableValueException(
                    UnreadableValueException.Kind.LIMIT_EXCEEDED,
                    "value of " + size + " bytes is over " + CodecLimits.MAX_BYTES + "=" + limits.maxBytes(),
                    null);
        }
        Bounds bounds = new Bounds(limits, size, filter);
        try (ObjectInputStream stream = new AllowlistObjectInputStream(in, classLoader)) {
            stream.setObjectInputFilter(bounds);
            return stream.readObject();
        } catch (Throwable e) {
            if (bounds.breach != null) {
                throw new UnreadableValueException(UnreadableValueException.Kind.LIMIT_EXCEEDED, bounds.breach, null);
            }
            if (bounds.refused != null) {
                throw new UnreadableValueException(
                        UnreadableValueException.Kind.CLASS_NOT_ALLOWED,
                        "the value holds a " + bounds.refused + ", a class " + RedisSettings.CODEC_ALLOW
                                + " does not allow",
                        e);
            }
            throw UnreadableValueException.contain(e);
        }
    }

    /** The limits of one read, checked before the allow pattern; remembers which limit a value broke. */
    private static final class Bounds implements ObjectInputFilter {
        private final CodecLimits limits;
        private final long size;
        private final ObjectInputFilter classes;
        private String breach;
        private String refused;

        Bounds(CodecLimits limits, long size, ObjectInputFilter classes) {
            this.limits = limits;
            this.size = size;
            this.classes = classes;
        }

        @Override
        public Status checkInput(FilterInfo info) {
            if (info.depth() > limits.maxDepth()) {
                return breach("nesting deeper than " + CodecLimits.MAX_DEPTH + "=" + limits.maxDepth());
            }
            if (info.references() > limits.maxReferences()) {
                return breach("more objects than " + CodecLimits.MAX_REFERENCES + "=" + limits.maxReferences());
            }
            if (info.streamBytes() > limits.maxBytes()) {
                return breach("more bytes than " + CodecLimits.MAX_BYTES + "=" + limits.maxBytes());
            }
            long length = info.arrayLength();
            if (length >= 0) {
                if (length > limits.maxArrayLength()) {
                    return breach("array of " + length + " over " + CodecLimits.MAX_ARRAY_LENGTH + "="
                            + limits.maxArrayLength());
                }
                // The stream may have read ahead of the filter by up to a block (1 KiB): allow for it.
                long left = size - info.streamBytes() + 1024;
                if (length * elementBytes(info.serialClass()) > left) {
                    return breach("array of " + length + " longer than the " + Math.max(0, size - info.streamBytes())
                            + " bytes left in the value");
                }
            }
            Status status = classes.checkInput(info);
            if (status == Status.REJECTED && info.serialClass() != null && refused == null) {
                refused = info.serialClass().getName();
            }
            return status;
        }

        private Status breach(String why) {
            breach = "value breaks a codec limit: " + why;
            return Status.REJECTED;
        }

        /** Fewest bytes one element of an array of this class takes in a stream. */
        private static long elementBytes(Class<?> arrayClass) {
            Class<?> component = arrayClass == null ? null : arrayClass.getComponentType();
            if (component == long.class || component == double.class) {
                return 8;
            }
            if (component == int.class || component == float.class) {
                return 4;
            }
            if (component == short.class || component == char.class) {
                return 2;
            }
            return 1;
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
