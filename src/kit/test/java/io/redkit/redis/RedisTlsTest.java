package io.redkit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.cache.RedkitCachingProvider;
import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import io.redkit.jobs.JobSettings;
import io.redkit.jobs.internal.JobLockConfig;
import io.redkit.jobs.internal.JobLocks;
import io.redkit.ratelimit.Algorithm;
import io.redkit.ratelimit.KeySource;
import io.redkit.ratelimit.Limit;
import io.redkit.ratelimit.RateLimitRule;
import io.redkit.ratelimit.RateLimiter;
import io.redkit.redis.internal.RedisPing;
import io.redkit.redis.internal.RedisTlsFailures;
import io.redkit.redis.internal.RedissonConfigs;
import io.redkit.testing.RedisTlsTestServer;
import io.redkit.testing.TestCertificates;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/** TLS in address mode against real TLS redis-servers with certificates made by keytool. */
class RedisTlsTest {

    private static Path dir;
    private static TestCertificates.Ca ca;
    private static TestCertificates.Ca otherCa;
    private static TestCertificates.Leaf client;
    private static RedisTlsTestServer server;
    private static RedisTlsTestServer otherHost;
    private static RedisTlsTestServer mutual;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("redkit-tls");
        TestCertificates certificates = new TestCertificates(dir);
        ca = certificates.ca("ca");
        otherCa = certificates.ca("other-ca");
        TestCertificates.Leaf loopback = certificates.leaf(ca, "server", "IP:127.0.0.1,DNS:localhost");
        TestCertificates.Leaf elsewhere = certificates.leaf(ca, "elsewhere", "DNS:redis.example.com");
        client = certificates.leaf(ca, "client", null);
        server = RedisTlsTestServer.start(loopback, ca, false);
        otherHost = RedisTlsTestServer.start(elsewhere, ca, false);
        mutual = RedisTlsTestServer.start(loopback, ca, true);
    }

    @AfterAll
    static void stop() {
        for (RedisTlsTestServer s : new RedisTlsTestServer[] {server, otherHost, mutual}) {
            if (s != null) {
                s.close();
            }
        }
    }

    private static Map<String, String> trusting(RedisTlsTestServer target, TestCertificates.Ca trusted) {
        Map<String, String> values = new HashMap<>();
        values.put(RedisSettings.ADDRESS, target.address());
        values.put(RedisTls.TRUSTSTORE, trusted.truststore().toString());
        values.put(RedisTls.TRUSTSTORE_PASSWORD, TestCertificates.PASSWORD);
        return values;
    }

    private static RedisPing.Result ping(Map<String, String> values) {
        RedissonClient redisson = connect(values);
        try {
            return RedisPing.ping(redisson, Duration.ofSeconds(3));
        } finally {
            redisson.shutdown();
        }
    }

    private static RedissonClient connect(Map<String, String> values) {
        RedisSettings settings = RedisSettings.from(ConfigReader.of(values));
        return Redisson.create(RedissonConfigs.create(settings, null, RedisTlsTest.class.getClassLoader()));
    }

    private static void using(Map<String, String> values, Consumer<RedissonClient> body) {
        RedissonClient redisson = connect(values);
        try {
            body.accept(redisson);
        } finally {
            redisson.shutdown();
        }
    }

    @Test
    void ping_TrustedCa_IsUpAndServesCommands() {
        assertTrue(ping(trusting(server, ca)).up());
        using(trusting(server, ca), redisson -> {
            redisson.getBucket("redkit:tls:probe").set("over tls", Duration.ofMinutes(1));
            assertEquals("over tls", redisson.getBucket("redkit:tls:probe").get());
        });
    }

    @Test
    void ping_PemCaFile_IsUp() {
        Map<String, String> values = trusting(server, ca);
        values.put(RedisTls.TRUSTSTORE, ca.pem().toString());
        values.remove(RedisTls.TRUSTSTORE_PASSWORD);
        assertTrue(ping(values).up());
    }

    @Test
    void ping_OtherCa_IsDownSayingCertificateNotTrusted() {
        RedisPing.Result result = ping(trusting(server, otherCa));
        assertFalse(result.up());
        assertTrue(
                result.error().contains("server certificate not trusted (check redkit.redis.tls.truststore)"),
                result.error());
    }

    @Test
    void command_OtherCa_IsAnOutageThatTlsFailuresExplain() {
        using(trusting(server, otherCa), redisson -> {
            RuntimeException failure = assertThrows(RuntimeException.class, () -> redisson.getBucket("redkit:tls:x")
                    .get());
            assertEquals(Optional.of(RedisOutages.Kind.UNREACHABLE), RedisOutages.classify(failure));
            assertEquals(
                    Optional.of(
                            "TLS handshake failed: server certificate not trusted (check " + RedisTls.TRUSTSTORE + ")"),
                    RedisTlsFailures.describe(failure));
        });
    }

    @Test
    void ping_CertificateForOtherHost_IsRefusedByDefault() {
        RedisPing.Result result = ping(trusting(otherHost, ca));
        assertFalse(result.up());
        assertTrue(result.error().contains("not issued for this host"), result.error());
    }

    @Test
    void ping_CertificateForOtherHostInCaOnlyMode_IsUp() {
        Map<String, String> values = trusting(otherHost, ca);
        values.put(RedisTls.VERIFY, "ca-only");
        assertTrue(ping(values).up());
    }

    @Test
    void ping_ClientCertificateRequiredButNone_IsDown() {
        // Under TLS 1.3 the server checks the client certificate after the client's handshake is done and just
        // closes the connection: the client sees a refused connection, not a TLS alert.
        RedisPing.Result result = ping(trusting(mutual, ca));
        assertFalse(result.up());
        System.out.printf(
                "TLS without client certificate: ping answered after %d ms: %s%n", result.millis(), result.error());
    }

    @Test
    void ping_ClientCertificateRequiredAndGiven_IsUp() {
        Map<String, String> values = trusting(mutual, ca);
        values.put(RedisTls.KEYSTORE, client.store().toString());
        values.put(RedisTls.KEYSTORE_PASSWORD, TestCertificates.PASSWORD);
        assertTrue(ping(values).up());
    }

    @Test
    void features_OverTls_RateLimitJobLockAndRLockWork() {
        using(trusting(server, ca), redisson -> {
            RateLimiter limiter = new RateLimiter(redisson, new RedkitKeys("tlstest"));
            RateLimitRule rule = new RateLimitRule(
                    "tls",
                    List.of("/x"),
                    Set.of(),
                    new KeySource(KeySource.Kind.IP, null),
                    Algorithm.SLIDING_LOG,
                    Map.of(RateLimitRule.DEFAULT_TIER, List.of(Limit.parse("1/1m"))),
                    RateLimitRule.TierSource.NONE,
                    RateLimitRule.DEFAULT_TIER,
                    RateLimitRule.OnRedisDown.FAIL_CLOSED);
            assertTrue(
                    limiter.decide(rule, RateLimitRule.DEFAULT_TIER, "c", false).allowed());
            assertFalse(
                    limiter.decide(rule, RateLimitRule.DEFAULT_TIER, "c", false).allowed());

            JobLocks jobs = new JobLocks(
                    redisson,
                    new RedkitKeys("tlstest"),
                    JobSettings.from(ConfigReader.of(Map.of(JobSettings.NODE_NAME, "tls-node"))));
            var lease = jobs.tryAcquire(new JobLockConfig("tls-job", Duration.ofSeconds(10), Duration.ZERO))
                    .orElseThrow();
            assertTrue(lease.release(JobLocks.Outcome.SUCCESS, null));

            RLock lock = redisson.getLock("tlstest:lock");
            lock.lock();
            lock.unlock();
            assertFalse(lock.isLocked());
        });
    }

    @Test
    void cache_OverTls_PutThenGetFromAnotherManager() {
        Properties properties = new Properties();
        trusting(server, ca).forEach(properties::setProperty);
        properties.setProperty(RedkitCachingProvider.KEY_PREFIX, "tlscache");
        MutableConfiguration<String, String> config =
                new MutableConfiguration<String, String>().setTypes(String.class, String.class);
        try (RedkitCachingProvider a = new RedkitCachingProvider();
                RedkitCachingProvider b = new RedkitCachingProvider()) {
            URI uri = URI.create("redkit:tls-test");
            ClassLoader loader = RedisTlsTest.class.getClassLoader();
            a.getCacheManager(uri, loader, properties)
                    .createCache("tls", config)
                    .put("k", "v");
            assertEquals(
                    "v",
                    b.getCacheManager(uri, loader, properties)
                            .createCache("tls", config)
                            .get("k"));
        }
    }

    @Test
    void from_TruststoreWithPlainRedis_FailsNamingTheKey() {
        Map<String, String> values = trusting(server, ca);
        values.put(RedisSettings.ADDRESS, "redis://127.0.0.1:6379");
        RedkitConfigException e =
                assertThrows(RedkitConfigException.class, () -> RedisSettings.from(ConfigReader.of(values)));
        assertEquals(RedisTls.TRUSTSTORE, e.key());
    }

    @Test
    void from_MissingTruststore_FailsNamingTheKey() {
        Map<String, String> values = trusting(server, ca);
        values.put(RedisTls.TRUSTSTORE, dir.resolve("absent.p12").toString());
        RedkitConfigException e =
                assertThrows(RedkitConfigException.class, () -> RedisSettings.from(ConfigReader.of(values)));
        assertEquals(RedisTls.TRUSTSTORE, e.key());
        assertTrue(e.getMessage().contains("no readable file"), e.getMessage());
    }

    @Test
    void from_WrongTruststorePassword_FailsWithoutShowingIt() {
        Map<String, String> values = trusting(server, ca);
        values.put(RedisTls.TRUSTSTORE_PASSWORD, "wrong-secret-xyz");
        RedkitConfigException e =
                assertThrows(RedkitConfigException.class, () -> RedisSettings.from(ConfigReader.of(values)));
        assertEquals(RedisTls.TRUSTSTORE, e.key());
        assertFalse(e.getMessage().contains("wrong-secret-xyz"), e.getMessage());
    }

    @Test
    void from_NotAKeyStore_FailsNamingTheKey() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.p12"), "not a store");
        Map<String, String> values = trusting(server, ca);
        values.put(RedisTls.KEYSTORE, junk.toString());
        RedkitConfigException e =
                assertThrows(RedkitConfigException.class, () -> RedisSettings.from(ConfigReader.of(values)));
        assertEquals(RedisTls.KEYSTORE, e.key());
    }

    @Test
    void from_KeystoreWithoutPrivateKey_FailsNamingTheKey() {
        Map<String, String> values = trusting(server, ca);
        values.put(RedisTls.KEYSTORE, ca.truststore().toString());
        values.put(RedisTls.KEYSTORE_PASSWORD, TestCertificates.PASSWORD);
        RedkitConfigException e =
                assertThrows(RedkitConfigException.class, () -> RedisSettings.from(ConfigReader.of(values)));
        assertTrue(e.getMessage().contains("no private key"), e.getMessage());
    }
}
