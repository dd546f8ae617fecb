package dev.turnstile.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.testing.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin author's path from outside the repository: compile a handler against the unpacked
 * {@code lib/turnstile-spi-*.jar} only (what a plugin depends on, scope provided), jar it with its services file, drop it into a plugins
 * folder next to the auth jar, and call it.
 */
class ExternalPluginIT {

    private static final String SOURCE = """
            package com.example.shout;

            import dev.turnstile.spi.Handler;
            import dev.turnstile.spi.HandlerException;
            import dev.turnstile.spi.Request;
            import dev.turnstile.spi.Response;
            import dev.turnstile.spi.Session;
            import java.util.Locale;

            public final class ShoutHandler implements Handler {
                @Override
                public String url() {
                    return "/shout";
                }

                @Override
                public Response handle(Request request, Session session) throws HandlerException {
                    return Response.ok("text", request.requireString("text").toUpperCase(Locale.ROOT));
                }
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void aHandlerCompiledAgainstTheDistributedSpiJarAloneIsServed() throws Exception {
        Path install = Installation.unpack(tmp.resolve("unpacked"));
        Path spiJar;
        try (Stream<Path> lib = Files.list(install.resolve("lib"))) {
            spiJar = lib.filter(p -> p.getFileName().toString().startsWith("turnstile-spi-")).findFirst().orElseThrow();
        }
        Path classes = compile(spiJar);
        Path plugins = Files.createDirectories(tmp.resolve("my-plugins"));
        writeJar(plugins.resolve("shout.jar"), classes);
        String auth = "turnstile-handlers-auth-" + Installation.version() + ".jar";
        Files.copy(install.resolve("plugins").resolve(auth), plugins.resolve(auth));
        Path data = tmp.resolve("my-data");

        try (TurnstileProcess server = TurnstileProcess.start(install, tmp,
                "--plugins", plugins.toString(), "--data-dir", data.toString(), "--port", "0");
                TestClient client = TestClient.connect(server.awaitListening())) {
            String token = client.login("e2e");

            assertEquals(Map.of("code", 200L, "text", "HELLO, TURNSTILE"),
                    client.call("{\"url\":\"/shout\",\"token\":\"" + token + "\",\"text\":\"hello, Turnstile\"}"));
            assertEquals(400L, client.call("{\"url\":\"/ping\",\"token\":\"" + token + "\"}").get("code"),
                    "the sample jar is not in this plugins folder");
            assertEquals(token, Files.readString(data.resolve("connection/TOKEN")));
            assertTrue(server.stdout().contains("shout.jar"), "the route table in the log names the jar");
        }
    }

    private Path compile(Path spiJar) throws Exception {
        Path sources = Files.createDirectories(tmp.resolve("src/com/example/shout"));
        Path source = Files.writeString(sources.resolve("ShoutHandler.java"), SOURCE);
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int result = compiler.run(null, null, diagnostics, "--release", "17", "-classpath", spiJar.toString(),
                "-d", classes.toString(), source.toString());
        assertEquals(0, result, diagnostics.toString(StandardCharsets.UTF_8));
        Path services = Files.createDirectories(classes.resolve("META-INF/services"));
        Files.writeString(services.resolve("dev.turnstile.spi.Handler"), "com.example.shout.ShoutHandler\n");
        return classes;
    }

    private static void writeJar(Path jarFile, Path classes) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(jarFile); JarOutputStream jar = new JarOutputStream(out)) {
            for (Path file : files) {
                jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(file));
                jar.closeEntry();
            }
        }
    }
}
