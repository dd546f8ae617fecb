package dev.turnstile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.turnstile.server.BusyPolicy;
import dev.turnstile.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsTest {

    @TempDir
    Path home;

    private final Map<Setting, String> commandLine = new EnumMap<>(Setting.class);
    private final Map<String, String> environment = new HashMap<>();
    private Path defaultConfig;

    @BeforeEach
    void createConfFolder() throws IOException {
        defaultConfig = Files.createDirectories(home.resolve("conf")).resolve("turnstile.properties");
    }

    @Test
    void withoutAnySourceTheDefaultsOfTheSpecificationApply() throws Exception {
        Options options = resolve();

        ServerConfig expected = ServerConfig.defaults().withDataDir(home.resolve("data"));
        assertEquals(expected, options.server());
        assertEquals(home.resolve("plugins"), options.pluginsDir());
    }

    @Test
    void commandLineBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        writeConfig("port=3333\n");
        environment.put("TURNSTILE_PORT", "2222");
        commandLine.put(Setting.PORT, "1111");
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
        commandLine.put(Setting.MAX_PENDING_BYTES, "128KiB");
        commandLine.put(Setting.MAX_REQUEST_BYTES, "2048");

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

        assertEquals(new ServerConfig("::1", 0, BusyPolicy.QUEUE, Duration.ofHours(1), Duration.ofSeconds(30),
                2 * 1024 * 1024, 8 * 1024 * 1024, Path.of("/srv/turnstile"), null, null, null), options.server());
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
        commandLine.put(Setting.DATA_DIR, "var/../state");
        commandLine.put(Setting.PLUGINS, "/opt/plugins");

        Options options = resolve();

        assertEquals(home.resolve("state"), options.server().dataDir());
        assertEquals(Path.of("/opt/plugins"), options.pluginsDir());
    }

    @Test
    void anExplicitConfigFileIsReadInsteadOfTheDefaultOne() throws Exception {
        writeConfig("port=3333\n");
        Files.writeString(home.resolve("other.properties"), "port = 4444\n");

        Options options = Options.resolve(commandLine, "other.properties", environment, home);

        assertEquals(4444, options.server().port());
    }

    @Test
    void aMissingExplicitConfigFileIsAnError() {
        UsageException e = assertThrows(UsageException.class,
                () -> Options.resolve(commandLine, "missing.properties", environment, home));

        assertEquals("cannot read configuration file " + home.resolve("missing.properties") + ": no such file",
                e.getMessage());
    }

    @Test
    void anUnknownKeyInTheFileIsAnErrorNamingTheKeyAndTheFile() throws Exception {
        writeConfig("# a comment\nprot=8080\n");

        UsageException e = assertThrows(UsageException.class, this::resolve);

        assertEquals("unknown key 'prot' in " + defaultConfig + "; the keys are host, port, plugins, data-dir, busy,"
                + " idle-timeout, login-timeout, max-request-bytes, max-pending-bytes, auth-secret, tls-keystore,"
                + " tls-password", e.getMessage());
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
        commandLine.put(Setting.IDLE_TIMEOUT, " 30s ");
        assertEquals(Duration.ofSeconds(30), resolve().server().idleTimeout());

        commandLine.put(Setting.HOST, "evil\nhost");
        UsageException e = assertThrows(UsageException.class, this::resolve);
        assertEquals("invalid --host 'evil\\x0ahost' (from the command line): expected an IP address or a host name",
                e.getMessage());
    }

    @Test
    void theSecretAndTheTlsSettingsFollowTheSamePrecedenceAndAreUnsetByDefault() throws Exception {
        assertNull(resolve().server().authSecret());
        assertNull(resolve().server().tlsKeystore());

        writeConfig("auth-secret=from-file\ntls-keystore=conf/server.p12\ntls-password=pw-file\n");
        environment.put("TURNSTILE_AUTH_SECRET", "from-env");
        commandLine.put(Setting.TLS_PASSWORD, "pw-cli");
        ServerConfig server = resolve().server();

        assertEquals("from-env", server.authSecret());
        assertEquals(home.resolve("conf/server.p12"), server.tlsKeystore());
        assertEquals("pw-cli", server.tlsPassword());
        assertFalse(server.toString().contains("from-env"), "the secret must not show in toString");
        assertFalse(server.toString().contains("pw-cli"), "the password must not show in toString");
    }

    @Test
    void aSecretInAFileOthersCanReadIsWarnedAboutButNotInAnOwnerOnlyFile() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
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
    }

    private Options resolve() throws UsageException {
        return Options.resolve(commandLine, null, environment, home);
    }

    private void writeConfig(String text) throws IOException {
        Files.writeString(defaultConfig, text, StandardCharsets.UTF_8);
    }
}
