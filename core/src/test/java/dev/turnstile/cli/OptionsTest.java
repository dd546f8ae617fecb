package dev.turnstile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.turnstile.server.BusyPolicy;
import dev.turnstile.server.CoreSettings;
import dev.turnstile.server.ServerConfig;
import dev.turnstile.spi.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsTest {

    @TempDir
    Path home;

    private final Map<String, String> commandLine = new HashMap<>();
    private final List<Setting<?>> plugins = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private Path defaultConfig;

    @BeforeEach
    void createConfFolder() throws IOException {
        defaultConfig = Files.createDirectories(home.resolve("conf")).resolve("turnstile.properties");
    }

    @Test
    void withoutAnySourceTheDefaultsOfTheSpecificationApply() throws Exception {
        Options options = resolve();

        ServerConfig expected = ServerConfig.defaults().withHome(home);
        assertEquals(expected, options.server());
        assertEquals(home.resolve("plugins"), options.pluginsDir());
    }

    @Test
    void commandLineBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        writeConfig("port=3333\n");
        environment.put("TURNSTILE_PORT", "2222");
        commandLine.put("port", "1111");
        assertEquals(1111, resolve().server().port());

        commandLine.clear();
        assertEquals(2222, resolve().server().port());

        environment.clear();
        assertEquals(3333, resolve().server().port());

        Files.delete(defaultConfig);
        assertEquals(8888, resolve().server().port());
    }

    @Test
    void eachSettingIsTakenFromItsOwnHighestSource() throws Exception {
        writeConfig("host=0.0.0.0\nbusy=queue\nidle-timeout=5m\nmax-pending-bytes=64KiB\n");
        environment.put("TURNSTILE_IDLE_TIMEOUT", "60");
        environment.put("TURNSTILE_LOGIN_TIMEOUT", "0");
        commandLine.put("max-pending-bytes", "128KiB");
        commandLine.put("max-request-bytes", "2048");

        ServerConfig server = resolve().server();

        assertEquals("0.0.0.0", server.host());
        assertEquals(BusyPolicy.QUEUE, server.busy());
        assertEquals(Duration.ofSeconds(60), server.idleTimeout());
        assertEquals(Duration.ZERO, server.loginTimeout());
        assertEquals(128 * 1024, server.maxPendingBytes());
        assertEquals(2048, server.maxRequestBytes());
    }

    @Test
    void everySettingCanComeFromTheEnvironment() throws Exception {
        environment.put("TURNSTILE_HOST", "::1");
        environment.put("TURNSTILE_PORT", "0");
        environment.put("TURNSTILE_PLUGINS", "more-plugins");
        environment.put("TURNSTILE_DATA_DIR", "/srv/turnstile");
        environment.put("TURNSTILE_BUSY", "queue");
        environment.put("TURNSTILE_IDLE_TIMEOUT", "1h");
        environment.put("TURNSTILE_LOGIN_TIMEOUT", "30s");
        environment.put("TURNSTILE_MAX_REQUEST_BYTES", "2MiB");
        environment.put("TURNSTILE_MAX_PENDING_BYTES", "8MiB");

        Options options = resolve();

        assertEquals(ServerConfig.defaults().withHome(home).withHost("::1").withPort(0).withBusy(BusyPolicy.QUEUE)
                .withIdleTimeout(Duration.ofHours(1)).withLoginTimeout(Duration.ofSeconds(30))
                .withMaxRequestBytes(2 * 1024 * 1024).withMaxPendingBytes(8 * 1024 * 1024)
                .with(CoreSettings.PLUGINS, Path.of("more-plugins")).withDataDir(Path.of("/srv/turnstile")), options.server());
        assertEquals(Path.of("/srv/turnstile"), options.server().dataDir());
        assertEquals(home.resolve("more-plugins"), options.pluginsDir());
    }

    @Test
    void aBlankEnvironmentVariableCountsAsUnset() throws Exception {
        writeConfig("port=3333\n");
        environment.put("TURNSTILE_PORT", " ");

        assertEquals(3333, resolve().server().port());
    }

    @Test
    void relativePathsAreResolvedAgainstTheHomeNotTheWorkingDirectory() throws Exception {
        commandLine.put("data-dir", "var/../state");
        commandLine.put("plugins", "/opt/plugins");

        Options options = resolve();

        assertEquals(home.resolve("state"), options.server().dataDir());
        assertEquals(Path.of("/opt/plugins"), options.pluginsDir());
    }

    @Test
    void anExplicitConfigFileIsReadInsteadOfTheDefaultOne() throws Exception {
        writeConfig("port=3333\n");
        Files.writeString(home.resolve("other.properties"), "port = 4444\n");

        Options options = Options.resolve(commandLine, ConfigFile.read("other.properties", home), environment, home, plugins);

        assertEquals(4444, options.server().port());
    }

    @Test
    void aMissingExplicitConfigFileIsAnError() {
        UsageException e = assertThrows(UsageException.class,
                () -> Options.resolve(commandLine, ConfigFile.read("missing.properties", home), environment, home, plugins));

        assertEquals("cannot read configuration file " + home.resolve("missing.properties") + ": no such file",
                e.getMessage());
    }

    @Test
    void anUnknownKeyInTheFileIsAnErrorNamingTheKeyAndTheFile() throws Exception {
        writeConfig("# a comment\nprot=8080\n");

        UsageException e = assertThrows(UsageException.class, this::resolve);

        assertEquals("unknown key 'prot' in " + defaultConfig + "; the keys are host, port, plugins, data-dir, busy,"
                + " idle-timeout, login-timeout, max-request-bytes, max-pending-bytes, max-attachment-bytes, tls-keystore, tls-password",
                e.getMessage());
    }

    @Test
    void aBadValueNamesTheOptionTheValueAndTheEnvironmentVariable() {
        environment.put("TURNSTILE_PORT", "abc");

        UsageException e = assertThrows(UsageException.class, this::resolve);

        assertEquals("invalid --port 'abc' (from TURNSTILE_PORT): expected a whole number from 0 to 65535",
                e.getMessage());
    }

    @Test
    void aBadValueFromTheFileNamesTheFile() throws Exception {
        writeConfig("busy=wait\n");

        UsageException e = assertThrows(UsageException.class, this::resolve);

        assertEquals("invalid --busy 'wait' (from " + defaultConfig + "): expected reject or queue", e.getMessage());
    }

    @Test
    void valuesAreTrimmedButQuotedAsGivenWithControlCharactersEscaped() throws Exception {
        commandLine.put("idle-timeout", " 30s ");
        assertEquals(Duration.ofSeconds(30), resolve().server().idleTimeout());

        commandLine.put("host", "evil\nhost");
        UsageException e = assertThrows(UsageException.class, this::resolve);
        assertEquals("invalid --host 'evil\\x0ahost' (from the command line): expected an IP address or a host name",
                e.getMessage());
    }

    @Test
    void theTlsSettingsFollowTheSamePrecedenceAndAreUnsetByDefault() throws Exception {
        assertNull(resolve().server().tlsKeystore());
        assertNull(resolve().server().tlsPassword());

        writeConfig("tls-keystore=conf/server.p12\ntls-password=pw-file\n");
        environment.put("TURNSTILE_TLS_PASSWORD", "pw-env");
        commandLine.put("tls-password", "pw-cli");
        ServerConfig server = resolve().server();

        assertEquals(home.resolve("conf/server.p12"), server.tlsKeystore());
        assertEquals("pw-cli", server.tlsPassword());
        assertFalse(server.toString().contains("pw-cli"), "the password must not show in toString");
    }

    @Test
    void aPluginSettingIsTakenFromEachOfTheFourSourcesInOrder() throws Exception {
        plugins.add(Setting.path("files-root", "Folder to share", "share"));
        writeConfig("files-root=from-file\n");
        environment.put("TURNSTILE_FILES_ROOT", "from-env");
        commandLine.put("files-root", "from-cli");
        assertEquals(Map.of("files-root", "from-cli"), resolve().server().settings());

        commandLine.clear();
        assertEquals(Map.of("files-root", "from-env"), resolve().server().settings());

        environment.clear();
        assertEquals(Map.of("files-root", "from-file"), resolve().server().settings());

        Files.delete(defaultConfig);
        assertEquals(Map.of(), resolve().server().settings(), "the declared default is the server's to fill in");
    }

    @Test
    void aBadPluginValueIsCheckedAgainstItsDeclarationAsACoreValueIs() throws Exception {
        plugins.add(Setting.bool("files-writable", "Whether clients may write", false));
        plugins.add(Setting.oneOf("token-scope", "Where a token is accepted", "connection", "connection", "address"));
        writeConfig("files-writable=maybe\n");

        UsageException e = assertThrows(UsageException.class, this::resolve);
        assertEquals("invalid --files-writable 'maybe' (from " + defaultConfig + "): expected true or false",
                e.getMessage());

        writeConfig("");
        commandLine.put("token-scope", "ip");
        e = assertThrows(UsageException.class, this::resolve);
        assertEquals("invalid --token-scope 'ip' (from the command line): expected connection or address", e.getMessage());
    }

    @Test
    void aPluginKeyInTheFileIsKnownOnlyOnceItsPluginIsLoaded() throws Exception {
        writeConfig("files-root=/srv/share\n");

        UsageException e = assertThrows(UsageException.class, this::resolve);
        assertTrue(e.getMessage().startsWith("unknown key 'files-root' in " + defaultConfig + "; the keys are host,"),
                e.getMessage());
        assertEquals(Map.of(), Options.resolveCore(commandLine, ConfigFile.read(null, home), environment, home).server().settings(),
                "before the plugins are loaded, a key core does not know is left to be judged");

        plugins.add(Setting.path("files-root", "Folder to share", "share"));
        assertEquals(Map.of("files-root", "/srv/share"), resolve().server().settings());
    }

    @Test
    void anEnvironmentVariableOfNoKnownSettingIsIgnored() throws Exception {
        environment.put("TURNSTILE_NO_SUCH_SETTING", "x");
        environment.put("TURNSTILE_FILES_ROOT", "x");

        assertEquals(ServerConfig.defaults().withHome(home), resolve().server());
    }

    @Test
    void aSecretInAFileOthersCanReadIsWarnedAboutButNotInAnOwnerOnlyFile() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        plugins.add(Setting.secret("auth-secret", "The login secret"));
        writeConfig("auth-secret=s3cret\n");
        Files.setPosixFilePermissions(defaultConfig, PosixFilePermissions.fromString("rw-r--r--"));

        List<String> warnings = resolve().warnings();

        assertEquals(List.of("auth-secret is set in " + defaultConfig + ", which group or others can read; run chmod 600"
                + " on it, or give the value as TURNSTILE_AUTH_SECRET"), warnings);
        assertFalse(warnings.get(0).contains("s3cret"));

        Files.setPosixFilePermissions(defaultConfig, PosixFilePermissions.fromString("rw-------"));
        assertEquals(List.of(), resolve().warnings());

        Files.setPosixFilePermissions(defaultConfig, PosixFilePermissions.fromString("rw-r--r--"));
        environment.put("TURNSTILE_AUTH_SECRET", "from-env");
        assertEquals(List.of(), resolve().warnings(), "the file's value is not used, so it is not the problem");
        assertFalse(resolve().server().toString().contains("from-env"), "a plugin setting's value is never shown");
    }

    @Test
    void theCoreTlsPasswordInAReadableFileIsWarnedAboutToo() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        writeConfig("tls-password=pw\n");
        Files.setPosixFilePermissions(defaultConfig, PosixFilePermissions.fromString("rw-r--r--"));

        assertEquals(List.of("tls-password is set in " + defaultConfig + ", which group or others can read; run chmod"
                + " 600 on it, or give the value as TURNSTILE_TLS_PASSWORD"), resolve().warnings());
    }

    private Options resolve() throws UsageException {
        return Options.resolve(commandLine, ConfigFile.read(null, home), environment, home, plugins);
    }

    private void writeConfig(String text) throws IOException {
        Files.writeString(defaultConfig, text, StandardCharsets.UTF_8);
    }
}
