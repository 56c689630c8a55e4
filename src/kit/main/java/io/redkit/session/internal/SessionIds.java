package io.redkit.session.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Session ids: {@code <family>.<secret>}, 48 random bits of family and 128 of secret from {@link SecureRandom},
 * base64url. {@code changeSessionId} draws a new secret and keeps the family, and the Redis key is hash-tagged by
 * the family, so the rename stays in one Redis Cluster slot; the old id is dead because its secret is gone.
 */
final class SessionIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9_-]{8}\\.[A-Za-z0-9_-]{22}");

    private SessionIds() {}

    static String newId() {
        return random(6) + "." + random(16);
    }

    /** The same family, a new secret. */
    static String rotate(String id) {
        return family(id) + "." + random(16);
    }

    static boolean isWellFormed(String id) {
        return id != null && id.length() == 31 && SYNTAX.matcher(id).matches();
    }

    static String family(String id) {
        return id.substring(0, id.indexOf('.'));
    }

    static String secret(String id) {
        return id.substring(id.indexOf('.') + 1);
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return ENCODER.encodeToString(value);
    }
}
