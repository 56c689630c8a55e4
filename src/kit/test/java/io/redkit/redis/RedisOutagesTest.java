package io.redkit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.redis.RedisOutages.Kind;
import io.redkit.redis.internal.RedissonConfigs;
import io.redkit.testing.FaultyRedis;
import java.io.IOException;
import java.io.InvalidClassException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisBusyException;
import org.redisson.client.RedisClusterDownException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisLoadingException;
import org.redisson.client.RedisMasterDownException;
import org.redisson.client.RedisResponseTimeoutException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.RedisTryAgainException;
import org.redisson.client.WriteRedisConnectionException;
import org.redisson.client.codec.StringCodec;

/**
 * The outage classifier, shape by shape: first the shapes as Redisson builds them (each seen in a log or in Redisson's
 * code), then the same conditions produced for real on a redis-server of the test's own.
 */
class RedisOutagesTest {

    private static FaultyRedis redis;
    private static RedissonClient client;

    @BeforeAll
    static void start() {
        redis = FaultyRedis.start(false);
        RedisSettings settings = RedisSettings.from(
                ConfigReader.of(Map.of(RedisSettings.ADDRESS, redis.address(), RedisSettings.TIMEOUT, "300ms")));
        client = Redisson.create(RedissonConfigs.create(settings, null, RedisOutagesTest.class.getClassLoader()));
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        redis.close();
    }

    private static Optional<Kind> kind(Throwable t) {
        return RedisOutages.classify(t);
    }

    // --- shapes as Redisson builds them ---

    @Test
    void classify_UnexpectedExceptionCausedByConnectionRefused_IsUnreachable() {
        // the 500 of issue 12: Redisson's CommandAsyncService wraps a Netty connect failure in a plain RedisException
        RedisException shape = new RedisException(
                "Unexpected exception while processing command",
                new ConnectException("Connection refused: 127.0.0.1/127.0.0.1:41555"));
        assertEquals(Optional.of(Kind.UNREACHABLE), kind(shape));
    }

    @Test
    void classify_WriteFailureOnDeadPooledConnection_IsUnreachable() {
        assertEquals(
                Optional.of(Kind.UNREACHABLE),
                kind(new WriteRedisConnectionException("Unable to write command into connection!")));
        assertEquals(
                Optional.of(Kind.UNREACHABLE),
                kind(new RedisException(
                        "Unexpected exception while processing command", new ClosedChannelException())));
        assertEquals(
                Optional.of(Kind.UNREACHABLE), kind(new RuntimeException(new IOException("Connection reset by peer"))));
    }

    @Test
    void classify_Timeouts_AreTimeouts() {
        assertEquals(Optional.of(Kind.TIMEOUT), kind(new RedisTimeoutException("Command execution timeout")));
        assertEquals(
                Optional.of(Kind.TIMEOUT), kind(new RedisResponseTimeoutException("Redis server response timeout")));
        assertEquals(Optional.of(Kind.TIMEOUT), kind(new RedisException("x", new TimeoutException())));
    }

    @Test
    void neverSent_NoConnectionOrWriteQueuedOrFailed_ButNotNoReply() {
        assertTrue(RedisOutages.neverSent(new RedisTimeoutException(
                "Unable to acquire connection! Increase connection pool size. Node source: ...")));
        RedisTimeoutException queued = new RedisTimeoutException("Command still hasn't been written into connection!"
                + " Check CPU usage of the JVM. ... Netty pending tasks: 0, Node source: NodeSource [...], connection:"
                + " RedisConnection@1 [...], command: (EVALSHA), params: [...] after 3 of 3 retry attempts");
        assertTrue(RedisOutages.neverSent(new RedisException("x", queued)));
        assertTrue(
                RedisOutages.neverSent(new WriteRedisConnectionException("Unable to write command into connection!")));
        assertTrue(
                RedisOutages.describe(queued)
                        .endsWith("(command EVALSHA, outage TIMEOUT, never sent: write still queued)"),
                RedisOutages.describe(queued));
        assertFalse(RedisOutages.neverSent(new RedisResponseTimeoutException(
                "Redis server response timeout (3000 ms) occured after 3 of 3 retry attempts")));
        assertFalse(RedisOutages.neverSent(new RedisTimeoutException("Command execution timeout")));
        assertFalse(RedisOutages.neverSent(new RedisException("Unexpected exception while processing command")));
    }

    /** The one pooled connection held by a blocking read: the next command waits for a connection, never sent. */
    @Test
    void real_PoolHeldByABlockingRead_NextCommandNeverSent() throws Exception {
        RedissonClient small = Redisson.create(RedissonConfigs.create(
                RedisSettings.from(ConfigReader.of(Map.of(
                        RedisSettings.ADDRESS, redis.address(),
                        RedisSettings.TIMEOUT, "300ms",
                        RedisClientTuning.POOL_SIZE, "1",
                        RedisClientTuning.MIN_IDLE, "1",
                        RedisClientTuning.RETRY_ATTEMPTS, "0"))),
                null,
                RedisOutagesTest.class.getClassLoader()));
        try {
            var blocked = small.<String>getBlockingQueue("never-filled", StringCodec.INSTANCE)
                    .pollAsync(3, java.util.concurrent.TimeUnit.SECONDS);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "1"
                    .equals(client.getRedisNodes(org.redisson.api.redisnode.RedisNodes.SINGLE)
                            .getInstance()
                            .info(org.redisson.api.redisnode.RedisNode.InfoSection.CLIENTS)
                            .get("blocked_clients")));
            RedisException e =
                    assertThrows(RedisException.class, () -> small.getBucket("never-sent", StringCodec.INSTANCE)
                            .get());
            assertTrue(RedisOutages.neverSent(e), () -> describe(e));
            assertEquals(Optional.of(Kind.TIMEOUT), kind(e));
            blocked.toCompletableFuture().join();
        } finally {
            small.shutdown();
        }
    }

    @Test
    void classify_RetryFamily_SaysWhich() {
        assertEquals(
                Optional.of(Kind.LOADING), kind(new RedisLoadingException("LOADING Redis is loading the dataset")));
        assertEquals(Optional.of(Kind.BUSY), kind(new RedisBusyException("BUSY Redis is busy running a script.")));
        assertEquals(
                Optional.of(Kind.TOPOLOGY_CHANGING),
                kind(new RedisClusterDownException("CLUSTERDOWN The cluster is down")));
        assertEquals(Optional.of(Kind.TOPOLOGY_CHANGING), kind(new RedisTryAgainException("TRYAGAIN Multiple keys")));
        assertEquals(
                Optional.of(Kind.TOPOLOGY_CHANGING),
                kind(new RedisMasterDownException("MASTERDOWN Link with MASTER is down")));
    }

    @Test
    void classify_PlainErrorReplies_ByPrefix() {
        assertEquals(
                Optional.of(Kind.READONLY),
                kind(new RedisException("READONLY You can't write against a read only replica.. channel: [id: 0x1]")));
        assertEquals(
                Optional.of(Kind.OUT_OF_MEMORY),
                kind(new RedisException("OOM command not allowed when used memory > 'maxmemory'.")));
        assertEquals(Optional.of(Kind.NOSCRIPT), kind(new RedisException("NOSCRIPT No matching script.")));
        assertEquals(Optional.of(Kind.LOADING), kind(new RedisException("LOADING Redis is loading the dataset")));
        assertEquals(Optional.of(Kind.TOPOLOGY_CHANGING), kind(new RedisException("CLUSTERDOWN Hash slot not served")));
        assertEquals(
                Optional.of(Kind.TOPOLOGY_CHANGING), kind(new RedisException("MASTERDOWN Link with MASTER is down")));
        assertEquals(Optional.of(Kind.TOPOLOGY_CHANGING), kind(new RedisException("TRYAGAIN Multiple keys request")));
    }

    @Test
    void classify_Bugs_AreNotOutages() {
        assertEquals(
                Optional.empty(),
                kind(new RedisException("WRONGTYPE Operation against a key holding the wrong kind of value")));
        assertEquals(
                Optional.empty(),
                kind(new RedisException(
                        "ERR Error running script (call to f_1): @user_script:1: attempt to compare nil")));
        assertEquals(Optional.empty(), kind(new RedisException("Unexpected exception while processing command")));
        assertEquals(
                Optional.empty(),
                kind(new RedisException(
                        "decode failed", new InvalidClassException("x.Y", "local class incompatible"))));
        assertEquals(Optional.empty(), kind(new IllegalStateException("no")));
    }

    @Test
    void describe_EveryKind_SaysRedisIsUnavailableAndWhy() {
        for (Kind kind : Kind.values()) {
            assertTrue(RedisOutages.describe(kind).startsWith("Redis is unavailable"), kind.name());
        }
        assertTrue(RedisOutages.describe(Kind.OUT_OF_MEMORY).contains("maxmemory"));
    }

    @Test
    void describe_TimeoutWithParams_NamesClassAndCommandButNoParameter() {
        RedisTimeoutException shape = new RedisTimeoutException("Command execution timeout for command: (EVAL), params:"
                + " [local v = redis.call('hget', KEYS[1]), 2, redkit:session:{Sid-s3cret-4711}, key-s3cret-0815],"
                + " Redis client: [addr=redis://user:pa55word@127.0.0.1:6379]");
        String text = RedisOutages.describe(new RedisException("Unexpected exception while processing command", shape));
        assertEquals("RedisException <- RedisTimeoutException (command EVAL, outage TIMEOUT)", text);
    }

    @Test
    void describe_ErrorReply_KeepsTheReplyCodeOnly() {
        String text = RedisOutages.describe(new RedisException("NOPERM this user has no permissions to access one of"
                + " the keys used as arguments. channel: [id: 0x1, L:/127.0.0.1:5 - R:/127.0.0.1:6379] data:"
                + " CommandData [command=(HGETALL), params=[redkit:session:{Sid-s3cret-4711}], codec=null]"));
        assertEquals("RedisException (command HGETALL, reply NOPERM)", text);
    }

    @Test
    void describe_OwnExceptionOverRedisson_KeepsOwnMessageOnly() {
        RedisUnavailableException own = RedisUnavailableException.of(
                "Lock 'orders' cannot be taken",
                new WriteRedisConnectionException("Unable to write command into connection! Node source: NodeSource"
                        + " [addr=redis://u:pa55word@h:1], command: (SET), params: [key-s3cret-0815]"));
        String text = RedisOutages.describe(own);
        assertEquals(
                "RedisUnavailableException \"Lock 'orders' cannot be taken: Redis is unavailable\""
                        + " <- WriteRedisConnectionException (command SET, outage UNREACHABLE, never sent: write failed)",
                text);
        assertTrue(RedisOutages.fromRedis(own));
        assertEquals("java.lang.IllegalStateException: bug", RedisOutages.loggable(new IllegalStateException("bug")));
    }

    @Test
    void describe_OwnMessageQuotingRedisson_IsDropped() {
        // a message of ours that embeds Redisson's text anyway (a bug) loses its message rather than leak it
        String text = RedisOutages.describe(new io.redkit.session.SessionUnavailableException(
                "wrapped: command: (GET), params: [key-s3cret-0815]", null));
        assertEquals("SessionUnavailableException (command GET)", text);
    }

    // --- the same conditions, for real ---

    @Test
    void real_ServerStopped_IsUnreachable() {
        FaultyRedis doomed = FaultyRedis.start(false);
        RedissonClient other = Redisson.create(RedissonConfigs.create(
                RedisSettings.from(ConfigReader.of(
                        Map.of(RedisSettings.ADDRESS, doomed.address(), RedisSettings.TIMEOUT, "300ms"))),
                null,
                getClass().getClassLoader()));
        try {
            other.getBucket("k", StringCodec.INSTANCE).set("v");
            doomed.kill();
            RedisException e = assertThrows(RedisException.class, () -> other.getBucket("k", StringCodec.INSTANCE)
                    .set("w"));
            assertEquals(Optional.of(Kind.UNREACHABLE), kind(e), () -> describe(e));
        } finally {
            other.shutdown();
            doomed.close();
        }
    }

    @Test
    void real_ServerPausedLongerThanTheTimeout_IsTimeout() {
        client.getBucket("paused", StringCodec.INSTANCE).set("v");
        redis.pause();
        try {
            RedisException e = assertThrows(RedisException.class, () -> client.getBucket("paused", StringCodec.INSTANCE)
                    .get());
            assertEquals(Optional.of(Kind.TIMEOUT), kind(e), () -> describe(e));
            assertFalse(RedisOutages.neverSent(e), "sent, no reply: it may have run: " + describe(e));
            String secret = "redkit:session:{Sid-s3cret-4711}";
            RedisException scripted = assertThrows(RedisException.class, () -> client.getScript(StringCodec.INSTANCE)
                    .eval(
                            RScript.Mode.READ_ONLY,
                            "return redis.call('get', KEYS[1])",
                            RScript.ReturnType.VALUE,
                            List.of(secret),
                            "key-s3cret-0815"));
            assertTrue(describe(scripted).contains("Sid-s3cret-4711"), () -> "Redisson's own text: " + describe(e));
            String safe = RedisOutages.describe(scripted);
            assertTrue(safe.contains("RedisTimeoutException") || safe.contains("RedisResponseTimeoutException"), safe);
            assertTrue(
                    safe.contains("command EVAL") && safe.contains("outage TIMEOUT"),
                    () -> safe + " from " + describe(scripted));
            assertTrue(!safe.contains("s3cret") && !safe.contains("127.0.0.1"), safe);
        } finally {
            redis.resume();
        }
    }

    @Test
    void real_WriteUnderNoEvictionMaxmemory_IsOutOfMemory_AlsoInsideAScript() {
        redis.maxmemory(1, "noeviction");
        try {
            RedisException direct =
                    assertThrows(RedisException.class, () -> client.getBucket("oom", StringCodec.INSTANCE)
                            .set("v"));
            assertEquals(Optional.of(Kind.OUT_OF_MEMORY), kind(direct), () -> describe(direct));
            RedisException scripted = assertThrows(RedisException.class, () -> client.getScript(StringCodec.INSTANCE)
                    .eval(
                            RScript.Mode.READ_WRITE,
                            "return redis.call('set', KEYS[1], 'v')",
                            RScript.ReturnType.STATUS,
                            List.of("oom2")));
            assertEquals(Optional.of(Kind.OUT_OF_MEMORY), kind(scripted), () -> describe(scripted));
        } finally {
            redis.maxmemory(0, "noeviction");
        }
    }

    @Test
    void real_WriteToAReplica_IsReadonly() {
        // a replica of a master that does not exist: it refuses writes with READONLY, as after a failover
        redis.command("REPLICAOF", "127.0.0.1", "1");
        try {
            RedisException e = assertThrows(RedisException.class, () -> client.getBucket("ro", StringCodec.INSTANCE)
                    .set("v"));
            assertEquals(Optional.of(Kind.READONLY), kind(e), () -> describe(e));
        } finally {
            redis.command("REPLICAOF", "NO", "ONE");
        }
    }

    @Test
    void real_CommandWhileAScriptRunsTooLong_IsBusy() throws Exception {
        redis.command("CONFIG", "SET", "lua-time-limit", "50");
        Thread spinner = new Thread(() -> {
            try {
                redis.command("EVAL", "local i = 0 while true do i = i + 1 end", "0");
            } catch (RuntimeException killed) {
                // SCRIPT KILL ends it with an error reply
            }
        });
        spinner.start();
        try {
            org.awaitility.Awaitility.await("the script is past lua-time-limit")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> {
                        try {
                            redis.command("PING");
                            return false;
                        } catch (IllegalStateException busy) {
                            return busy.getMessage().contains("BUSY");
                        }
                    });
            RedissonClient impatient = Redisson.create(RedissonConfigs.create(
                    RedisSettings.from(ConfigReader.of(
                            Map.of(RedisSettings.ADDRESS, redis.address(), RedisSettings.TIMEOUT, "300ms"))),
                    null,
                    getClass().getClassLoader()));
            try {
                RedisException e = assertThrows(
                        RedisException.class,
                        () -> impatient.getBucket("busy", StringCodec.INSTANCE).get());
                assertEquals(Optional.of(Kind.BUSY), kind(e), () -> describe(e));
            } finally {
                impatient.shutdown();
            }
        } finally {
            redis.command("SCRIPT", "KILL");
            spinner.join(10_000);
            redis.command("CONFIG", "SET", "lua-time-limit", "5000");
        }
    }

    @Test
    void real_WrongTypeReply_DescribedWithoutTheKey() {
        String secret = "redkit:session:{Sid-s3cret-4711}";
        client.getList(secret, StringCodec.INSTANCE).add("x");
        RedisException e = assertThrows(RedisException.class, () -> client.getBucket(secret, StringCodec.INSTANCE)
                .get());
        assertTrue(describe(e).contains("s3cret"), () -> "Redisson's own text: " + describe(e));
        String safe = RedisOutages.describe(e);
        assertTrue(safe.contains("reply WRONGTYPE") && safe.contains("command GET"), safe);
        assertTrue(!safe.contains("s3cret") && !safe.contains("127.0.0.1"), safe);
        client.getKeys().delete(secret);
    }

    @Test
    void real_UnknownScriptSha_IsNoscript() {
        RedisException e = assertThrows(RedisException.class, () -> client.getScript(StringCodec.INSTANCE)
                .evalSha(
                        RScript.Mode.READ_ONLY,
                        "ffffffffffffffffffffffffffffffffffffffff",
                        RScript.ReturnType.VALUE,
                        List.of()));
        assertEquals(Optional.of(Kind.NOSCRIPT), kind(e), () -> describe(e));
    }

    private static String describe(Throwable e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.append(" <- ").append(t.getClass().getName()).append(": ").append(t.getMessage());
            if (t.getCause() == t) {
                break;
            }
        }
        return chain.toString();
    }
}
