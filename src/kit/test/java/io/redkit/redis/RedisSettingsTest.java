package io.redkit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import io.redkit.redis.internal.RedissonConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisSettingsTest {

    /** Settings as the run profile and the tests give them: embedded allowed unless a Redis is named. */
    private static RedisSettings settings(Map<String, String> values) {
        Map<String, String> withEmbedded = new java.util.HashMap<>(values);
        withEmbedded.putIfAbsent(RedisSettings.EMBEDDED, "true");
        return RedisSettings.from(ConfigReader.of(withEmbedded));
    }

    private static RedkitConfigException failure(String key, String value) {
        return assertThrows(RedkitConfigException.class, () -> settings(Map.of(key, value)));
    }

    @Test
    void from_NothingConfigured_FailsNamingTheKeysToSet() {
        RedkitConfigException e =
                assertThrows(RedkitConfigException.class, () -> RedisSettings.from(ConfigReader.of(Map.of())));
        assertEquals(RedisSettings.ADDRESS, e.key());
        assertTrue(
                e.getMessage().contains(RedisSettings.ADDRESS)
                        && e.getMessage().contains(RedisSettings.CONFIG)
                        && e.getMessage().contains(RedisSettings.EMBEDDED + "=true"),
                e.getMessage());
    }

    @Test
    void from_EmbeddedAskedWithAnAddress_TheAddressWins() {
        RedisSettings s =
                settings(Map.of(RedisSettings.EMBEDDED, "true", RedisSettings.ADDRESS, "redis://cache.example:6379"));
        assertFalse(s.embedded());
    }

    @Test
    void from_EmbeddedAsked_IsEmbeddedWithDefaults() {
        RedisSettings s = settings(Map.of(RedisSettings.EMBEDDED, "true"));
        assertTrue(s.embedded());
        assertEquals("redkit", s.keyPrefix());
        assertEquals(Duration.ofSeconds(3), s.timeout());
        assertEquals(Duration.ofSeconds(1), s.healthTimeout());
        assertEquals(RedisSettings.DEFAULT_CODEC_FILTER, s.codecFilter());
    }

    @Test
    void from_AllowAlso_AddsToTheDefaultOrToTheGivenAllowlist_AndABadOneNamesItsKey() {
        assertEquals(
                RedisSettings.DEFAULT_CODEC_FILTER + ";com.example.**",
                settings(Map.of(RedisSettings.EMBEDDED, "true", RedisSettings.CODEC_ALLOW_ALSO, "com.example.**"))
                        .codecFilter());
        assertEquals(
                "java.util.*;com.example.**",
                settings(Map.of(
                                RedisSettings.EMBEDDED, "true",
                                RedisSettings.CODEC_ALLOW, "java.util.*",
                                RedisSettings.CODEC_ALLOW_ALSO, "com.example.**"))
                        .codecFilter());
        io.redkit.config.RedkitConfigException bad = org.junit.jupiter.api.Assertions.assertThrows(
                io.redkit.config.RedkitConfigException.class,
                () -> settings(Map.of(RedisSettings.EMBEDDED, "true", RedisSettings.CODEC_ALLOW_ALSO, "maxdepth=x")));
        assertTrue(bad.getMessage().contains(RedisSettings.CODEC_ALLOW_ALSO), bad.getMessage());
    }

    @Test
    void from_AddressWithCredentials_SplitsThemOffAndHidesThem() {
        RedisSettings s = settings(Map.of(RedisSettings.ADDRESS, "rediss://app:s3cret@cache.example:6380"));
        RedisSettings.RedisAddress address = s.address().orElseThrow();
        assertFalse(s.embedded());
        assertEquals("rediss://cache.example:6380", address.uri());
        assertEquals("app", address.username().orElseThrow());
        assertEquals("s3cret", address.password().orElseThrow());
        assertFalse(s.toString().contains("s3cret"), s.toString());
    }

    @Test
    void from_MalformedAddressWithPassword_ErrorNamesTheKeyButNotThePassword() {
        for (String bad : new String[] {
            "redis://app:S3cretPw@bad host:x",
            "http://app:S3cretPw@cache.example",
            "redis://app:S3cretPw@",
            "redis://app:S3cretPw@cache.example/1",
            "app:S3cretPw@cache.example"
        }) {
            RedkitConfigException e = failure(RedisSettings.ADDRESS, bad);
            assertEquals(RedisSettings.ADDRESS, e.key(), bad);
            assertFalse(e.getMessage().contains("S3cretPw"), e.getMessage());
            assertFalse(String.valueOf(e.value()).contains("S3cretPw"), e.value());
            assertTrue(e.getMessage().contains("***@"), e.getMessage());
        }
    }

    @Test
    void from_AddressWithoutPortOrUser_DefaultsPort6379AndPasswordOnly() {
        RedisSettings.RedisAddress a = settings(Map.of(RedisSettings.ADDRESS, "redis://:pw@localhost"))
                .address()
                .orElseThrow();
        assertEquals("redis://localhost:6379", a.uri());
        assertTrue(a.username().isEmpty());
        assertEquals("pw", a.password().orElseThrow());
    }

    @Test
    void from_UnparsableAddress_NamesKeyAndValue() {
        RedkitConfigException e = failure(RedisSettings.ADDRESS, "not a uri");
        assertEquals("redkit.redis.address", e.key());
        assertTrue(e.getMessage().contains("redkit.redis.address='not a uri'"), e.getMessage());
    }

    @Test
    void from_WrongSchemeOrNoHostOrPath_Fails() {
        assertTrue(failure(RedisSettings.ADDRESS, "http://localhost:6379")
                .getMessage()
                .contains("redis://"));
        assertTrue(failure(RedisSettings.ADDRESS, "localhost:6379").getMessage().contains("scheme"));
        assertTrue(failure(RedisSettings.ADDRESS, "redis:///x").getMessage().contains("no host"));
        assertTrue(failure(RedisSettings.ADDRESS, "redis://h:1/3").getMessage().contains("no path"));
    }

    @Test
    void from_MissingYamlFile_NamesKeyAndPath() {
        RedkitConfigException e = failure(RedisSettings.CONFIG, "/nonexistent/redisson.yaml");
        assertEquals("redkit.redis.config", e.key());
        assertTrue(e.getMessage().contains("no readable Redisson YAML file"), e.getMessage());
    }

    @Test
    void from_YamlAndAddressTogether_Fails(@TempDir Path dir) throws Exception {
        Path yaml = Files.writeString(dir.resolve("r.yaml"), "singleServerConfig:\n  address: redis://h:1\n");
        RedkitConfigException e = assertThrows(
                RedkitConfigException.class,
                () -> settings(Map.of(RedisSettings.CONFIG, yaml.toString(), RedisSettings.ADDRESS, "redis://h:2")));
        assertTrue(e.getMessage().contains("not both"), e.getMessage());
    }

    @Test
    void from_BadKeyPrefix_Fails() {
        assertEquals(
                RedisSettings.KEY_PREFIX,
                failure(RedisSettings.KEY_PREFIX, "my app").key());
        assertEquals(
                RedisSettings.KEY_PREFIX,
                failure(RedisSettings.KEY_PREFIX, "a:b").key());
        assertEquals(
                RedisSettings.KEY_PREFIX,
                failure(RedisSettings.KEY_PREFIX, "{x}").key());
    }

    @Test
    void from_BadCodecFilterOrTimeout_Fails() {
        assertEquals(
                RedisSettings.CODEC_ALLOW,
                failure(RedisSettings.CODEC_ALLOW, "maxdepth=ten").key());
        assertEquals(
                RedisSettings.TIMEOUT, failure(RedisSettings.TIMEOUT, "1ms").key());
        assertEquals(
                RedisSettings.EMBEDDED_PORT,
                failure(RedisSettings.EMBEDDED_PORT, "70000").key());
    }

    @Test
    void from_ClientTuning_DefaultsAndBadValuesNameTheirKey() {
        RedisClientTuning tuning = settings(Map.of()).tuning();
        assertEquals(32, tuning.connectionPoolSize());
        assertEquals(4, tuning.connectionMinimumIdleSize());
        assertEquals(3, tuning.retryAttempts());
        assertEquals(java.time.Duration.ofMillis(500), tuning.retryInterval());
        assertEquals(java.time.Duration.ofMillis(2000), tuning.sendWindow());
        org.redisson.config.Config config = RedissonConfigs.create(
                settings(Map.of(
                        RedisSettings.ADDRESS, "redis://127.0.0.1:6379", RedisClientTuning.RETRY_INTERVAL, "250ms")),
                null,
                getClass().getClassLoader());
        org.redisson.config.SingleServerConfig single = config.useSingleServer();
        assertEquals(32, single.getConnectionPoolSize());
        assertEquals(4, single.getConnectionMinimumIdleSize());
        assertEquals(3, single.getRetryAttempts());
        // constant: every attempt waits as long for its connection and its write, the third as the first
        assertEquals(java.time.Duration.ofMillis(250), single.getRetryDelay().calcDelay(0));
        assertEquals(java.time.Duration.ofMillis(250), single.getRetryDelay().calcDelay(2));
        assertEquals(32, config.getNettyThreads());
        assertEquals(
                RedisClientTuning.MIN_IDLE,
                assertThrows(
                                RedkitConfigException.class,
                                () -> settings(
                                        Map.of(RedisClientTuning.POOL_SIZE, "8", RedisClientTuning.MIN_IDLE, "9")))
                        .key());
        assertEquals(
                RedisClientTuning.RETRY_INTERVAL,
                failure(RedisClientTuning.RETRY_INTERVAL, "5ms").key());
        assertEquals(
                RedisClientTuning.POOL_SIZE,
                failure(RedisClientTuning.POOL_SIZE, "0").key());
    }

    @Test
    void load_InvalidYaml_NamesTheConfigKey(@TempDir Path dir) throws Exception {
        Path yaml = Files.writeString(dir.resolve("bad.yaml"), "singleServerConfig:\n  adress: [\n");
        RedkitConfigException e = assertThrows(
                RedkitConfigException.class,
                () -> RedissonConfigs.load(yaml, getClass().getClassLoader()));
        assertEquals(RedisSettings.CONFIG, e.key());
    }

    @Test
    void load_ShippedYamlExamples_Parse() {
        for (String name : new String[] {"redisson.yaml", "redisson-sentinel.yaml", "redisson-cluster.yaml"}) {
            RedissonConfigs.load(
                    Path.of(System.getProperty("redkit.test.serverConfig", "server-config"), name),
                    getClass().getClassLoader());
        }
    }
}
