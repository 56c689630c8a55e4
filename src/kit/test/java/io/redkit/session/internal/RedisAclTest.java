package io.redkit.session.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.cache.CacheSettings;
import io.redkit.cache.RedkitCachingProvider;
import io.redkit.config.ConfigReader;
import io.redkit.jobs.JobSettings;
import io.redkit.jobs.internal.JobLockConfig;
import io.redkit.jobs.internal.JobLocks;
import io.redkit.ratelimit.Algorithm;
import io.redkit.ratelimit.KeySource;
import io.redkit.ratelimit.Limit;
import io.redkit.ratelimit.RateLimitRule;
import io.redkit.ratelimit.RateLimiter;
import io.redkit.redis.RedisSettings;
import io.redkit.redis.RedkitKeys;
import io.redkit.redis.internal.EmbeddedRedis;
import io.redkit.redis.internal.RedisPing;
import io.redkit.redis.internal.RedissonConfigs;
import io.redkit.testing.FaultyRedis;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RFencedLock;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/**
 * Every feature runs as a Redis ACL user holding exactly the rule the README documents ({@link #RULE}), on a real
 * redis-server; a narrower rule (without Redisson's lock patterns, without TIME) is shown to fail. It lives in the
 * session package because {@link SessionStore} is built here without a servlet container.
 */
class RedisAclTest {

    static final String PREFIX = "acl";

    /** The README's rule for prefix {@value #PREFIX}, after {@code ACL SETUSER <user> on ><password>}. */
    static final List<String> RULE = List.of(
            "resetkeys",
            "resetchannels",
            "~" + PREFIX + ":*",
            "~redisson_lock_token:{" + PREFIX + ":*",
            "~redisson_unlock_latch:{" + PREFIX + ":*",
            "~redisson_lock__channel:{" + PREFIX + ":*",
            "&" + PREFIX + ":*",
            "&redisson_lock__channel:{" + PREFIX + ":*",
            "-@all",
            "+@read",
            "+@write",
            "+@scripting",
            "+@pubsub",
            "+@connection",
            "+@transaction",
            "+time",
            "+wait",
            "-@dangerous");

    private static EmbeddedRedis redis;
    private static final List<RedkitCachingProvider> providers = new ArrayList<>();

    @BeforeAll
    static void start() {
        redis = EmbeddedRedis.start(0);
        setUser("app", RULE);
        List<String> narrow = new ArrayList<>(RULE);
        narrow.removeIf(rule -> rule.contains("redisson_"));
        setUser("narrow", narrow);
        List<String> noTime = new ArrayList<>(RULE);
        noTime.remove("+time");
        setUser("notime", noTime);
    }

    @AfterAll
    static void stop() {
        providers.forEach(RedkitCachingProvider::close);
        redis.close();
    }

    private static void setUser(String user, List<String> rules) {
        List<String> command = new ArrayList<>(List.of("ACL", "SETUSER", user, "reset", "on", ">pw-" + user));
        command.addAll(rules);
        assertEquals("OK", FaultyRedis.command(redis.port(), command.toArray(String[]::new)));
    }

    private static String address(String user) {
        return "redis://" + user + ":pw-" + user + "@127.0.0.1:" + redis.port();
    }

    private static RedissonClient client(String user) {
        RedisSettings settings = RedisSettings.from(ConfigReader.of(Map.of(RedisSettings.ADDRESS, address(user))));
        return Redisson.create(RedissonConfigs.create(settings, null, RedisAclTest.class.getClassLoader()));
    }

    private static CacheManager cacheManager() {
        Properties properties = new Properties();
        properties.setProperty(RedkitCachingProvider.ADDRESS, address("app"));
        properties.setProperty(RedkitCachingProvider.KEY_PREFIX, PREFIX);
        properties.setProperty(CacheSettings.NEAR_CHECK_INTERVAL, "200ms");
        properties.setProperty("redkit.cache.products.near", "1000,30s");
        // FAIL, not BYPASS: a refused command must show here, not turn into a quiet miss
        properties.setProperty(CacheSettings.OUTAGE_POLICY, "fail");
        RedkitCachingProvider provider = new RedkitCachingProvider();
        providers.add(provider);
        return provider.getCacheManager(URI.create("redkit:acl-test"), RedisAclTest.class.getClassLoader(), properties);
    }

    @Test
    void ping_AsAclUser_IsUp() {
        RedissonClient redisson = client("app");
        try {
            assertTrue(RedisPing.ping(redisson, Duration.ofSeconds(2)).up());
        } finally {
            redisson.shutdown();
        }
    }

    /** Collects created events; static so that the listener factory can be serializable. */
    public static final List<String> CREATED = new CopyOnWriteArrayList<>();

    public static final class Created implements CacheEntryCreatedListener<String, Object>, java.io.Serializable {
        @Override
        public void onCreated(Iterable<javax.cache.event.CacheEntryEvent<? extends String, ? extends Object>> events) {
            events.forEach(e -> CREATED.add(e.getKey()));
        }
    }

    @Test
    void cache_NearCacheAndEventsAcrossTwoManagers_WorkUnderTheRule() {
        MutableConfiguration<String, Object> config =
                new MutableConfiguration<String, Object>().setTypes(String.class, Object.class);
        Cache<String, Object> a = cacheManager().createCache("products", config);
        Cache<String, Object> b = cacheManager().createCache("products", config);
        b.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
                FactoryBuilder.factoryOf(Created.class), null, false, false));
        a.put("k", "v1");
        assertEquals("v1", b.get("k"));
        assertEquals("v1", b.get("k"));
        a.put("k", "v2");
        Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> "v2".equals(b.get("k")));
        a.put("created-on-a", "x");
        Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> CREATED.contains("created-on-a"));
    }

    @Test
    void sessions_SaveLoadRenameAndExpirySweepScan_WorkUnderTheRule() {
        RedissonClient redisson = client("app");
        try {
            SessionStore store = new SessionStore(redisson, new RedkitKeys(PREFIX), 1000, 0, Duration.ofMillis(300));
            String id = SessionIds.newId();
            Map<String, byte[]> attribute = Map.of("x", "v".getBytes(StandardCharsets.UTF_8));
            assertTrue(store.save(id, true, System.currentTimeMillis(), 600, attribute, List.of()));
            assertNotNull(store.load(id));
            String renamed = SessionIds.rotate(id);
            assertTrue(store.rename(id, renamed));
            List<String> found = new ArrayList<>();
            redisson.getKeys()
                    .getKeys(org.redisson.api.options.KeysScanOptions.defaults().pattern(store.pattern()))
                    .forEach(found::add);
            assertTrue(found.contains(store.key(renamed)), found.toString());
            store.delete(renamed);
        } finally {
            redisson.shutdown();
        }
    }

    @Test
    void rateLimiter_AllFourAlgorithms_WorkUnderTheRule() {
        RedissonClient redisson = client("app");
        try {
            RateLimiter limiter = new RateLimiter(redisson, new RedkitKeys(PREFIX));
            for (Algorithm algorithm : Algorithm.values()) {
                RateLimitRule rule = rule(algorithm);
                assertTrue(
                        limiter.decide(rule, RateLimitRule.DEFAULT_TIER, "c", false)
                                .allowed(),
                        algorithm.name());
                assertFalse(
                        limiter.decide(rule, RateLimitRule.DEFAULT_TIER, "c", false)
                                .allowed(),
                        algorithm.name());
            }
        } finally {
            redisson.shutdown();
        }
    }

    private static RateLimitRule rule(Algorithm algorithm) {
        return new RateLimitRule(
                "r" + UUID.randomUUID().toString().substring(0, 8),
                List.of("/x"),
                Set.of(),
                new KeySource(KeySource.Kind.IP, null),
                algorithm,
                Map.of(RateLimitRule.DEFAULT_TIER, List.of(Limit.parse("1/1m"))),
                RateLimitRule.TierSource.NONE,
                RateLimitRule.DEFAULT_TIER,
                RateLimitRule.OnRedisDown.FAIL_CLOSED);
    }

    @Test
    void locks_JobLocksRLockAndFencedLock_WorkUnderTheRule() {
        RedissonClient redisson = client("app");
        try {
            JobLocks jobs = new JobLocks(
                    redisson,
                    new RedkitKeys(PREFIX),
                    JobSettings.from(ConfigReader.of(Map.of(JobSettings.NODE_NAME, "acl-node"))));
            var lease = jobs.tryAcquire(new JobLockConfig("acl-job", Duration.ofSeconds(10), Duration.ZERO))
                    .orElseThrow();
            assertTrue(lease.release(JobLocks.Outcome.SUCCESS, null));

            String name = new RedkitKeys(PREFIX).key("lock", "orders");
            RLock lock = redisson.getLock(name);
            lock.lock(10, TimeUnit.SECONDS);
            lock.unlock();
            assertFalse(lock.isLocked());
            RFencedLock fenced = redisson.getFencedLock(name + "-fenced");
            Long token = fenced.lockAndGetToken(10, TimeUnit.SECONDS);
            assertNotNull(token);
            fenced.unlock();
            assertFalse(fenced.isLocked());
        } finally {
            redisson.shutdown();
        }
    }

    @Test
    void unlock_WithoutRedissonLockPatterns_IsRefused() {
        RedissonClient redisson = client("narrow");
        try {
            RLock lock = redisson.getLock(new RedkitKeys(PREFIX).key("lock", "narrow"));
            lock.lock(10, TimeUnit.SECONDS);
            RuntimeException refused = assertThrows(RuntimeException.class, lock::unlock);
            assertTrue(
                    String.valueOf(refused.getMessage()).contains("NOPERM")
                            || String.valueOf(refused.getCause()).contains("NOPERM"),
                    String.valueOf(refused));
        } finally {
            redisson.shutdown();
        }
    }

    @Test
    void dangerousCommands_AreRefused() throws Exception {
        for (String command : new String[] {"KEYS *", "FLUSHALL", "CONFIG GET maxmemory", "INFO", "CLIENT LIST"}) {
            String reply = asApp(command);
            assertTrue(reply.startsWith("-NOPERM"), command + " -> " + reply);
        }
        assertTrue(asApp("SCAN 0 MATCH " + PREFIX + ":session:* COUNT 10").startsWith("*2"), "SCAN MATCH is allowed");
        assertEquals(":0", asApp("WAIT 0 10"), "WAIT (redkit.session.wait-replicas) is allowed");
    }

    @Test
    void rateLimiter_WithoutTime_IsRefused() {
        RedissonClient redisson = client("notime");
        try {
            RateLimiter limiter = new RateLimiter(redisson, new RedkitKeys(PREFIX));
            RateLimitRule rule = rule(Algorithm.FIXED_WINDOW);
            RuntimeException refused = assertThrows(
                    RuntimeException.class, () -> limiter.decide(rule, RateLimitRule.DEFAULT_TIER, "c", false));
            assertTrue(String.valueOf(refused.getMessage()).contains("can't run this command"), refused.getMessage());
        } finally {
            redisson.shutdown();
        }
    }

    /** One command on a fresh connection authenticated as {@code app}; the reply's first line. */
    private static String asApp(String command) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", redis.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("AUTH app pw-app\r\n" + command + "\r\n").getBytes(StandardCharsets.UTF_8));
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("+OK", in.readLine());
            return in.readLine();
        }
    }
}
