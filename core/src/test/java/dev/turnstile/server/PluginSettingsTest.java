package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Plugin;
import dev.turnstile.spi.PluginContext;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import dev.turnstile.spi.Setting;
import dev.turnstile.startup.StartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which settings each plugin sees, parsed, and which declarations and given values stop start-up. */
class PluginSettingsTest {

    static final Setting<Path> ROOT = Setting.path("files-root", "Folder", "share");
    static final Setting<Boolean> WRITABLE = Setting.bool("files-writable", "Whether uploads are allowed", false);
    static final Setting<String> NOTE = Setting.text("files-note", "A note", "");
    static final Setting<String> SECRET = Setting.secret("auth-secret", "The secret");
    static final Setting<Duration> TTL = Setting.duration("token-ttl", "A life", "1h", Duration.ZERO, Duration.ofDays(1));

    @TempDir
    Path tmp;

    @Test
    void everyPluginIsToldTheServersAttachmentLimit() throws Exception {
        List<LoadedPlugin> plugins = List.of(LoadedPlugin.of(new Declaring("/files", ROOT), "files.jar"));
        PluginSettings settings = PluginSettings.of(plugins);
        ServerConfig config = ServerConfig.defaults().withHome(tmp);

        assertEquals(16L * 1024 * 1024, settings.contextFor(plugins.get(0), config, tmp, null).maxAttachmentBytes(),
                "the default, 16 MiB");
        assertEquals(4096, settings.contextFor(plugins.get(0), config.withMaxAttachmentBytes(4096), tmp, null)
                .maxAttachmentBytes());
    }

    @Test
    void eachPluginSeesOnlyItsOwnSettingsParsedWithDeclaredDefaultsAndPathsResolvedAgainstTheHome() throws Exception {
        Declaring files = new Declaring("/files", ROOT, WRITABLE, NOTE);
        Declaring login = new Declaring("/login", SECRET, TTL);
        List<LoadedPlugin> plugins = List.of(LoadedPlugin.of(files, "files.jar"), LoadedPlugin.of(login, "auth.jar"));
        ServerConfig config = ServerConfig.defaults().withHome(tmp).withDataDir(tmp.resolve("data"))
                .withSetting("files-writable", "TRUE").withSetting("auth-secret", "open sesame")
                .withSetting("token-ttl", "90s");

        PluginSettings settings = PluginSettings.of(plugins);
        PluginContext ofFiles = settings.contextFor(plugins.get(0), config, tmp.resolve("data"), null);
        PluginContext ofLogin = settings.contextFor(plugins.get(1), config, tmp.resolve("data"), null);

        assertEquals(true, ofFiles.get(WRITABLE), "a given value wins, parsed");
        assertEquals(tmp.toAbsolutePath().resolve("share"), ofFiles.get(ROOT), "else the default, resolved");
        assertEquals(Optional.empty(), ofFiles.find(NOTE), "empty when not given and the default is empty");
        assertThrows(IllegalArgumentException.class, () -> ofFiles.find(SECRET), "another plugin's secret is not visible");
        assertThrows(IllegalArgumentException.class, () -> ofFiles.find(CoreSettings.PORT), "nor are core's settings");
        assertEquals("open sesame", ofLogin.get(SECRET));
        assertEquals(Duration.ofSeconds(90), ofLogin.get(TTL));
        assertEquals(tmp.toAbsolutePath(), ofFiles.home());
        assertFalse(ofLogin.toString().contains("open sesame"), ofLogin.toString());
        assertEquals(List.of("files-root", "files-writable", "files-note", "auth-secret", "token-ttl"),
                settings.all().stream().map(Setting::key).toList());
    }

    @Test
    void theServerStartsEachPluginWithItsOwnContextTheHomeAndItsTimer() throws Exception {
        Declaring login = new Declaring("/login", SECRET);
        Declaring other = new Declaring("/other", Setting.oneOf("other-mode", "A mode", "plain", "plain", "fancy"));
        ServerConfig config = ServerConfig.defaults().withPort(0).withHome(tmp).withDataDir(Path.of("data"))
                .withSetting("auth-secret", "open sesame");

        try (TurnstileServer server = TurnstileServer.start(config,
                List.of(LoadedPlugin.of(login, "auth.jar"), LoadedPlugin.of(other, "other.jar")))) {
            assertEquals("open sesame", login.context.get(SECRET));
            assertEquals("plain", other.context.get(other.settings.get(0)));
            assertEquals(tmp.toAbsolutePath(), other.context.home());
            assertEquals(tmp.toAbsolutePath().resolve("data"), other.context.dataDir(), "relative to the home");
            assertEquals(login.context.timer(), other.context.timer(), "one timer, the server's");
        }
    }

    @Test
    void aGivenKeyThatNoPluginDeclaresStopsStartUpNamingItBeforeAnythingIsTouched() throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(tmp.resolve("data"))
                .withSetting("auth-secert", "x");

        StartupException e = assertThrows(StartupException.class, () -> TurnstileServer.start(config,
                List.of(LoadedPlugin.of(new Declaring("/login"), "auth.jar"))));

        assertEquals("setting \"auth-secert\" is neither a server setting nor declared by any plugin; the keys are"
                + " host, port, plugins, data-dir, busy, idle-timeout, login-timeout, max-request-bytes,"
                + " max-pending-bytes, max-attachment-bytes, tls-keystore, tls-password", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("data")), "refused before anything is touched");
    }

    @Test
    void aValueItsDeclarationRefusesStopsAStartFromCodeNamingTheKeyAndWhatItAccepts() {
        Declaring files = new Declaring("/files", WRITABLE);
        ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(tmp.resolve("data"))
                .withSetting("files-writable", "maybe");

        StartupException e = assertThrows(StartupException.class,
                () -> TurnstileServer.start(config, List.of(LoadedPlugin.of(files, "files.jar"))));

        assertEquals("invalid --files-writable 'maybe': expected true or false", e.getMessage());
        assertEquals(null, files.context, "not started");
    }

    @Test
    void twoPluginsDeclaringOneKeyStopStartUpNamingBothPluginsAndJars() {
        List<LoadedPlugin> plugins = List.of(LoadedPlugin.of(new Declaring("/a", Setting.text("shared-root", "A", "a")),
                "a.jar"), LoadedPlugin.of(new Other("/b", Setting.text("shared-root", "B", "b")), "b.jar"));

        StartupException e = assertThrows(StartupException.class, () -> PluginSettings.of(plugins));

        assertEquals("setting \"shared-root\" is declared twice: by plugin " + Declaring.class.getName()
                + " (a.jar) and by plugin " + Other.class.getName() + " (b.jar); remove one of the two jars", e.getMessage());
    }

    @Test
    void aPluginMayNotDeclareACoreKey() {
        List<LoadedPlugin> plugins = List.of(LoadedPlugin.of(new Declaring("/x", Setting.integer("port", "Mine", 1, 0, 9)),
                "x.jar"));

        StartupException e = assertThrows(StartupException.class, () -> PluginSettings.of(plugins));

        assertEquals("plugin " + Declaring.class.getName() + " (x.jar) declares setting \"port\", which is a server"
                + " setting; the plugin must use another key", e.getMessage());
    }

    @Test
    void aDefaultItsOwnFormatRefusesStopsStartUpNamingThePlugin() {
        List<LoadedPlugin> plugins = List.of(LoadedPlugin.of(new Declaring("/x",
                Setting.duration("x-wait", "A wait", "soon", Duration.ZERO, Duration.ofHours(1))), "x.jar"));

        StartupException e = assertThrows(StartupException.class, () -> PluginSettings.of(plugins));

        assertEquals("plugin " + Declaring.class.getName() + " (x.jar) declares setting \"x-wait\" with the default"
                + " \"soon\", which its own format refuses: expected whole seconds (300) or a number with ms, s, m, h"
                + " or d (50ms, 90s, 5m), from 0 to 1h", e.getMessage());
    }

    /** A plugin of one token-free handler, declaring settings and keeping the context it was started with. */
    static class Declaring implements Plugin, Handler {
        private final String url;
        final List<Setting<?>> settings;
        PluginContext context;

        Declaring(String url, Setting<?>... settings) {
            this.url = url;
            this.settings = List.of(settings);
        }

        @Override
        public List<Setting<?>> settings() {
            return settings;
        }

        @Override
        public List<Handler> start(PluginContext context) {
            this.context = context;
            return List.of(this);
        }

        @Override
        public String url() {
            return url;
        }

        @Override
        public boolean needsToken() {
            return false;
        }

        @Override
        public Response handle(Request request, Session session) {
            return Response.ok();
        }
    }

    /** The same, as another class, so that messages naming both can be told apart. */
    static final class Other extends Declaring {
        Other(String url, Setting<?>... settings) {
            super(url, settings);
        }
    }
}
