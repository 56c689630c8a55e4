package io.redkit.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.RedisTestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

/** {@code EVALSHA} with the text sent only when Redis does not know the script, against a real Redis. */
class LuaScriptTest {

    private static RedissonClient redis;

    @BeforeAll
    static void connect() {
        redis = RedisTestServer.shared().newClient();
    }

    @AfterAll
    static void close() {
        redis.shutdown();
    }

    @Test
    void sha1_IsTheOneRedisComputes() {
        LuaScript script = new LuaScript("return 'sha-check'");
        assertEquals(redis.getScript().scriptLoad(script.source()), script.sha1());
    }

    @Test
    void eval_UnknownToRedis_SentWithItsTextOnce_ThenByItsSha() {
        String key = "lua-script-test:" + System.nanoTime();
        LuaScript incr = new LuaScript("return redis.call('INCR', KEYS[1]) -- " + key);
        RScript script = redis.getScript(StringCodec.INSTANCE);
        redis.getScript().scriptFlush();
        assertEquals(List.of(false), redis.getScript().scriptExists(incr.sha1()));

        Long first = incr.eval(script, RScript.Mode.READ_WRITE, RScript.ReturnType.INTEGER, List.of(key));

        assertEquals(1L, first, "NOSCRIPT ran nothing; the resend with the text ran once");
        assertEquals(List.of(true), redis.getScript().scriptExists(incr.sha1()), "and loaded it");
        assertEquals(2L, (Long) incr.eval(script, RScript.Mode.READ_WRITE, RScript.ReturnType.INTEGER, List.of(key)));
        redis.getKeys().delete(key);
    }

    @Test
    void eval_ScriptError_IsThrownNotResent() {
        String key = "lua-script-test:" + System.nanoTime();
        LuaScript failing = new LuaScript("redis.call('INCR', KEYS[1]) return redis.call('NOSUCHCOMMAND')");
        RScript script = redis.getScript(StringCodec.INSTANCE);
        RedisException error = assertThrows(
                RedisException.class,
                () -> failing.eval(script, RScript.Mode.READ_WRITE, RScript.ReturnType.INTEGER, List.of(key)));
        assertTrue(
                error.getMessage().contains("NOSUCHCOMMAND")
                        || error.getMessage().contains("Unknown Redis command"),
                error.getMessage());
        assertEquals("1", redis.getBucket(key, StringCodec.INSTANCE).get(), "run once, not again after the error");
        redis.getKeys().delete(key);
    }
}
