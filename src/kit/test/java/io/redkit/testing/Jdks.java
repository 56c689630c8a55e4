package io.redkit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds a JDK of at least some feature version for a server that needs a newer Java than the build's (Payara Micro 7
 * needs 21+): the JDK named by system property {@code redkit.jdk<N>.home} or environment variable {@code
 * JAVA<N>_HOME} (e.g. {@code redkit.jdk21.home}, {@code JAVA21_HOME}), else the build's own JDK if it is new enough,
 * else the newest one installed in the usual places ({@code /usr/lib/jvm}, {@code /opt/java}, {@code ~/.sdkman},
 * {@code ~/.jdks}, macOS' {@code /Library/Java/JavaVirtualMachines}). A JDK is a directory with {@code bin/java} and a
 * {@code release} file naming its {@code JAVA_VERSION}.
 */
public final class Jdks {

    private Jdks() {}

    /** A JDK's home and feature version. */
    public record Jdk(Path home, int feature) {

        public Path java() {
            return home.resolve("bin").resolve("java");
        }
    }

    /** A JDK of feature version {@code minimum} or newer, or empty when none is configured or installed. */
    public static Optional<Jdk> atLeast(int minimum) {
        String configured =
                System.getProperty("redkit.jdk" + minimum + ".home", System.getenv("JAVA" + minimum + "_HOME"));
        if (configured != null && !configured.isBlank()) {
            Jdk jdk = inspect(Path.of(configured))
                    .orElseThrow(() -> new IllegalStateException("redkit.jdk" + minimum + ".home / JAVA" + minimum
                            + "_HOME names " + configured + ", which is not a JDK (no bin/java or release file)"));
            if (jdk.feature() < minimum) {
                throw new IllegalStateException("redkit.jdk" + minimum + ".home / JAVA" + minimum + "_HOME names "
                        + configured + ", a JDK " + jdk.feature() + "; " + minimum + " or newer is needed");
            }
            return Optional.of(jdk);
        }
        Optional<Jdk> own = inspect(Path.of(System.getProperty("java.home")));
        if (own.isPresent() && own.get().feature() >= minimum) {
            return own;
        }
        return installed().stream().filter(jdk -> jdk.feature() >= minimum).max(Comparator.comparingInt(Jdk::feature));
    }

    /** Where {@link #atLeast} looks when nothing is configured, for the message of a test that skips. */
    public static String searched() {
        return String.join(", ", roots().stream().map(Path::toString).toList());
    }

    private static List<Path> roots() {
        Path home = Path.of(System.getProperty("user.home"));
        return List.of(
                Path.of("/usr/lib/jvm"),
                Path.of("/opt/java"),
                home.resolve(".sdkman/candidates/java"),
                home.resolve(".jdks"),
                Path.of("/Library/Java/JavaVirtualMachines"));
    }

    private static List<Jdk> installed() {
        List<Jdk> found = new ArrayList<>();
        for (Path root : roots()) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> homes = Files.list(root)) {
                homes.forEach(dir -> inspect(dir)
                        .or(() -> inspect(dir.resolve("Contents/Home")))
                        .ifPresent(found::add));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + root, e);
            }
        }
        return found;
    }

    private static Optional<Jdk> inspect(Path home) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin").resolve("java")) || !Files.isRegularFile(release)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(release)) {
            properties.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
        String feature = version.startsWith("1.") ? version.substring(2) : version;
        int end = 0;
        while (end < feature.length() && Character.isDigit(feature.charAt(end))) {
            end++;
        }
        if (end == 0) {
            return Optional.empty();
        }
        return Optional.of(new Jdk(home.toAbsolutePath(), Integer.parseInt(feature.substring(0, end))));
    }
}
