package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.Setting;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The table of core settings: each row is complete and consistent with ServerConfig. */
class CoreSettingTest {

    @Test
    void everySettingParsesItsOwnDefaultAndTheDefaultsAreServerConfigsDefaults() {
        ServerConfig defaults = ServerConfig.defaults();
        for (CoreSetting<?> setting : CoreSetting.ALL) {
            Object parsed = assertDoesNotThrow(() -> setting.parse(setting.declaration().defaultValue()), setting.key());
            assertEquals(parsed, defaults.get(setting), setting.key());
        }
        assertEquals(8888, defaults.port());
        assertEquals(Duration.ofSeconds(300), defaults.idleTimeout());
        assertEquals(1024 * 1024, defaults.maxRequestBytes());
        assertEquals(null, defaults.tlsKeystore());
    }

    @Test
    void everyRowHasAUniqueKeyAOneLineHelpAndALabel() {
        Set<String> keys = new HashSet<>();
        for (CoreSetting<?> setting : CoreSetting.ALL) {
            Setting declared = setting.declaration();
            assertTrue(keys.add(setting.key()), setting.key());
            assertFalse(declared.description().isBlank() || declared.description().contains("\n"), setting.key());
            assertFalse(setting.label().isBlank(), setting.key());
            assertEquals(setting, CoreSetting.byKey(setting.key()).orElseThrow());
        }
        assertFalse(keys.contains("auth-secret"), "the login secret is the auth plugin's setting");
    }

    @Test
    void valuesGivenInCodeAreHeldToTheLimitsOfText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.defaults().withMaxRequestBytes(32));
        assertEquals(ValueFormats.SIZE_EXPECTED, e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.defaults().withPort(65536));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.defaults().withIdleTimeout(Duration.ofDays(366)));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.defaults().withHost("two words"));
        assertEquals(Duration.ofMillis(300), ServerConfig.defaults().withLoginTimeout(Duration.ofMillis(300)).loginTimeout(),
                "code may give less than a second");
    }

    @Test
    void toStringShowsNoSecretAndNoPluginValue() {
        ServerConfig config = ServerConfig.defaults().withTls(java.nio.file.Path.of("k.p12"), "pw-secret")
                .withSetting("auth-secret", "open sesame");

        assertFalse(config.toString().contains("pw-secret"), config.toString());
        assertFalse(config.toString().contains("open sesame"), config.toString());
        assertTrue(config.toString().contains("tls-password=set"), config.toString());
        assertTrue(config.toString().contains("auth-secret"), config.toString());
    }
}
