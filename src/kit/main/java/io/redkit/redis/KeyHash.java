package io.redkit.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A client-supplied secret (an API key) as it may appear in Redis: SHA-256, first 16 bytes in hex. Redis' slow log
 * and {@code MONITOR} record full command arguments, so a raw key must never be a key name, field or argument.
 */
public final class KeyHash {

    private KeyHash() {}

    /** Cloned per call: {@code MessageDigest.getInstance} looks the provider up each time (it is on every request). */
    private static final MessageDigest PROTOTYPE = sha256();

    private static final boolean CLONEABLE = cloneable();

    /**
     * 32 hex characters of SHA-256 of {@code value} (UTF-8).
     *
     * @param value the secret or personal value
     * @return 32 lower-case hex characters
     */
    public static String of(String value) {
        byte[] digest = newDigest().digest(value.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    private static MessageDigest newDigest() {
        if (CLONEABLE) {
            try {
                return (MessageDigest) PROTOTYPE.clone();
            } catch (CloneNotSupportedException e) {
                // checked at class initialization; falls through
            }
        }
        return sha256();
    }

    private static boolean cloneable() {
        try {
            PROTOTYPE.clone();
            return true;
        } catch (CloneNotSupportedException e) {
            return false;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
