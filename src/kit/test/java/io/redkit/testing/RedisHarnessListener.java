package io.redkit.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the harness redis-server when the test run opens, before Arquillian reads arquillian.xml (which passes
 * {@code ${redkit.test.redis.address}} to Payara Micro), and stops it when the run closes.
 */
public class RedisHarnessListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        RedisTestServer server = RedisTestServer.shared();
        // The JCache TCK run makes its CacheManager outside the application: point it at the harness Redis.
        if (Boolean.getBoolean("redkit.test.export-redis-address")) {
            System.setProperty("redkit.redis.address", server.address());
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        RedisTestServer.stopShared();
    }
}
