package io.redkit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The shipped Redisson YAMLs, pointed at a topology the harness started. */
final class RedissonYaml {

    private RedissonYaml() {}

    /**
     * Writes {@code template} to {@code target} with the list under {@code listKey} (e.g. {@code nodeAddresses},
     * {@code sentinelAddresses}) replaced by {@code addresses}; every other setting stays as shipped.
     */
    static Path withAddresses(Path template, String listKey, List<String> addresses, Path target) {
        try {
            List<String> out = new ArrayList<>();
            boolean inList = false;
            for (String line : Files.readAllLines(template)) {
                if (line.trim().equals(listKey + ":")) {
                    out.add(line);
                    for (String address : addresses) {
                        out.add("    - \"" + address + "\"");
                    }
                    inList = true;
                    continue;
                }
                if (inList && line.trim().startsWith("- ")) {
                    continue;
                }
                inList = false;
                out.add(line);
            }
            Files.write(target, out);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
