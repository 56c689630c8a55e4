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
        RedisTestServer.shared();
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        RedisTestServer.stopShared();
    }
}
