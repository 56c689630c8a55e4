package io.redkit.app.dev;

import io.redkit.app.data.DatabaseSettings;
import io.redkit.app.ops.OpsSettings;
import io.redkit.testing.OpsLogin;
import io.redkit.testing.PostgresTestServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * What {@code mvn -Prun} runs: Payara Micro with the reference WAR in a child process, after starting an embedded
 * PostgreSQL when no database is configured ({@code redkit.app.datasource.url} / {@code REDKIT_APP_DATASOURCE_URL}
 * unset), saying so in one line. The child gets this JVM's options ({@code -Xms}, {@code -Dredkit.*}, ...) and the
 * arguments given here. Without an operator password configured it generates one for the run and prints it once
 * (passed in the child's environment). Ctrl-C (or SIGTERM) stops Payara Micro, then PostgreSQL, whose data folder is deleted.
 */
public final class RunLocally {

    private static final Logger LOG = Logger.getLogger(RunLocally.class.getName());

    private RunLocally() {}

    public static void main(String[] payaraArguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-agentlib") && !option.startsWith("-javaagent")) {
                command.add(option);
            }
        }
        PostgresTestServer postgres = null;
        if (configured(DatabaseSettings.URL).isEmpty()) {
            postgres = PostgresTestServer.start();
            Map<String, String> database = postgres.createDatabase("redkit");
            database.forEach((key, value) -> command.add("-D" + key + "=" + value));
            LOG.info("redkit: no database configured (" + DatabaseSettings.URL + " unset): started an embedded"
                    + " PostgreSQL at " + database.get(DatabaseSettings.URL) + " for development; its data is"
                    + " deleted when this run stops");
        }
        command.addAll(List.of(payaraArguments));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        if (configured(OpsSettings.PASSWORD).isEmpty()) {
            // the environment, not a -D option: the password does not show in the process list
            String password = OpsLogin.password();
            builder.environment().put("REDKIT_APP_OPS_PASSWORD", password);
            LOG.info("redkit: operator login for this run (dashboard, /api/redis, /api/jobs, ...): user "
                    + OpsLogin.USER + ", password " + password + " (generated; set " + OpsSettings.PASSWORD
                    + " or REDKIT_APP_OPS_PASSWORD to choose one)");
        }
        Process payara = builder.start();
        PostgresTestServer database = postgres;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            payara.destroy(); // SIGTERM: Payara Micro shuts down cleanly
                            try {
                                if (!payara.waitFor(60, TimeUnit.SECONDS)) {
                                    payara.destroyForcibly();
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            if (database != null) {
                                database.close();
                            }
                        },
                        "stop-run"));
        System.exit(payara.waitFor());
    }

    private static Optional<String> configured(String key) {
        String env = System.getenv(key.toUpperCase().replace('.', '_').replace('-', '_'));
        String value = System.getProperty(key, env);
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
