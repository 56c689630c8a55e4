package io.redkit.config;

/**
 * A {@code redkit.*} configuration value that cannot be used. The message names the key, the value and what is
 * wrong, so that the one log line of a failed deployment is enough to fix it.
 */
public class RedkitConfigException extends IllegalArgumentException {

    /** The key at fault. */
    private final String key;
    /** The value at fault, or null. */
    private final String value;

    /**
     * A bad value.
     *
     * @param key the key at fault
     * @param value the value as configured, or null when it is missing
     * @param reason what is wrong with it
     */
    public RedkitConfigException(String key, String value, String reason) {
        this(key, value, reason, null);
    }

    /**
     * A bad value, with the failure that showed it.
     *
     * @param key the key at fault
     * @param value the value as configured, or null when it is missing
     * @param reason what is wrong with it
     * @param cause the failure
     */
    public RedkitConfigException(String key, String value, String reason, Throwable cause) {
        super(message(key, value, reason), cause);
        this.key = key;
        this.value = value;
    }

    private static String message(String key, String value, String reason) {
        String shown = value == null ? "(not set)" : "'" + value + "'";
        return "Invalid redkit configuration " + key + "=" + shown + ": " + reason;
    }

    /**
     * The configuration key at fault, e.g. {@code redkit.redis.address}.
     *
     * @return the key
     */
    public String key() {
        return key;
    }

    /**
     * The offending value as configured, or {@code null} when the problem is a missing value.
     *
     * @return the value, or null
     */
    public String value() {
        return value;
    }
}
