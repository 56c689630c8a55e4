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
import org.junit.jupiter.api.Test;

/**
 * Reads the reports of the JCache TCK run (surefire execution {@code jcache-tck}, before this phase) and fails the
 * build if the TCK did not really run: the TCK's annotation tests, and its optional-feature tests, pass silently
 * when excluded, so passing is not enough.
 */
class JCacheTckReportIT {

    private static final Path REPORTS = Path.of("target", "surefire-reports", "jcache-tck");
    private static final Pattern COUNTS = Pattern.compile(
            "<testsuite [^>]*?tests=\"(\\d+)\"[^>]*?errors=\"(\\d+)\"[^>]*?skipped=\"(\\d+)\"[^>]*?failures=\"(\\d+)\"");

    @Test
    void everyTckTestRanAndPassed() throws IOException {
        int[] all = totals(report -> report.getFileName().toString().startsWith("TEST-"));
        assertTrue(all[0] >= 490, "the JCache TCK ran " + all[0] + " tests; expected 478 core + 12 annotation");
        assertEquals(0, all[1] + all[3], "TCK errors + failures");
        assertEquals(0, all[2], "TCK tests skipped");
    }

    @Test
    void theTwelveAnnotationTestsRanThroughRedkitsInterceptors() throws IOException {
        int[] annotation =
                totals(report -> report.getFileName().toString().startsWith("TEST-org.jsr107.tck.annotation."));
        assertEquals(12, annotation[0], "annotation TCK tests run");
        assertEquals(0, annotation[1] + annotation[2] + annotation[3], "annotation TCK errors/skips/failures");
        try (Stream<Path> outputs = Files.list(REPORTS)) {
            for (Path output : outputs.filter(p -> p.getFileName().toString().startsWith("org.jsr107.tck.annotation.")
                            && p.getFileName().toString().endsWith("-output.txt"))
                    .toList()) {
                assertFalse(
                        Files.readString(output).contains("EXCLUDING TEST"),
                        output + ": the TCK excluded annotation tests (no BeanProvider found)");
            }
        }
    }

    private static int[] totals(java.util.function.Predicate<Path> which) throws IOException {
        assertTrue(Files.isDirectory(REPORTS), "no JCache TCK reports in " + REPORTS + ": did mvn verify run it?");
        int[] totals = new int[4];
        List<Path> reports;
        try (Stream<Path> files = Files.list(REPORTS)) {
            reports = files.filter(p -> p.toString().endsWith(".xml"))
                    .filter(which)
                    .toList();
        }
        for (Path report : reports) {
            Matcher m = COUNTS.matcher(Files.readString(report));
            assertTrue(m.find(), "unreadable report " + report);
            for (int i = 0; i < 4; i++) {
                totals[i] += Integer.parseInt(m.group(i + 1));
            }
        }
        return totals;
    }
}
