package dev.turnstile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.plugin.PluginJarBuilder;
import dev.turnstile.server.CoreSettings;
import dev.turnstile.spi.Setting;
import dev.turnstile.spi.Handler;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command as a user sees it: exit codes and what lands on standard output and error. */
class MainTest {

    @TempDir
    Path home;

    private final Map<String, String> environment = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, environment, home, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Compiles a token-free handler that is not on the class path and jars it with its services file. */
    private void writeOpenHandlerJar(Path jarFile) throws Exception {
        Path src = Files.createDirectories(home.resolve("src/example"));
        Path source = Files.writeString(src.resolve("OpenHandler.java"), """
                package example;

                public final class OpenHandler implements dev.turnstile.spi.Handler {
                    public String url() { return "/open"; }
                    public boolean needsToken() { return false; }
                    public dev.turnstile.spi.Response handle(dev.turnstile.spi.Request r, dev.turnstile.spi.Session s) {
                        return dev.turnstile.spi.Response.ok();
                    }
                }
                """);
        Path classes = Files.createDirectories(home.resolve("classes"));
        int result = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-classpath",
                System.getProperty("java.class.path"), "-d", classes.toString(), source.toString());
        assertEquals(0, result);
        try (OutputStream out = Files.newOutputStream(jarFile); JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry("META-INF/services/" + Handler.class.getName()));
            jar.write("example.OpenHandler\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            jar.putNextEntry(new JarEntry("example/OpenHandler.class"));
            jar.write(Files.readAllBytes(classes.resolve("example/OpenHandler.class")));
            jar.closeEntry();
        }
    }

    @Test
    void helpListsEveryOptionWithItsEnvironmentVariableAndExitsZero() {
        assertEquals(0, run("--help"));

        for (Setting<?> setting : CoreSettings.ALL) {
            assertTrue(out().contains(SettingNames.option(setting.key())), setting.key());
            assertTrue(out().contains(SettingNames.environmentVariable(setting.key())), setting.key());
        }
        assertTrue(out().contains("--config"));
        assertTrue(out().contains("--check"));
        assertEquals("", err());
    }

    @Test
    void versionPrintsOneLineNamingTurnstileAndExitsZero() {
        assertEquals(0, run("--version"));

        assertTrue(out().startsWith("turnstile "), out());
        assertEquals(1, out().lines().count());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--host|bad host|expected an IP address or a host name",
        "--port|65536|expected a whole number from 0 to 65535",
        "--busy|maybe|expected reject or queue",
        "--idle-timeout|366d|expected whole seconds (300) or a number with ms, s, m, h or d (50ms, 90s, 5m), from 0"
                + " to 365d",
        "--login-timeout|-1|expected whole seconds (300) or a number with ms, s, m, h or d (50ms, 90s, 5m), from 0"
                + " to 365d",
        "--max-request-bytes|1GB|expected bytes (65536) or a number with KiB, MiB or GiB (64KiB, 4MiB), from 64"
                + " bytes to 1GiB",
        "--max-pending-bytes|32|expected bytes (65536) or a number with KiB, MiB or GiB (64KiB, 4MiB), from 64"
                + " bytes to 1GiB",
        "--plugins|' '|expected a path",
        "--data-dir|' '|expected a path"})
    void aBadCommandLineValueIsOneLineNamingOptionValueAndSourceWithExitCode2(String option, String value,
            String expected) {
        assertEquals(2, run(option + "=" + value));

        assertEquals("turnstile: invalid " + option + " '" + value + "' (from the command line): " + expected + "\n",
                err());
        assertEquals("", out());
    }

    @Test
    void aBadEnvironmentValueNamesTheVariable() {
        environment.put("TURNSTILE_PORT", "abc");

        assertEquals(2, run());

        assertEquals("turnstile: invalid --port 'abc' (from TURNSTILE_PORT): expected a whole number from 0 to 65535\n",
                err());
    }

    @Test
    void aBadFileValueNamesTheFile() throws Exception {
        Path config = Files.writeString(home.resolve("my.properties"), "login-timeout=soon\n");

        assertEquals(2, run("--config", "my.properties"));

        assertTrue(err().startsWith("turnstile: invalid --login-timeout 'soon' (from " + config + "): expected"), err());
    }

    @Test
    void anUnknownKeyInTheDefaultConfigFileIsAUsageError() throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/turnstile.properties"), "max-requests-bytes=1MiB\n");

        assertEquals(2, run());

        assertTrue(err().startsWith("turnstile: unknown key 'max-requests-bytes' in "), err());
        assertEquals(1, err().lines().count());
    }

    @Test
    void aMissingExplicitConfigFileIsAUsageError() {
        assertEquals(2, run("--config", "nowhere.properties"));

        assertEquals("turnstile: cannot read configuration file " + home.resolve("nowhere.properties")
                + ": no such file\n", err());
    }

    @Test
    void anUnknownOptionIsOneLineSuggestingHelpWithExitCode2() {
        assertEquals(2, run("--prot", "8080"));

        assertTrue(err().startsWith("turnstile: "), err());
        assertTrue(err().contains("--prot"), err());
        assertTrue(err().endsWith("; try --help\n"), err());
        assertEquals(1, err().lines().count());
    }

    @Test
    void anOptionWithoutItsValueIsAUsageError() {
        assertEquals(2, run("--port"));

        assertTrue(err().contains("--port"), err());
        assertEquals(1, err().lines().count());
    }

    @Test
    void checkStartsThePluginsPrintsTheRouteTableStopsThemAndExitsZero() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        writeOpenHandlerJar(plugins.resolve("open.jar"));
        writeSettingsPluginJar(plugins.resolve("shared.jar"));

        assertEquals(0, run("--check"), this::err);

        List<String> lines = out().lines().toList();
        assertEquals(List.of("URL", "/open", "/routes", "/shared"), lines.stream().map(line -> line.split(" +")[0]).toList());
        assertEquals(List.of("URL", "TOKEN", "HANDLER", "PLUGIN", "JAR"), List.of(lines.get(0).split(" +")));
        assertEquals(List.of("/open", "no", "example.OpenHandler", "-", "open.jar"), List.of(lines.get(1).split(" +")));
        assertEquals(List.of("/shared", "no", "example.SharedHandler", "example.Shared", "shared.jar"),
                List.of(lines.get(3).split(" +")));
        assertEquals("", err());
        assertTrue(Files.exists(home.resolve("data/shared-stopped")), "the plugin was started, then stopped");
    }

    @Test
    void checkNextToARunningServerFailsAsASecondServerWouldAndTouchesNoPlugin() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        writeOpenHandlerJar(plugins.resolve("open.jar"));
        writeSettingsPluginJar(plugins.resolve("shared.jar"));
        Path data = home.resolve("data");
        try (DataDirLock running = DataDirLock.acquire(data)) {
            assertEquals(1, run("--check"));
        }

        assertEquals("turnstile: data folder " + data + " is in use by another Turnstile server (lock file "
                + data.resolve("turnstile.lock") + ")\n", err());
        assertEquals("", out());
        assertFalse(Files.exists(data.resolve("shared-stopped")), "no plugin was started");
    }

    @Test
    void aBadPluginValueIsTheSameOneLineAndExitCode2ForCheckAndForAStartBeforeAnythingStarts() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        writeSettingsPluginJar(plugins.resolve("shared.jar"));
        String expected = "turnstile: invalid --shared-writable 'maybe' (from the command line): expected true or false\n";

        assertEquals(2, run("--check", "--shared-writable", "maybe"));
        assertEquals(expected, err());
        err.reset();
        assertEquals(2, run("--port", "0", "--shared-writable", "maybe"));
        assertEquals(expected, err());

        assertEquals("", out());
        assertFalse(Files.exists(home.resolve("data")), "nothing was started, not even the lock");
    }

    @Test
    void checkWithABrokenPluginIsOneLineWithExitCode1() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Files.writeString(plugins.resolve("broken.jar"), "not a jar");

        assertEquals(1, run("--check"));

        assertTrue(err().startsWith("turnstile: ") && err().contains("broken.jar"), err());
        assertEquals(1, err().lines().count());
        assertEquals("", out());
    }

    @Test
    void checkWithAMissingTlsKeystoreIsOneLineNamingItWithExitCode1() {
        Path keystore = home.resolve("conf").resolve("missing.p12");

        assertEquals(1, run("--check", "--tls-keystore", "conf/missing.p12"));

        assertEquals("turnstile: cannot use TLS keystore " + keystore + ": no such file; create it with keytool"
                + " (see docs/security.md) or fix --tls-keystore\n", err());
        assertEquals("", out());
    }

    @Test
    void aLockedDataFolderEndsStartUpWithExitCode1AndOneLine() throws Exception {
        writeOpenHandlerJar(Files.createDirectories(home.resolve("plugins")).resolve("open.jar"));
        Path data = home.resolve("data");
        try (DataDirLock other = DataDirLock.acquire(data)) {
            assertEquals(1, run("--port", "0"));
        }

        assertEquals("turnstile: data folder " + data + " is in use by another Turnstile server (lock file "
                + data.resolve("turnstile.lock") + ")\n", err());
    }

    @Test
    void aDataFolderThatCannotBeCreatedEndsStartUpWithExitCode1NamingIt() throws Exception {
        writeOpenHandlerJar(Files.createDirectories(home.resolve("plugins")).resolve("open.jar"));
        Files.writeString(home.resolve("blocker"), "a file, not a folder");

        assertEquals(1, run("--port", "0", "--data-dir", "blocker"));

        assertEquals("turnstile: cannot create data folder " + home.resolve("blocker")
                + ": a file of that name is in the way\n", err());
    }

    /**
     * A jar whose plugin declares a path, a boolean and a secret, and serves a token-free
     * {@code /shared}; its {@code stop} leaves a file {@code shared-stopped} in the data folder.
     */
    private void writeSettingsPluginJar(Path jar) throws Exception {
        PluginJarBuilder.plugin().source("example.Shared", """
                package example;

                import dev.turnstile.spi.*;
                import java.nio.file.*;
                import java.util.List;

                public final class Shared implements Plugin {
                    static final Setting<Path> ROOT = Setting.path("shared-root", "Folder the example shares", "share");
                    static final Setting<Boolean> WRITABLE = Setting.bool("shared-writable", "Whether it writes", false);
                    static final Setting<String> KEY = Setting.secret("shared-key", "Key the example signs with");
                    private Path stopped;
                    public List<Setting<?>> settings() { return List.of(ROOT, WRITABLE, KEY); }
                    public List<Handler> start(PluginContext context) {
                        stopped = context.dataDir().resolve("shared-stopped");
                        return List.of(new SharedHandler());
                    }
                    public void stop() {
                        try { Files.writeString(stopped, "stopped"); } catch (java.io.IOException e) { throw new RuntimeException(e); }
                    }
                }
                """).source("example.SharedHandler", """
                package example;

                import dev.turnstile.spi.*;

                public final class SharedHandler implements Handler {
                    public String url() { return "/shared"; }
                    public boolean needsToken() { return false; }
                    public Response handle(Request r, Session s) { return Response.ok(); }
                }
                """).pluginService("example.Shared").write(jar);
    }

    @Test
    void helpListsEverySettingWithThePlaceholderOfItsKindAndItsDefault() throws Exception {
        writeSettingsPluginJar(Files.createDirectories(home.resolve("plugins")).resolve("shared.jar"));

        assertEquals(0, run("--help"), this::err);

        String words = out().replaceAll("\\s+", " ");
        assertTrue(words.contains("--shared-root=PATH Folder the example shares (default share). TURNSTILE_SHARED_ROOT"),
                out());
        assertTrue(words.contains("--shared-writable=true|false Whether it writes (default false)."), out());
        assertTrue(words.contains("--shared-key=SECRET Key the example signs with. A secret: prefer TURNSTILE_SHARED_KEY"),
                out());
        assertTrue(words.contains("--idle-timeout=TIME"), out());
        assertTrue(words.contains("--max-request-bytes=SIZE"), out());
        assertTrue(words.contains("--busy=reject|queue"), out());
        assertTrue(words.contains("--port=NUMBER"), out());
        assertFalse(out().contains("not listed"), out());
        assertEquals("", err());
    }

    @Test
    void helpWithPluginsThatCannotLoadListsCoreOptionsAndSaysWhyPluginSettingsAreMissing() throws Exception {
        Files.writeString(Files.createDirectories(home.resolve("plugins")).resolve("broken.jar"), "not a jar");

        assertEquals(0, run("--help"));

        assertTrue(out().contains("--max-pending-bytes"), out());
        List<String> why = out().lines().filter(line -> line.startsWith("Plugin settings are not listed: ")).toList();
        assertEquals(1, why.size(), out());
        assertTrue(why.get(0).contains("broken.jar"), why.get(0));
        assertEquals("", err());
    }

    @Test
    void aPluginSettingIsAnOptionOnceItsPluginIsLoadedAndAKeyInTheFile() throws Exception {
        writeSettingsPluginJar(Files.createDirectories(home.resolve("plugins")).resolve("shared.jar"));
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/turnstile.properties"), "shared-root=/srv/share\n");

        assertEquals(0, run("--check", "--shared-root", "elsewhere"), this::err);
        assertEquals(2, run("--check", "--sharedroot", "elsewhere"));

        assertTrue(err().startsWith("turnstile: ") && err().contains("--sharedroot") && err().endsWith("; try --help\n"),
                err());
        assertEquals(1, err().lines().count());
    }

    @Test
    void aPluginKeyInTheFileWithoutItsPluginIsAnUnknownKey() throws Exception {
        writeOpenHandlerJar(Files.createDirectories(home.resolve("plugins")).resolve("open.jar"));
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/turnstile.properties"), "shared-root=/srv/share\n");

        assertEquals(2, run("--check"));

        assertEquals("turnstile: unknown key 'shared-root' in " + home.resolve("conf/turnstile.properties")
                + "; the keys are host, port, plugins, data-dir, busy, idle-timeout, login-timeout, max-request-bytes,"
                + " max-pending-bytes, max-attachment-bytes, tls-keystore, tls-password\n", err());
    }

    @Test
    void anOptionGivenTwiceIsAUsageError() {
        assertEquals(2, run("--port", "1", "--port", "2"));

        assertTrue(err().startsWith("turnstile: ") && err().contains("--port"), err());
        assertEquals(1, err().lines().count());
    }

    @Test
    void aPluginSecretGivenInTheEnvironmentIsNeitherInHelpNorInErrors() throws Exception {
        writeSettingsPluginJar(Files.createDirectories(home.resolve("plugins")).resolve("shared.jar"));
        environment.put("TURNSTILE_SHARED_KEY", "from-env-s3cret");

        assertEquals(0, run("--help"));
        assertEquals(2, run("--check", "--port", "abc"));

        assertFalse(out().contains("from-env-s3cret") || err().contains("from-env-s3cret"));
    }
}
