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

    /**
     * 32 hex characters of SHA-256 of {@code value} (UTF-8).
     *
     * @param value the secret or personal value
     * @return 32 lower-case hex characters
     */
    public static String of(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
