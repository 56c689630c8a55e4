package io.redkit.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads the reports of the two JCache TCK runs (surefire executions {@code jcache-tck}, and {@code jcache-tck-near}
 * with near caching on, before this phase) and fails the build if the TCK did not really run: the TCK's annotation
 * tests, and its optional-feature tests, pass silently when excluded, so passing is not enough.
 */
class JCacheTckReportIT {

    private static final Path ALL_REPORTS = Path.of("target", "surefire-reports");
    private static final Pattern COUNTS = Pattern.compile(
            "<testsuite [^>]*?tests=\"(\\d+)\"[^>]*?errors=\"(\\d+)\"[^>]*?skipped=\"(\\d+)\"[^>]*?failures=\"(\\d+)\"");

    @ParameterizedTest
    @ValueSource(strings = {"jcache-tck", "jcache-tck-near"})
    void everyTckTestRanAndPassed(String run) throws IOException {
        Path reports = ALL_REPORTS.resolve(run);
        int[] all = totals(reports, report -> report.getFileName().toString().startsWith("TEST-"));
        assertTrue(all[0] >= 490, "the JCache TCK ran " + all[0] + " tests; expected 478 core + 12 annotation");
        assertEquals(0, all[1] + all[3], "TCK errors + failures");
        assertEquals(0, all[2], "TCK tests skipped");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jcache-tck", "jcache-tck-near"})
    void theTwelveAnnotationTestsRanThroughRedkitsInterceptors(String run) throws IOException {
        Path reports = ALL_REPORTS.resolve(run);
        int[] annotation = totals(
                reports, report -> report.getFileName().toString().startsWith("TEST-org.jsr107.tck.annotation."));
        assertEquals(12, annotation[0], "annotation TCK tests run");
        assertEquals(0, annotation[1] + annotation[2] + annotation[3], "annotation TCK errors/skips/failures");
        try (Stream<Path> outputs = Files.list(reports)) {
            for (Path output : outputs.filter(p -> p.getFileName().toString().startsWith("org.jsr107.tck.annotation.")
                            && p.getFileName().toString().endsWith("-output.txt"))
                    .toList()) {
                assertFalse(
                        Files.readString(output).contains("EXCLUDING TEST"),
                        output + ": the TCK excluded annotation tests (no BeanProvider found)");
            }
        }
    }

    private static int[] totals(Path reports, java.util.function.Predicate<Path> which) throws IOException {
        assertTrue(Files.isDirectory(reports), "no JCache TCK reports in " + reports + ": did mvn verify run it?");
        int[] totals = new int[4];
        List<Path> found;
        try (Stream<Path> files = Files.list(reports)) {
            found = files.filter(p -> p.toString().endsWith(".xml"))
                    .filter(which)
                    .toList();
        }
        for (Path report : found) {
            Matcher m = COUNTS.matcher(Files.readString(report));
            assertTrue(m.find(), "unreadable report " + report);
            for (int i = 0; i < 4; i++) {
                totals[i] += Integer.parseInt(m.group(i + 1));
            }
        }
        return totals;
    }
}
