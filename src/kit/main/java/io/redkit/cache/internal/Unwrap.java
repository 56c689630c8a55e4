package io.redkit.cache.internal;

/** The JCache {@code unwrap(Class)} contract, once: this object if it is of that type, else IllegalArgumentException. */
public final class Unwrap {

    private Unwrap() {}

    public static <T> T as(Class<T> type, Object self, String what) {
        if (type.isInstance(self)) {
            return type.cast(self);
        }
        throw new IllegalArgumentException(what + " cannot be unwrapped to " + type.getName());
    }
}
