package io.redkit.testing;

import java.util.Map;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * For the integration tests ({@code redkit.test.postgres=true}, set by failsafe): one PostgreSQL server for the test
 * JVM, a database for the Arquillian deployment ({@code redkit.test.datasource.*} system properties, read by
 * arquillian.xml) and a fresh database for every group of nodes a test starts ({@link PayaraMicroNode#defaults}),
 * with the run's operator password ({@link OpsLogin}).
 */
public class PostgresHarnessListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!Boolean.getBoolean("redkit.test.postgres")) {
            return;
        }
        PostgresTestServer server = PostgresTestServer.shared();
        Map<String, String> arquillian = server.newDatabase("arquillian");
        arquillian.forEach((key, value) -> System.setProperty(key.replace("redkit.app.", "redkit.test."), value));
        System.setProperty(OpsLogin.PROPERTY, OpsLogin.password());
        PayaraMicroNode.defaults(() -> OpsLogin.with(server.newDatabase("nodes")));
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        PostgresTestServer.stopShared();
    }
}
