package io.redkit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.app.data.DatabaseSettings;
import io.redkit.redis.internal.EmbeddedRedis;
import io.redkit.testing.Http;
import io.redkit.testing.PayaraMicroNode;
import io.redkit.testing.PostgresTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WAR as an operator starts it (plain {@code java -jar payara-micro.jar --deploy}): with no Redis configured it
 * refuses to deploy unless a development redis-server was asked for ({@code redkit.redis.embedded=true}, which it then
 * brings and stops), and with a bad {@code redkit.*} value it refuses to deploy, saying which key. Each test has a
 * node of its own (own name, ports, database), booted ahead of the tests two at a time.
 */
class StandaloneBootIT {

    /** Every test's node, booted ahead two at a time (independent boots; about half the wall time of one by one). */
    private static final Map<String, Future<PayaraMicroNode>> NODES = new LinkedHashMap<>();

    private static ExecutorService boots;
    private static Path postBootCommands;
    private static String unreachableUrl;
    private static String resourceDatabase;

    @BeforeAll
    static void bootEveryNode() throws Exception {
        unreachableUrl = "jdbc:postgresql://127.0.0.1:" + EmbeddedRedis.freePort() + "/shop";
        PostgresTestServer postgres = PostgresTestServer.shared();
        Map<String, String> database = postgres.newDatabase("resource");
        resourceDatabase = database.get(DatabaseSettings.URL).replaceAll(".*/", "");
        postBootCommands = Files.createTempFile("redkit-post-boot", ".asadmin");
        Files.writeString(
                postBootCommands,
                "create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource"
                        + " --restype javax.sql.DataSource --property user=" + PostgresTestServer.USER + ":password="
                        + PostgresTestServer.PASSWORD + ":serverName=127.0.0.1:portNumber=" + postgres.port()
                        + ":databaseName=" + resourceDatabase + " redkit-it-pool\n"
                        + "create-jdbc-resource --connectionpoolid redkit-it-pool jdbc/redkit-it\n");
        String driver = Path.of(org.postgresql.Driver.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        Map<String, String> resource = new java.util.HashMap<>();
        resource.put("redkit.redis.embedded", "true");
        resource.put(DatabaseSettings.JNDI, "jdbc/redkit-it");
        resource.put(DatabaseSettings.URL, "");
        resource.put(DatabaseSettings.USER, "");
        resource.put(DatabaseSettings.PASSWORD, "");

        boots = Executors.newFixedThreadPool(2);
        boot("embedded", Map.of("redkit.redis.embedded", "true"));
        boot("no-redis", Map.of());
        boot("bad-config", Map.of("redkit.redis.address", "redis://user:s3cretPassw0rd@bad host:x"));
        boot("missing-yaml", Map.of("redkit.redis.config", "/nonexistent/redisson.yaml"));
        boot("bad-rule", Map.of("redkit.redis.embedded", "true", "redkit.ratelimit.rule.ping.limits", "lots/1m"));
        boot("no-database", Map.of("redkit.redis.embedded", "true", DatabaseSettings.URL, ""));
        boot(
                "database-unreachable",
                Map.of(
                        "redkit.redis.embedded",
                        "true",
                        DatabaseSettings.URL,
                        unreachableUrl,
                        DatabaseSettings.PASSWORD,
                        "s3cret-do-not-log"));
        boot(
                "jdbc-resource",
                resource,
                List.of("--postbootcommandfile", postBootCommands.toString(), "--addlibs", driver));
        boot(
                "jdbc-resource-missing",
                Map.of("redkit.redis.embedded", "true", DatabaseSettings.JNDI, "jdbc/no-such-resource"));
    }

    private static void boot(String name, Map<String, String> properties) {
        boot(name, properties, List.of());
    }

    private static void boot(String name, Map<String, String> properties, List<String> payaraArgs) {
        NODES.put(name, boots.submit(() -> PayaraMicroNode.start(name, properties, payaraArgs)));
    }

    /** The node booted for {@code name}, once it has booted; the test closes it. */
    private static PayaraMicroNode booted(String name) {
        try {
            return NODES.get(name).get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("Node " + name + " did not boot", e);
        }
    }

    @AfterAll
    static void stopWhatIsLeft() throws Exception {
        if (boots != null) {
            boots.shutdown();
            boots.awaitTermination(5, TimeUnit.MINUTES);
        }
        for (Future<PayaraMicroNode> node : NODES.values()) {
            if (node.isDone() && !node.isCancelled()) {
                try {
                    node.get().close(); // a no-op for a node its test closed
                } catch (ExecutionException e) {
                    // its test reported the failed boot
                }
            }
        }
        if (postBootCommands != null) {
            Files.deleteIfExists(postBootCommands);
        }
    }

    @Test
    void boot_EmbeddedAskedAndNoRedisConfigured_StartsEmbeddedRedisAndIsReady_StopsItOnShutdown() throws Exception {
        int embeddedPort;
        try (PayaraMicroNode node = booted("embedded")) {
            String log = node.log();
            Matcher started = Pattern.compile("started an embedded redis-server at redis://127.0.0.1:(\\d+)")
                    .matcher(log);
            assertTrue(started.find(), "one log line says an embedded Redis was started:\n" + log);
            embeddedPort = Integer.parseInt(started.group(1));

            Http http = node.http();
            assertEquals(200, http.get("health/ready").status());
            assertEquals(
                    200,
                    http.postJson("api/counters/boot/increment", "{\"by\":1}").status());
            assertTrue(portOpen(embeddedPort));
        }
        assertFalse(portOpen(embeddedPort), "the embedded redis-server stops with the application");
    }

    @Test
    void boot_NoRedisConfiguredAndEmbeddedNotAsked_FailsDeploymentWithOneLineNamingTheKeys() {
        try (PayaraMicroNode node = booted("no-redis")) {
            String log = node.log();
            long lines = log.lines()
                    .filter(l -> l.contains("redkit deployment stopped: Invalid redkit configuration"
                            + " redkit.redis.address=(not set): no Redis configured: set redkit.redis.address"))
                    .count();
            assertEquals(1, lines, "exactly one log line names the keys to set:\n" + log);
            assertTrue(log.contains("redkit.redis.config") && log.contains("redkit.redis.embedded=true"), log);
            assertFalse(
                    log.contains("started an embedded redis-server"), "no Redis started behind the operator's back");
            assertFalse(log.contains("redkit was successfully deployed"), log);
        }
    }

    @Test
    void boot_UnparsableRedisAddressWithPassword_FailsDeploymentNamingTheKey_AndNeverLogsThePassword() {
        try (PayaraMicroNode node = booted("bad-config")) {
            String log = node.log();
            long lines = log.lines()
                    .filter(l -> l.contains("redkit deployment stopped: Invalid redkit configuration"
                            + " redkit.redis.address='redis://***@bad host:x'"))
                    .count();
            assertEquals(1, lines, "exactly one log line names the key and the masked value:\n" + log);
            assertFalse(log.contains("s3cretPassw0rd"), "the password reached the server log:\n" + log);
            assertFalse(log.contains("redkit was successfully deployed"), log);
            if (node.isAlive()) {
                assertEquals(404, node.http().get("api/counters/x").status(), "nothing was deployed");
            }
        }
    }

    @Test
    void boot_MissingYamlFile_FailsDeploymentNamingTheKey() {
        try (PayaraMicroNode node = booted("missing-yaml")) {
            String log = node.log();
            assertTrue(
                    log.contains("Invalid redkit configuration redkit.redis.config='/nonexistent/redisson.yaml'"), log);
            assertFalse(log.contains("redkit was successfully deployed"), log);
        }
    }

    @Test
    void boot_BadRateLimitRule_FailsDeploymentNamingRuleAndKey() {
        try (PayaraMicroNode node = booted("bad-rule")) {
            String log = node.log();
            assertTrue(
                    log.contains("redkit deployment stopped: Invalid redkit configuration"
                            + " redkit.ratelimit.rule.ping.limits='lots/1m': rule 'ping': 'lots/1m' is not a limit"),
                    log);
            assertFalse(log.contains("was successfully deployed"), log);
        }
    }

    @Test
    void boot_NoDatabaseConfigured_FailsDeploymentNamingTheKey() {
        try (PayaraMicroNode node = booted("no-database")) {
            String log = node.log();
            assertTrue(
                    log.contains(
                            "redkit deployment stopped: Invalid redkit configuration redkit.app.datasource.url=(not"
                                    + " set): no database configured"),
                    log);
            assertNothingServed(node);
        }
    }

    @Test
    void boot_DatabaseUnreachable_FailsDeploymentNamingTheUrl_AndNeverLogsThePassword() {
        String url = unreachableUrl;
        try (PayaraMicroNode node = booted("database-unreachable")) {
            String log = node.log();
            assertTrue(
                    log.contains("redkit deployment stopped: Invalid redkit configuration " + DatabaseSettings.URL
                            + "='" + url + "': cannot connect to PostgreSQL"),
                    log);
            assertFalse(log.contains("s3cret-do-not-log"), "the password is never logged");
            assertNothingServed(node);
        }
    }

    /**
     * The production route without database settings in the application: the operator creates a JDBC pool and
     * resource with post-boot asadmin commands (the driver on the server's class path with --addlibs), and names it
     * in {@code redkit.app.datasource.jndi}. The app migrates that database and serves from it.
     */
    @Test
    void boot_ServerJdbcResource_IsMigratedAndServes_WithoutUrlOrPassword() throws Exception {
        PostgresTestServer postgres = PostgresTestServer.shared();
        String name = resourceDatabase;
        try (PayaraMicroNode node = booted("jdbc-resource")) {
            Http.Reply product = node.http().get("api/products/1");
            assertEquals(200, product.status(), product + "\n" + node.log());
            assertEquals("KB-001", product.json().getString("sku"));
            assertTrue(node.log().contains("redkit: database JDBC resource jdbc/redkit-it at schema version"));
            try (java.sql.Connection c = postgres.connect(name);
                    java.sql.ResultSet rows = c.createStatement().executeQuery("select count(*) from products")) {
                rows.next();
                assertEquals(4, rows.getInt(1), "the seed went into the resource's database");
            }
        }
    }

    /**
     * A resource name that the server does not have: Payara itself refuses the persistence unit while it deploys,
     * before any application code runs, with one line naming the resource.
     */
    @Test
    void boot_MissingJdbcResource_FailsDeploymentNamingTheResource() {
        try (PayaraMicroNode node = booted("jdbc-resource-missing")) {
            String log = node.log();
            assertTrue(
                    log.contains(
                            "JNDI lookup failed for the resource: Name: [redkit], Lookup: [jdbc/no-such-resource]"),
                    log);
            assertFalse(log.contains("was successfully deployed"), log);
            assertNothingServed(node);
        }
    }

    /**
     * The database is checked by a startup bean, after Payara has logged the deployment as done; the failure then
     * unloads the application: nothing of it answers.
     */
    private static void assertNothingServed(PayaraMicroNode node) {
        if (node.isAlive()) {
            assertEquals(404, node.http().get("api/products").status(), "the application was unloaded");
        }
    }

    private static boolean portOpen(int port) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
