package io.redkit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference ({@code docs/configuration.md}) cannot drift from the code: every {@code redkit.*} key
 * a source file names is in its table ("Kit settings" for {@code src/kit}, "Reference-app settings" for {@code
 * src/app}), and every key of a table is named by the code. Keys built from parts ({@code "redkit.ratelimit.rule." +
 * id + ".paths"}) are documented with placeholders ({@code redkit.ratelimit.rule.<id>.paths}): the part before the
 * first placeholder must be a literal of the code and each later part must occur in one. Metric names (the literals
 * on lines that register metrics) are not configuration.
 */
class ConfigReferenceTest {

    private static final Path ROOT =
            Path.of("").toAbsolutePath().resolve("../..").normalize();
    private static final Pattern KEY_LITERAL = Pattern.compile("\"(redkit\\.[a-z0-9.\\-]+)\"");
    private static final Pattern ANY_LITERAL = Pattern.compile("\"([^\"\\\\]*)\"");
    private static final Pattern METRICS_LINE =
            Pattern.compile("metrics\\.|[gG]auge\\(|increment\\(|counter\\(|timer\\(");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void kitKeys_AreTheKitSettingsTable() {
        check("src/kit/main/java", "Kit settings", Set.of());
    }

    @Test
    void referenceAppKeys_AreTheReferenceAppSettingsTable() {
        // the app also names kit keys (in messages, in its own checks): those are documented in the kit's table
        check("src/app/main/java", "Reference-app settings", documented("Kit settings"));
    }

    private static void check(String sources, String table, Set<String> alsoDocumented) {
        Set<String> literals = new TreeSet<>();
        Set<String> allLiterals = new TreeSet<>();
        scan(ROOT.resolve(sources), literals, allLiterals);
        Set<String> documented = documented(table);
        assertTrue(documented.size() > 5, "the table '" + table + "' in docs/configuration.md: " + documented);

        List<String> undocumented = new ArrayList<>();
        for (String literal : literals) {
            boolean found = literal.endsWith(".")
                    ? Stream.concat(documented.stream(), alsoDocumented.stream())
                            .anyMatch(key -> key.startsWith(literal) && key.contains("<"))
                    : documented.contains(literal) || alsoDocumented.contains(literal);
            if (!found) {
                undocumented.add(literal);
            }
        }
        assertEquals(
                List.of(),
                undocumented,
                sources + " reads keys the table '" + table + "' of docs/configuration.md lacks (a key ending in '.'"
                        + " is the start of keys built from parts: document them with a <placeholder>)");

        List<String> unread = new ArrayList<>();
        for (String key : documented) {
            if (!read(key, literals, allLiterals)) {
                unread.add(key);
            }
        }
        assertEquals(
                List.of(),
                unread,
                "the table '" + table + "' of docs/configuration.md lists keys no code in " + sources + " names");
    }

    private static boolean read(String key, Set<String> literals, Set<String> allLiterals) {
        int placeholder = key.indexOf('<');
        if (placeholder < 0) {
            return literals.contains(key);
        }
        if (!literals.contains(key.substring(0, placeholder))) {
            return false;
        }
        for (String part : key.substring(placeholder).split("<[a-z-]+>")) {
            String word = part.replaceAll("^\\.|\\.$", "");
            if (!word.isEmpty() && allLiterals.stream().noneMatch(literal -> literal.contains(word))) {
                return false;
            }
        }
        return true;
    }

    /** The keys of one table, {@code `a.b.c` / `.d`} standing for {@code a.b.c} and {@code a.b.d}. */
    private static Set<String> documented(String table) {
        List<String> lines;
        try {
            lines = Files.readAllLines(ROOT.resolve("docs/configuration.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> keys = new TreeSet<>();
        boolean inside = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inside = line.substring(3).trim().equals(table);
                continue;
            }
            if (!inside || !line.startsWith("| `")) {
                continue;
            }
            String cell = line.split("\\|")[1];
            String previous = null;
            Matcher m = CODE.matcher(cell);
            while (m.find()) {
                String token = m.group(1);
                if (token.startsWith(".") && previous != null) {
                    token = previous.substring(0, previous.lastIndexOf('.')) + token;
                }
                if (token.startsWith("redkit.")) {
                    keys.add(token);
                    previous = token;
                }
            }
        }
        return keys;
    }

    private static void scan(Path directory, Set<String> keys, Set<String> all) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    Matcher any = ANY_LITERAL.matcher(line);
                    while (any.find()) {
                        all.add(any.group(1));
                    }
                    if (METRICS_LINE.matcher(line).find()) {
                        continue;
                    }
                    Matcher key = KEY_LITERAL.matcher(line);
                    while (key.find()) {
                        keys.add(key.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
