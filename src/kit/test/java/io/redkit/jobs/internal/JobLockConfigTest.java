package io.redkit.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import io.redkit.jobs.ClusterSingleton;
import io.redkit.jobs.JobSettings;
import io.redkit.jobs.WhenLocked;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobLockConfigTest {

    private static final JobSettings DEFAULTS = JobSettings.from(ConfigReader.of(Map.of()));

    @ClusterSingleton(name = "report", lockAtMostFor = "5m", lockAtLeastFor = "10s")
    void annotated() {}

    @ClusterSingleton(lockAtMostFor = "1m", lockAtLeastFor = "5m")
    void inverted() {}

    @ClusterSingleton(lockAtMostFor = "soon")
    void garbage() {}

    @ClusterSingleton
    void defaults() {}

    @ClusterSingleton(name = "patient", whenLocked = WhenLocked.WAIT, waitFor = "2m")
    void patient() {}

    private static JobLockConfig resolve(String method, Map<String, String> config) throws Exception {
        return JobsExtension.resolve(
                JobLockConfigTest.class.getDeclaredMethod(method), DEFAULTS, ConfigReader.of(config));
    }

    @Test
    void resolve_Annotation_GivesNameAndDurations() throws Exception {
        JobLockConfig config = resolve("annotated", Map.of());
        assertEquals(new JobLockConfig("report", Duration.ofMinutes(5), Duration.ofSeconds(10)), config);
    }

    @Test
    void resolve_WhenLocked_FromTheAnnotation_OverriddenByConfiguration() throws Exception {
        JobLockConfig annotated = resolve("patient", Map.of());
        assertEquals(WhenLocked.WAIT, annotated.whenLocked());
        assertEquals(Duration.ofMinutes(2), annotated.waitFor());
        JobLockConfig configured = resolve(
                "patient", Map.of("redkit.jobs.patient.when-locked", "fail", "redkit.jobs.patient.wait-for", "5s"));
        assertEquals(WhenLocked.FAIL, configured.whenLocked());
        assertEquals(Duration.ofSeconds(5), configured.waitFor());
        assertEquals(WhenLocked.SKIP, resolve("defaults", Map.of()).whenLocked());
        org.junit.jupiter.api.Assertions.assertThrows(
                io.redkit.config.RedkitConfigException.class,
                () -> resolve("patient", Map.of("redkit.jobs.patient.when-locked", "sometimes")));
    }

    @Test
    void resolve_NoAttributes_UsesMethodNameAndGlobalDefaults() throws Exception {
        JobLockConfig config = resolve("defaults", Map.of());
        assertEquals("io.redkit.jobs.internal.JobLockConfigTest.defaults", config.name());
        assertEquals(Duration.ofMinutes(10), config.lockAtMostFor());
        assertEquals(Duration.ZERO, config.lockAtLeastFor());
    }

    @Test
    void resolve_ConfigOverride_WinsOverAnnotation() throws Exception {
        JobLockConfig config = resolve(
                "annotated",
                Map.of("redkit.jobs.report.lock-at-most-for", "3s", "redkit.jobs.report.lock-at-least-for", "1s"));
        assertEquals(Duration.ofSeconds(3), config.lockAtMostFor());
        assertEquals(Duration.ofSeconds(1), config.lockAtLeastFor());
    }

    @Test
    void resolve_AtLeastLongerThanAtMost_FailsNamingTheJob() {
        RedkitConfigException e = assertThrows(RedkitConfigException.class, () -> resolve("inverted", Map.of()));
        assertTrue(
                e.getMessage()
                        .contains("lockAtLeastFor (PT5M) is longer than lockAtMostFor (PT1M) for job"
                                + " 'io.redkit.jobs.internal.JobLockConfigTest.inverted'"),
                e.getMessage());
    }

    @Test
    void resolve_UnparsableDuration_NamesTheAttribute() {
        RedkitConfigException e = assertThrows(RedkitConfigException.class, () -> resolve("garbage", Map.of()));
        assertTrue(e.getMessage().contains("@ClusterSingleton(lockAtMostFor)"), e.getMessage());
        assertTrue(e.getMessage().contains("'soon'"), e.getMessage());
    }

    @Test
    void constructor_NameWithBraces_IsRefused() {
        assertThrows(
                IllegalArgumentException.class, () -> new JobLockConfig("a{b}", Duration.ofSeconds(1), Duration.ZERO));
    }
}
