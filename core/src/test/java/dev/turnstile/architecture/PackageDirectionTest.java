package dev.turnstile.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Core's packages depend on each other in one direction only:
 * {@code cli → plugin → server → route → json → spi}, each free to use any package to its right,
 * never one to its left. {@code startup} (the start-up error, the version) is a leaf that any
 * package may use and that uses none of them. Checked on the import lines and fully qualified
 * names of core's main sources.
 */
class PackageDirectionTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/turnstile");
    /** Rank in the one-way chain: a package may depend only on packages of a lower rank. */
    private static final Map<String, Integer> RANK =
            Map.of("spi", 0, "json", 1, "route", 2, "server", 3, "plugin", 4, "cli", 5);
    private static final String LEAF = "startup";
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.turnstile\\.([a-z]+)\\.");

    @Test
    void everyPackageOfCoreIsInTheChainOrIsTheLeaf() throws IOException {
        try (Stream<Path> packages = Files.list(SOURCES)) {
            List<String> unknown = packages.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !RANK.containsKey(name) && !name.equals(LEAF)).toList();
            assertEquals(List.of(), unknown, "a new package needs a place in the chain");
        }
    }

    @Test
    void noPackageDependsOnOneToItsLeftAndTheLeafDependsOnNone() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = SOURCES.relativize(file).getName(0).toString();
                int lineNumber = 0;
                for (String line : Files.readAllLines(file)) {
                    lineNumber++;
                    Matcher m = REFERENCE.matcher(line);
                    while (m.find()) {
                        String to = m.group(1);
                        if (!to.equals(from) && !allowed(from, to)) {
                            violations.add(SOURCES.relativize(file) + ":" + lineNumber + " " + from + " -> " + to);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void theCheckCatchesAnArrowThatRunsBack() {
        assertTrue(allowed("server", "route"));
        assertTrue(allowed("cli", "startup"));
        assertTrue(!allowed("route", "server"), "route -> server runs back");
        assertTrue(!allowed("startup", "spi"), "the leaf uses nothing");
        assertTrue(!allowed("json", "route"), "json -> route runs back");
    }

    private static boolean allowed(String from, String to) {
        if (from.equals(LEAF)) {
            return false;
        }
        if (to.equals(LEAF)) {
            return true;
        }
        Integer fromRank = RANK.get(from);
        Integer toRank = RANK.get(to);
        return fromRank != null && toRank != null && toRank < fromRank;
    }
}
