package io.redkit.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** What the {@link ServerNode}s share: waiting for a server process, stopping it, its files, booting several. */
final class NodeProcesses {

    private NodeProcesses() {}

    /**
     * Waits until {@code process} has exited or {@code done} holds; a timeout stops the process and throws with
     * {@code what} and where its log is.
     */
    static void await(String what, Process process, BooleanSupplier done, Duration timeout, Path log) {
        try {
            Awaitility.await(what)
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !process.isAlive() || done.getAsBoolean());
        } catch (ConditionTimeoutException e) {
            String threads = threadDump(process, log);
            stop(process);
            throw new IllegalStateException(what + ": not after " + timeout + "; see " + log + threads, e);
        }
    }

    /**
     * A node that neither gets ready nor exits is stuck somewhere: its JVMs' thread dumps (the process or, for a
     * launcher script, its Java descendants; taken with {@code jcmd}) go next to its log, and the stack of each thread
     * named {@code main} or a server's start-up thread into the failure, so a run whose files are gone still says
     * where.
     */
    static String threadDump(Process process, Path log) {
        StringBuilder summary = new StringBuilder();
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<ProcessHandle> jvms = new ArrayList<>();
        jvms.add(process.toHandle());
        process.descendants().forEach(jvms::add);
        for (ProcessHandle jvm : jvms) {
            try {
                Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(jvm.pid()), "Thread.print")
                        .redirectErrorStream(true)
                        .start();
                String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!dump.waitFor(30, TimeUnit.SECONDS) || dump.exitValue() != 0 || !text.contains("\"main\"")) {
                    continue; // not a JVM (a launcher script), or gone
                }
                Path file = log.resolveSibling(
                        log.getFileName().toString().replaceAll("\\.log$", "") + "-threads-" + jvm.pid() + ".txt");
                Files.writeString(file, text, StandardCharsets.UTF_8);
                summary.append("\nthreads of pid ")
                        .append(jvm.pid())
                        .append(" (all in ")
                        .append(file)
                        .append("):");
                for (String thread : text.split("\n\\s*\n")) {
                    if (thread.startsWith("\"main\"") || thread.contains("RunLevelControllerThread")) {
                        summary.append('\n')
                                .append(thread.lines()
                                        .limit(25)
                                        .reduce((a, b) -> a + "\n" + b)
                                        .orElse(""));
                    }
                }
            } catch (IOException e) {
                summary.append("\n(no thread dump of pid ")
                        .append(jvm.pid())
                        .append(": ")
                        .append(e)
                        .append(')');
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return summary.toString();
    }

    /** SIGTERM, then SIGKILL if the process has not exited 30 s later. */
    static void stop(Process process) {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A test JVM that ends without closing its nodes must not leave server processes behind. */
    static void killOnExit(String name, Process process) {
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-" + name));
    }

    /** The file's text; empty if it does not exist (yet). */
    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * Boots several nodes at once (in parallel: on two cores that halves the wait), returned in the order of {@code
     * boots}. If one fails, the others that did start are closed and the first failure is thrown.
     */
    static <T extends ServerNode> List<T> startAll(Map<String, Callable<T>> boots) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, boots.size()));
        List<Future<T>> started = new ArrayList<>();
        try {
            boots.values().forEach(boot -> started.add(pool.submit(boot)));
            List<T> result = new ArrayList<>();
            Exception failure = null;
            for (Future<T> node : started) {
                try {
                    result.add(node.get());
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof Exception cause ? cause : e;
                    }
                }
            }
            if (failure != null) {
                result.forEach(ServerNode::close);
                throw failure;
            }
            return result;
        } finally {
            pool.shutdown();
        }
    }
}
