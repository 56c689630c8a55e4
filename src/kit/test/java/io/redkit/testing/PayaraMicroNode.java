package io.redkit.testing;

import io.redkit.redis.internal.EmbeddedRedis;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One real Payara Micro process running the real WAR at {@code /}, for tests that need several nodes, a hard kill,
 * or a deployment that is expected to fail. Output goes to {@code target/nodes/<name>.log}.
 */
public final class PayaraMicroNode implements ServerNode {

    private static final String READY = "Payara Micro .* ready in";

    /** The HTTP port in the instance configuration Payara Micro prints when it is ready. */
    private static final java.util.regex.Pattern BOUND_PORT =
            java.util.regex.Pattern.compile("\"Http Port\\(s\\)\": \"([0-9]+)");

    private final String name;
    private volatile int port;
    private final Process process;
    private final Path log;

    private PayaraMicroNode(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * The WAR the integration tests of a module deploy: system property {@code redkit.test.war}, set by the
     * module's failsafe configuration to the WAR its package phase built.
     */
    public static File warUnderTest() {
        File war = new File(System.getProperty("redkit.test.war", "target/redkit.war"));
        if (!war.isFile()) {
            throw new IllegalStateException("No WAR at " + war.getAbsolutePath() + ": run the integration tests with"
                    + " 'mvn verify', which packages it first");
        }
        return war;
    }

    /**
     * Starts a node with the given system properties (e.g. {@code redkit.redis.address}) and waits until Payara
     * Micro says it is ready, or exits.
     */
    public static PayaraMicroNode start(String name, Map<String, String> systemProperties) {
        return start(name, warUnderTest(), systemProperties);
    }

    /** As {@link #start(String, Map)}, deploying {@code war} (e.g. the real WAR plus test-only classes). */
    public static PayaraMicroNode start(String name, File war, Map<String, String> systemProperties) {
        return boot(name, war, ownJava(), withDefaults(defaults.get(), systemProperties), List.of());
    }

    /**
     * As {@link #start(String, Map)}, with more Payara Micro arguments after the usual ones (e.g. {@code
     * --postbootcommandfile f}, {@code --addlibs jar}).
     */
    public static PayaraMicroNode start(String name, Map<String, String> systemProperties, List<String> payaraArgs) {
        return boot(name, warUnderTest(), ownJava(), withDefaults(defaults.get(), systemProperties), payaraArgs);
    }

    private static volatile java.util.function.Supplier<Map<String, String>> defaults = Map::of;

    /**
     * System properties that every node gets unless its own properties set them: asked once per {@link #start} or
     * {@link #startAll} call, so the nodes started together share them (e.g. the database of one test).
     */
    public static void defaults(java.util.function.Supplier<Map<String, String>> supplier) {
        defaults = supplier;
    }

    private static Map<String, String> withDefaults(Map<String, String> defaults, Map<String, String> own) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(defaults);
        merged.putAll(own);
        return merged;
    }

    /** The JDK the tests run on. */
    private static Path ownJava() {
        return Path.of(System.getProperty("java.home"));
    }

    private static PayaraMicroNode boot(
            String name, File war, Path javaHome, Map<String, String> systemProperties, List<String> payaraArgs) {
        int port = EmbeddedRedis.freePort();
        Path log = Path.of("target", "nodes", name + ".log").toAbsolutePath();
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        // C1 only: a test node's life is mostly its boot, which this halves in CPU (tests measure no speed); benchmarks
        // measure speed and set redkit.node.full-jit=true
        if (!Boolean.getBoolean("redkit.node.full-jit")) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        // e.g. -Dredkit.node.jvm-args="-XX:StartFlightRecording=filename=/tmp/node.jfr" to profile a node
        String extra = System.getProperty("redkit.node.jvm-args", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        // pauses next to the node's log: a timeout seen by a test can be matched against a collection
        command.add("-Xlog:gc:file=" + log.resolveSibling(name + "-gc.log") + ":uptime,level,tags");
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of(
                "-jar",
                microJar(),
                "--nocluster",
                "--port",
                String.valueOf(port),
                "--sslport",
                String.valueOf(EmbeddedRedis.freePort()),
                // a port free when chosen may be taken by the time Payara binds it (a connection's local port, a node
                // booting beside it), and Payara then waits forever instead of exiting: it takes the next free one
                // instead, and the port it bound is read from its ready banner
                "--autobindhttp",
                "--autobindssl",
                "--autobindrange",
                "100",
                "--deploy",
                war.getAbsolutePath(),
                "--contextroot",
                "/"));
        command.addAll(payaraArgs);
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            PayaraMicroNode node = new PayaraMicroNode(name, port, process, log);
            NodeProcesses.killOnExit(name, process);
            node.awaitReady(Duration.ofMinutes(3));
            java.util.regex.Matcher bound = BOUND_PORT.matcher(node.log());
            if (bound.find()) {
                node.port = Integer.parseInt(bound.group(1));
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Payara Micro node " + name, e);
        }
    }

    /**
     * Starts several nodes at once (booting in parallel halves the wait on two cores), each with its own system
     * properties, all deploying {@code war}. Returned in the order of {@code nodes}; if one fails to start, the others
     * are stopped and its failure is thrown.
     */
    public static List<PayaraMicroNode> startAll(File war, Map<String, Map<String, String>> nodes) throws Exception {
        return startAll(war, ownJava(), nodes);
    }

    /**
     * As {@link #startAll(File, Map)}, the nodes running on the JDK at {@code javaHome} (Payara Micro 7 needs 21+:
     * see {@link Jdks}).
     */
    public static List<PayaraMicroNode> startAll(File war, Path javaHome, Map<String, Map<String, String>> nodes)
            throws Exception {
        Map<String, String> shared = defaults.get();
        Map<String, java.util.concurrent.Callable<PayaraMicroNode>> boots = new java.util.LinkedHashMap<>();
        nodes.forEach((name, properties) ->
                boots.put(name, () -> boot(name, war, javaHome, withDefaults(shared, properties), List.of())));
        return NodeProcesses.startAll(boots);
    }

    /** Two nodes of the real WAR, {@code <prefix>-a} and {@code <prefix>-b}, booted in parallel. */
    public static List<PayaraMicroNode> startPair(
            String prefix, Map<String, String> configA, Map<String, String> configB) throws Exception {
        Map<String, Map<String, String>> nodes = new java.util.LinkedHashMap<>();
        nodes.put(prefix + "-a", configA);
        nodes.put(prefix + "-b", configB);
        return startAll(warUnderTest(), nodes);
    }

    /** Closes every node that was started; nulls (a failed start) are skipped. */
    public static void closeAll(PayaraMicroNode... nodes) {
        for (PayaraMicroNode node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    private static String microJar() {
        String jar = System.getProperty("payara.microJar", "target/payara-micro.jar");
        if (!new File(jar).isFile()) {
            throw new IllegalStateException("No Payara Micro jar at " + jar + ": run the tests with 'mvn verify'");
        }
        return jar;
    }

    private void awaitReady(Duration timeout) {
        NodeProcesses.await(
                "Payara Micro node " + name + " ready",
                process,
                () -> log().lines().anyMatch(line -> line.matches(".*" + READY + ".*")),
                timeout,
                log);
    }

    @Override
    public String name() {
        return name;
    }

    /** "Payara Micro" and the version its ready line names. */
    @Override
    public String server() {
        java.util.regex.Matcher version =
                java.util.regex.Pattern.compile("Payara Micro ([0-9][^ ]*) ").matcher(log());
        return version.find() ? "Payara Micro " + version.group(1) : "Payara Micro";
    }

    @Override
    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    @Override
    public Http http() {
        return new Http(base());
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the node printed so far. */
    @Override
    public String log() {
        return NodeProcesses.read(log);
    }

    public long pid() {
        return process.pid();
    }

    /** Freezes the whole JVM ({@code SIGSTOP}), as a very long GC pause would. */
    public void suspend() {
        signal("STOP");
    }

    /** Thaws a {@link #suspend()}ed JVM ({@code SIGCONT}). */
    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The node dies at once, as with {@code kill -9}: no shutdown hooks, nothing flushed. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            resume();
        }
        NodeProcesses.stop(process);
    }

    private void waitForExit() {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
