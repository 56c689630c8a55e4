package io.redkit.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.redkit.testing.CompiledClasses;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The kit deploys on servers without MicroProfile Metrics or Health because only the packages its beans.xml excludes
 * (when the API is missing) touch those APIs. A class elsewhere that names them would be skipped by Weld on such a
 * server, and with it every bean it produces.
 */
class OptionalApiGuardTest {

    private static final String NS = "https://jakarta.ee/xml/ns/jakartaee";

    /** Optional API (as it appears in class files) → the only kit package allowed to use it. */
    private static final Map<String, String> OPTIONAL = Map.of(
            "org/eclipse/microprofile/metrics/", "io/redkit/metrics/internal/mp/",
            "io/micrometer/", "io/redkit/metrics/internal/micrometer/",
            "org/eclipse/microprofile/health/", "io/redkit/redis/internal/health/");

    private final CompiledClasses kit = CompiledClasses.of(RedkitMetrics.class);

    @Test
    void optionalApis_AreUsedOnlyInTheirExcludablePackages() throws IOException {
        Map<String, String> offenders = new LinkedHashMap<>();
        for (Path file : kit.files()) {
            String bytes = new String(Files.readAllBytes(kit.root().resolve(file)), StandardCharsets.ISO_8859_1);
            String path = file.toString().replace(java.io.File.separatorChar, '/');
            OPTIONAL.forEach((api, allowed) -> {
                if (bytes.contains(api) && !path.startsWith(allowed)) {
                    offenders.put(path, api);
                }
            });
        }
        assertEquals(Map.of(), offenders, "classes naming an optional API outside its excludable package");
    }

    @Test
    void beansXml_ExcludesEachOptionalPackage_WhenItsApiClassIsMissing() throws Exception {
        Document beans = beansXml();
        NodeList excludes = beans.getElementsByTagNameNS(NS, "exclude");
        Map<String, String> found = new LinkedHashMap<>();
        for (int i = 0; i < excludes.getLength(); i++) {
            Element exclude = (Element) excludes.item(i);
            NodeList conditions = exclude.getElementsByTagNameNS(NS, "if-class-not-available");
            assertEquals(1, conditions.getLength(), "one condition per exclude");
            String apiClass = ((Element) conditions.item(0)).getAttribute("name");
            // a misspelt class would never be available: the backend would be hidden on every server
            assertDoesNotThrow(() -> Class.forName(apiClass, false, getClass().getClassLoader()), apiClass);
            String pattern = exclude.getAttribute("name");
            assertFalse(pattern.endsWith("**"), "no sub-packages: " + pattern);
            String pkg = pattern.replaceAll("\\.\\*$", "").replace('.', '/') + "/";
            assertFalse(
                    kit.files().stream().noneMatch(f -> f.toString().startsWith(pkg)),
                    pattern + " matches no kit class");
            found.put(pkg, apiClass.replace('.', '/'));
        }
        Map<String, String> expected = new java.util.TreeMap<>();
        Map<String, String> actual = new java.util.TreeMap<>();
        OPTIONAL.forEach((api, pkg) -> expected.put(pkg, api));
        found.forEach((pkg, apiClass) -> actual.put(
                pkg,
                OPTIONAL.keySet().stream()
                        .filter(apiClass::startsWith)
                        .findFirst()
                        .orElse(apiClass)));
        assertEquals(
                expected, actual, "beans.xml excludes each optional package when a class of its own API is missing");
    }

    private Document beansXml() throws Exception {
        Path file = kit.root().resolve("META-INF/beans.xml");
        // the CDI API jar carries the schema
        try (InputStream xsd =
                jakarta.enterprise.inject.spi.Extension.class.getClassLoader().getResourceAsStream("beans_4_0.xsd")) {
            SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                    .newSchema(new StreamSource(xsd))
                    .newValidator()
                    .validate(new StreamSource(file.toFile()));
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }
}
