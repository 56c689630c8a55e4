package io.redkit.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.redisson.api.RScript;
import org.redisson.client.RedisNoScriptException;

/**
 * A Lua script sent as {@code EVALSHA} with the SHA-1 computed once. Redisson's {@code eval} with its script cache
 * does the same on the wire but, on every call, copies the keys and arguments (to resend them as {@code EVAL}), looks
 * the SHA-1 up and builds an excerpt of the script text: CPU the hot paths save here. When Redis does not know the
 * script ({@code NOSCRIPT}: a restart, a failover, {@code SCRIPT FLUSH}) it did not run, so it goes once more through
 * Redisson's {@code eval}, whose own {@code NOSCRIPT} answer ends in an {@code EVAL} that runs and loads it.
 */
public final class LuaScript {

    private final String source;
    private final String sha1;

    public LuaScript(String source) {
        this.source = source;
        this.sha1 = sha1(source);
    }

    /** The script's text. */
    public String source() {
        return source;
    }

    /** The SHA-1 Redis knows the script by, in lower-case hex. */
    public String sha1() {
        return sha1;
    }

    /** Runs the script on {@code script}'s client and codec (its options, such as retries, apply). */
    public <R> R eval(
            RScript script, RScript.Mode mode, RScript.ReturnType returnType, List<Object> keys, Object... args) {
        try {
            return script.evalSha(mode, sha1, returnType, keys, args);
        } catch (RedisNoScriptException notLoaded) {
            return script.eval(mode, source, returnType, keys, args);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
        }
    }
}
