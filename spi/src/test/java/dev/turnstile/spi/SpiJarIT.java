package dev.turnstile.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * Reads the built turnstile-spi jar: every plugin compiles against it and the server shares it
 * with every plugin's class loader, so a class outside {@code dev.turnstile.spi} must never slip
 * into it (the enforcer rule in the pom keeps out dependencies).
 */
class SpiJarIT {

    private static final Path JAR = Path.of(System.getProperty("turnstile.spi.jar", "target/missing.jar"));

    @Test
    void theJarHoldsOnlyClassesOfTheSpiPackage() throws IOException {
        List<String> classes = classesOfTheJar();

        List<String> outside = classes.stream().filter(name -> !name.startsWith("dev/turnstile/spi/")).toList();
        assertEquals(List.of(), outside, "classes outside dev.turnstile.spi in " + JAR.getFileName());
    }

    @Test
    void theJarHoldsNoSubPackageOfTheSpi() throws IOException {
        List<String> nested = classesOfTheJar().stream()
                .filter(name -> name.startsWith("dev/turnstile/spi/"))
                .filter(name -> name.substring("dev/turnstile/spi/".length()).contains("/"))
                .toList();

        assertEquals(List.of(), nested, "the SPI is one package; sub-packages would be public API too");
    }

    @Test
    void theJarHoldsTheHandlerInterface() throws IOException {
        assertTrue(classesOfTheJar().contains("dev/turnstile/spi/Handler.class"), "Handler.class is missing");
    }

    private static List<String> classesOfTheJar() throws IOException {
        assertTrue(Files.isRegularFile(JAR), JAR + " has not been built");
        try (JarFile jar = new JarFile(JAR.toFile())) {
            return jar.stream().map(ZipEntry::getName).filter(name -> name.endsWith(".class")).toList();
        }
    }
}
