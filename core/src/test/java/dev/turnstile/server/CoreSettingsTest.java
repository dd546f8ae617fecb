package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The table of core settings: each row is complete and consistent with ServerConfig. */
class CoreSettingsTest {

    @Test
    void everySettingParsesItsOwnDefaultAndTheDefaultsAreServerConfigsDefaults() {
        ServerConfig defaults = ServerConfig.defaults();
        for (Setting<?> setting : CoreSettings.ALL) {
            Object parsed = assertDoesNotThrow(() -> ValueFormats.parse(setting, setting.defaultText()), setting.key());
            assertEquals(parsed, defaults.get(setting), setting.key());
        }
        assertEquals(8888, defaults.port());
        assertEquals(BusyPolicy.REJECT, defaults.busy());
        assertEquals(Duration.ofSeconds(300), defaults.idleTimeout());
        assertEquals(1024 * 1024, defaults.maxRequestBytes());
        assertNull(defaults.tlsKeystore());
        assertNull(defaults.tlsPassword());
    }

    @Test
    void everyRowHasAUniqueKeyAndAOneLineHelp() {
        Set<String> keys = new HashSet<>();
        for (Setting<?> setting : CoreSettings.ALL) {
            assertTrue(keys.add(setting.key()), setting.key());
            assertFalse(setting.description().isBlank() || setting.description().contains("\n"), setting.key());
            assertEquals(setting, CoreSettings.byKey(setting.key()).orElseThrow());
        }
        assertFalse(keys.contains("auth-secret"), "the login secret is the auth plugin's setting");
    }

    @Test
    void valuesGivenInCodeAreHeldToTheBoundsOfText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.defaults().withMaxRequestBytes(32));
        assertEquals("expected bytes (65536) or a number with KiB, MiB or GiB (64KiB, 4MiB), from 64 bytes to 1GiB",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.defaults().withPort(65536));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.defaults().withIdleTimeout(Duration.ofDays(366)));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.defaults().withIdleTimeout(Duration.ofSeconds(-1)));
        assertEquals(Duration.ofMillis(300), ServerConfig.defaults().withLoginTimeout(Duration.ofMillis(300)).loginTimeout(),
                "less than a second is a valid time");
        assertEquals(BusyPolicy.QUEUE, ServerConfig.defaults().withBusy(BusyPolicy.QUEUE).busy());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "::1", "[::1]", "fe80::1%eth0", "localhost", "my-host.example"})
    void hostsAreAddressesOrNames(String text) {
        assertEquals(text, ServerConfig.defaults().withHost(text).host());
    }

    @ParameterizedTest
    @ValueSource(strings = {"two words", "host/24", "tab\there"})
    void hostsWithOtherCharactersAreRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.defaults().withHost(text));
        assertEquals("expected an IP address or a host name", e.getMessage());
    }

    @Test
    void onlyASettingWhoseDefaultIsEmptyMayBeUnsetAndAPluginsSettingIsGivenAsText() {
        ServerConfig config = ServerConfig.defaults().withTls(Path.of("k.p12"), "pw");
        assertEquals(Path.of("k.p12").toAbsolutePath(), config.tlsKeystore());
        assertNull(config.withTls(null, null).tlsKeystore());
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.defaults().with(CoreSettings.PORT, null));
        assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.defaults().with(Setting.text("files-note", "A note", ""), "x"));
    }

    @Test
    void toStringShowsNoSecretAndNoPluginValue() {
        ServerConfig config = ServerConfig.defaults().withTls(Path.of("k.p12"), "pw-secret")
                .withSetting("auth-secret", "open sesame");

        assertFalse(config.toString().contains("pw-secret"), config.toString());
        assertFalse(config.toString().contains("open sesame"), config.toString());
        assertTrue(config.toString().contains("tls-password=set"), config.toString());
        assertTrue(config.toString().contains("auth-secret"), config.toString());
    }
}
