package io.redkit.testing;

import io.redkit.redis.internal.EmbeddedRedis;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One real Open Liberty server (the distribution unpacked by the build, {@code redkit.liberty.home}) running a WAR at
 * {@code /} under the application's own {@code server.xml}: Liberty has no default feature set, so the application
 * says which features it runs on, and that file is the per-server descriptor its users would write too.
 *
 * <p>Each node has its own user directory, {@code target/nodes/<name>/} ({@code WLP_USER_DIR}): the server {@code
 * shop} in it gets the {@code server.xml}, a {@code bootstrap.properties} with the node's free HTTP ports ({@code
 * http.port}, {@code https.port}) and whatever {@code variables} the test passes (e.g. where a JDBC driver is), a
 * {@code jvm.options} with the system properties, and the WAR as {@code apps/ROOT.war}. The node is started once
 * Liberty reports the server ready ({@code CWWKF0011I}, after the HTTP endpoint listens: the application's own
 * {@code CWWKZ0001I} comes before that) with the application started; any application, feature or kernel error it
 * reports ({@code CWWKZ....E}, {@code CWWKF....E}, {@code CWWKE....E}) throws with that message. Console output goes to {@code
 * target/nodes/<name>.log}, Liberty's own log to {@code target/nodes/<name>/servers/<server>/logs/messages.log}.
 */
public final class LibertyNode implements ServerNode {

    private static final String SERVER = "redkit";
    private static final Pattern STARTED = Pattern.compile("CWWKZ0001I: .* ROOT ");
    private static final Pattern READY = Pattern.compile("CWWKF0011I: ");
    private static final Pattern FAILED = Pattern.compile("(CWWK[ZF]\\d{4}E|CWWKE\\d{4}E): [^\\n]*");

    private final String name;
    private final Path home;
    private final Path userDir;
    private final int port;
    private final Process process;
    private final Path log;

    private LibertyNode(String name, Path home, Path userDir, int port, Process process, Path log) {
        this.name = name;
        this.home = home;
        this.userDir = userDir;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** The unpacked distribution ({@code wlp}): system property {@code redkit.liberty.home}, set by failsafe. */
    public static Path home() {
        String home = System.getProperty("redkit.liberty.home");
        if (home == null || !Files.isRegularFile(Path.of(home, "bin", "tools", "ws-server.jar"))) {
            throw new IllegalStateException("No Open Liberty distribution at " + home + " (redkit.liberty.home): run"
                    + " the integration tests with 'mvn verify', which unpacks io.openliberty:openliberty-runtime"
                    + " first");
        }
        return Path.of(home).toAbsolutePath();
    }

    /**
     * Starts a node running {@code war} under {@code serverXml}, with these {@code server.xml} variables and system
     * properties, and waits until Liberty reports the application started.
     */
    public static LibertyNode start(
            String name, File war, Path serverXml, Map<String, String> variables, Map<String, String> properties) {
        Path home = home();
        Path nodes = Path.of("target", "nodes").toAbsolutePath();
        Path userDir = nodes.resolve(name);
        Path serverDir = userDir.resolve("servers").resolve(SERVER);
        Path log = nodes.resolve(name + ".log");
        int port = EmbeddedRedis.freePort();
        try {
            NodeProcesses.deleteTree(userDir);
            Files.createDirectories(serverDir.resolve("apps"));
            Files.copy(serverXml, serverDir.resolve("server.xml"));
            Files.copy(war.toPath(), serverDir.resolve("apps/ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
            List<String> bootstrap = new ArrayList<>();
            bootstrap.add("http.port=" + port);
            bootstrap.add("https.port=" + EmbeddedRedis.freePort());
            variables.forEach((key, value) -> bootstrap.add(key + "=" + value));
            Files.write(serverDir.resolve("bootstrap.properties"), bootstrap, StandardCharsets.UTF_8);
            List<String> jvm = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            properties.forEach((key, value) -> jvm.add("-D" + key + "=" + value));
            Files.write(serverDir.resolve("jvm.options"), jvm, StandardCharsets.UTF_8);

            Files.createDirectories(nodes);
            ProcessBuilder builder = new ProcessBuilder(
                            "bash", home.resolve("bin/server").toString(), "run", SERVER)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("WLP_USER_DIR", userDir.toString());
            builder.environment().remove("JVM_ARGS");
            Process process = builder.start();
            NodeProcesses.killOnExit(name, process);
            LibertyNode node = new LibertyNode(name, home, userDir, port, process, log);
            node.awaitStarted(Duration.ofMinutes(3));
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Open Liberty node " + name, e);
        }
    }

    private void awaitStarted(Duration timeout) {
        NodeProcesses.await(
                "Open Liberty node " + name + ": server ready with ROOT started",
                process,
                () -> {
                    String console = read(log);
                    return READY.matcher(console).find()
                            || FAILED.matcher(console).find();
                },
                timeout,
                log);
        String console = read(log);
        Matcher failed = FAILED.matcher(console);
        if (failed.find()) {
            close();
            throw new IllegalStateException(
                    "Open Liberty node " + name + " failed: " + failed.group() + " (see " + messagesLog() + ")");
        }
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    "Open Liberty node " + name + " exited with " + process.exitValue() + "; see " + log);
        }
        if (!STARTED.matcher(console).find()) {
            close();
            throw new IllegalStateException("Open Liberty node " + name + " is ready but application ROOT did not"
                    + " start (no CWWKZ0001I; see " + messagesLog() + ")");
        }
    }

    private Path messagesLog() {
        return userDir.resolve("servers").resolve(SERVER).resolve("logs/messages.log");
    }

    private static String read(Path file) {
        return NodeProcesses.read(file);
    }

    @Override
    public String name() {
        return name;
    }

    /** "Open Liberty" and the version of the distribution ({@code lib/versions/openliberty.properties}). */
    @Override
    public String server() {
        Matcher version = Pattern.compile("productVersion=(\\S+)")
                .matcher(read(home.resolve("lib/versions/openliberty.properties")));
        return version.find() ? "Open Liberty " + version.group(1) : "Open Liberty";
    }

    @Override
    public URI base() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Liberty's {@code messages.log} (every message, with stack traces), or the console before it exists. */
    @Override
    public String log() {
        String messages = read(messagesLog());
        return messages.isEmpty() ? read(log) : messages;
    }

    @Override
    public void close() {
        NodeProcesses.stop(process);
    }
}
