package io.redkit.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One real WildFly server (the distribution unpacked by the build, {@code redkit.wildfly.home}) in its default
 * configuration, {@code standalone.xml}, with the WAR deployed as {@code ROOT.war} at {@code /}.
 *
 * <p>Each node has its own server base directory, {@code target/nodes/<name>/} (configuration copied from the
 * distribution, deployments, data, log), and a port offset of its own: WildFly binds fixed ports besides HTTP (the
 * transaction recovery ports 4712/4713, management 9990), so two nodes on one machine need one. The one change made to
 * {@code standalone.xml} is to free {@code /} from the welcome page. The node is started only once WildFly's
 * deployment scanner marks the WAR deployed ({@code ROOT.war.deployed}) and the server has finished booting ({@code
 * WFLYSRV0025}/{@code WFLYSRV0026}: until then a booting WildFly is suspended and answers 503); a {@code
 * ROOT.war.failed} marker throws with WildFly's failure description. Console output goes to {@code target/nodes/<name>.log}.
 */
public final class WildFlyNode implements ServerNode {

    /** The ports of {@code standalone.xml}'s socket-binding group, moved together by the port offset. */
    private static final int[] PORTS = {8080, 8443, 8009, 9990, 9993, 4712, 4713};

    /** WildFly's "started" / "started (with errors)": boot is over, the server is no longer suspended. */
    private static final java.util.regex.Pattern BOOTED = java.util.regex.Pattern.compile("WFLYSRV002[56]: ");

    private static final Set<Integer> OFFSETS_IN_USE = ConcurrentHashMap.newKeySet();

    private final String name;
    private final Path home;
    private final Path baseDir;
    private final int offset;
    private final Process process;
    private final Path log;

    private WildFlyNode(String name, Path home, Path baseDir, int offset, Process process, Path log) {
        this.name = name;
        this.home = home;
        this.baseDir = baseDir;
        this.offset = offset;
        this.process = process;
        this.log = log;
    }

    /** The unpacked distribution: system property {@code redkit.wildfly.home}, set by the module's failsafe. */
    public static Path home() {
        String home = System.getProperty("redkit.wildfly.home");
        if (home == null || !Files.isRegularFile(Path.of(home, "jboss-modules.jar"))) {
            throw new IllegalStateException("No WildFly distribution at " + home + " (redkit.wildfly.home): run the"
                    + " integration tests with 'mvn verify', which unpacks org.wildfly:wildfly-dist first");
        }
        return Path.of(home).toAbsolutePath();
    }

    /** Starts one node deploying {@code war} with these system properties, and waits until the WAR is deployed. */
    public static WildFlyNode start(String name, File war, Map<String, String> systemProperties) {
        return boot(name, war, systemProperties);
    }

    /** Starts several nodes at once, each with its own system properties; returned in the order of {@code nodes}. */
    public static List<WildFlyNode> startAll(File war, Map<String, Map<String, String>> nodes) throws Exception {
        Map<String, java.util.concurrent.Callable<WildFlyNode>> boots = new java.util.LinkedHashMap<>();
        nodes.forEach((name, properties) -> boots.put(name, () -> boot(name, war, properties)));
        return NodeProcesses.startAll(boots);
    }

    private static WildFlyNode boot(String name, File war, Map<String, String> systemProperties) {
        Path home = home();
        Path nodes = Path.of("target", "nodes").toAbsolutePath();
        Path baseDir = nodes.resolve(name);
        Path log = nodes.resolve(name + ".log");
        int offset = freeOffset();
        try {
            NodeProcesses.deleteTree(baseDir);
            NodeProcesses.copyTree(home.resolve("standalone/configuration"), baseDir.resolve("configuration"));
            freeTheRootContext(baseDir.resolve("configuration/standalone.xml"));
            Files.createDirectories(baseDir.resolve("deployments"));
            // in place before boot: the deployment scanner deploys it while the server starts
            Files.copy(war.toPath(), baseDir.resolve("deployments/ROOT.war"), StandardCopyOption.REPLACE_EXISTING);

            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            command.add("-Xmx512m");
            command.add("-XX:+UseSerialGC");
            command.add("-XX:TieredStopAtLevel=1"); // as PayaraMicroNode: boot CPU halved
            command.add("-Djava.net.preferIPv4Stack=true");
            command.add("-Djboss.home.dir=" + home);
            command.add("-Djboss.server.base.dir=" + baseDir);
            command.add("-Djboss.node.name=" + name);
            // standalone.xml's transaction node identifier: unique per node, as two servers sharing resources need
            command.add("-Djboss.tx.node.id=" + name);
            command.add("-Djboss.socket.binding.port-offset=" + offset);
            // as bin/standalone.sh: the boot log in the node's log directory, not in the working directory
            command.add("-Djboss.server.log.dir=" + baseDir.resolve("log"));
            command.add("-Dorg.jboss.boot.log.file=" + baseDir.resolve("log/server.log"));
            command.add("-Dlogging.configuration="
                    + baseDir.resolve("configuration/logging.properties").toUri());
            command.addAll(modularJvmOptions(home, java));
            systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.addAll(List.of(
                    "-jar",
                    home.resolve("jboss-modules.jar").toString(),
                    "-mp",
                    home.resolve("modules").toString(),
                    "org.jboss.as.standalone",
                    "-c",
                    "standalone.xml"));
            Files.createDirectories(nodes);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            NodeProcesses.killOnExit(name, process);
            WildFlyNode node = new WildFlyNode(name, home, baseDir, offset, process, log);
            node.awaitDeployed(Duration.ofMinutes(3));
            return node;
        } catch (IOException e) {
            OFFSETS_IN_USE.remove(offset);
            throw new UncheckedIOException("Could not start WildFly node " + name, e);
        }
    }

    /** A port offset under which every port of the socket-binding group is free (and not taken by another node). */
    private static int freeOffset() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(100, 50_000);
            if (Arrays.stream(PORTS).allMatch(port -> isFree(port + offset)) && OFFSETS_IN_USE.add(offset)) {
                return offset;
            }
        }
        throw new IllegalStateException("No port offset with all of " + Arrays.toString(PORTS) + " free");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code standalone.xml} maps {@code /} to the welcome page; without that location ROOT.war serves it. */
    private static void freeTheRootContext(Path standaloneXml) throws IOException {
        String xml = Files.readString(standaloneXml, StandardCharsets.UTF_8);
        String location = "<location name=\"/\" handler=\"welcome-content\"/>";
        if (!xml.contains(location)) {
            throw new IllegalStateException(standaloneXml + " has no " + location + ": another WildFly version?");
        }
        Files.writeString(standaloneXml, xml.replace(location, ""), StandardCharsets.UTF_8);
    }

    /**
     * The {@code --add-exports}/{@code --add-opens} that {@code bin/standalone.sh} passes, asked of the
     * distribution's own {@code bin/common.sh} so that they follow its version.
     */
    private static List<String> modularJvmOptions(Path home, Path java) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        "bash",
                        "-c",
                        ". \"$JBOSS_HOME/bin/common.sh\" && setDefaultModularJvmOptions && echo"
                                + " \"$DEFAULT_MODULAR_JVM_OPTIONS\"")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JBOSS_HOME", home.toString());
        builder.environment().put("JAVA", java.toString());
        builder.environment().put("GREP", "grep");
        Process options = builder.start();
        options.getOutputStream().close();
        String out = new String(options.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!options.waitFor(30, TimeUnit.SECONDS) || options.exitValue() != 0 || !out.contains("--add-")) {
                throw new IllegalStateException("bin/common.sh of " + home + " gave no JVM options: '" + out + "'");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return List.of(out.split("\\s+"));
    }

    private void awaitDeployed(Duration timeout) {
        Path deployed = baseDir.resolve("deployments/ROOT.war.deployed");
        Path failed = baseDir.resolve("deployments/ROOT.war.failed");
        NodeProcesses.await(
                "WildFly node " + name + ": ROOT.war deployed and the server started",
                process,
                () -> Files.exists(failed)
                        || (Files.exists(deployed) && BOOTED.matcher(read(log)).find()),
                timeout,
                log);
        if (Files.exists(failed)) {
            String reason = read(failed);
            close();
            throw new IllegalStateException(
                    "WildFly node " + name + " failed to deploy ROOT.war: " + reason + " (see " + log + ")");
        }
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    "WildFly node " + name + " exited with " + process.exitValue() + "; see " + log);
        }
    }

    private static String read(Path file) {
        return NodeProcesses.read(file);
    }

    @Override
    public String name() {
        return name;
    }

    /** "WildFly" and the version of the distribution, from its {@code version.txt}. */
    @Override
    public String server() {
        String version = read(home.resolve("version.txt")).trim();
        return version.isEmpty() ? "WildFly" : version;
    }

    @Override
    public URI base() {
        return URI.create("http://127.0.0.1:" + (8080 + offset) + "/");
    }

    /** WildFly's management interface (health, metrics), on the node's own port. */
    public URI management() {
        return URI.create("http://127.0.0.1:" + (9990 + offset) + "/");
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public String log() {
        return read(log);
    }

    @Override
    public void close() {
        try {
            NodeProcesses.stop(process);
        } finally {
            OFFSETS_IN_USE.remove(offset);
        }
    }
}
