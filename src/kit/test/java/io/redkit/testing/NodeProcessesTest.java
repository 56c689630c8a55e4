package io.redkit.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself: a server that neither gets ready nor exits must say where it is stuck. */
class NodeProcessesTest {

    @Test
    void stuckProcess_TimesOut_StopsIt_AndNamesWhereItsMainThreadWaits(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("StuckServer.java");
        Files.writeString(
                source,
                "public class StuckServer { public static void main(String[] a) throws Exception {"
                        + " System.out.println(\"booting\"); waitForever(); }"
                        + " static void waitForever() throws Exception { Thread.sleep(600_000); } }");
        Path log = dir.resolve("stuck.log");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), source.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            NodeProcesses.await(
                    "stuck server started",
                    process,
                    () -> NodeProcesses.read(log).contains("booting"),
                    Duration.ofMinutes(1),
                    log);

            IllegalStateException stuck = assertThrows(
                    IllegalStateException.class,
                    () -> NodeProcesses.await("stuck server ready", process, () -> false, Duration.ofSeconds(1), log));

            assertTrue(
                    stuck.getMessage().startsWith("stuck server ready: not after PT1S; see " + log),
                    stuck.getMessage());
            assertTrue(stuck.getMessage().contains("StuckServer.waitForever"), stuck.getMessage());
            assertFalse(process.isAlive(), "the stuck process is stopped");
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> dumps = files.filter(f -> f.getFileName().toString().startsWith("stuck-threads-"))
                        .toList();
                assertTrue(dumps.size() == 1, "one thread dump beside the log: " + dumps);
                assertTrue(Files.readString(dumps.get(0)).contains("\"main\""));
            }
        } finally {
            process.destroyForcibly();
        }
    }
}
