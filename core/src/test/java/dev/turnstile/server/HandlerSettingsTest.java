package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.turnstile.route.Route;
import dev.turnstile.route.RouteTable;
import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerContext;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import dev.turnstile.spi.Setting;
import dev.turnstile.startup.StartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which settings each handler sees, and which declarations and given keys stop start-up. */
class HandlerSettingsTest {

    @TempDir
    Path tmp;

    @Test
    void eachHandlerSeesOnlyItsOwnSettingsWithDeclaredDefaultsFilledIn() throws Exception {
        Declaring files = new Declaring("/files", Setting.of("files-root", "Folder", "share"),
                Setting.of("files-writable", "Whether uploads are allowed", "false"), Setting.of("files-note", "A note", ""));
        Declaring login = new Declaring("/login", Setting.secret("auth-secret", "The secret"));
        RouteTable routes = RouteTable.of(List.of(new Route(files, "files.jar"), new Route(login, "auth.jar")));
        ServerConfig config = ServerConfig.defaults().withHome(tmp).withDataDir(tmp.resolve("data"))
                .withSetting("files-root", "/srv/share").withSetting("auth-secret", "open sesame");

        HandlerSettings settings = HandlerSettings.of(routes);
        HandlerContext ofFiles = settings.contextFor(routes.find("/files"), config, tmp.resolve("data"));
        HandlerContext ofLogin = settings.contextFor(routes.find("/login"), config, tmp.resolve("data"));

        assertEquals(Optional.of("/srv/share"), ofFiles.setting("files-root"), "a given value wins");
        assertEquals(Optional.of("false"), ofFiles.setting("files-writable"), "else the declared default");
        assertEquals(Optional.empty(), ofFiles.setting("files-note"), "empty when both are empty");
        assertEquals(Optional.empty(), ofFiles.setting("auth-secret"), "another plugin's secret is not visible");
        assertEquals(Optional.empty(), ofFiles.setting("port"), "nor are core's settings");
        assertEquals(Optional.of("open sesame"), ofLogin.setting("auth-secret"));
        assertEquals(Optional.empty(), ofLogin.setting("files-root"));
        assertEquals(tmp.toAbsolutePath(), ofFiles.home());
        assertFalse(ofLogin.toString().contains("open sesame"), ofLogin.toString());
        assertEquals(List.of("files-root", "files-writable", "files-note", "auth-secret"),
                settings.all().stream().map(Setting::key).toList());
    }

    @Test
    void theServerStartsEachHandlerWithItsOwnContextAndTheHome() throws Exception {
        Declaring login = new Declaring("/login", Setting.secret("auth-secret", "The secret"));
        Declaring other = new Declaring("/other", Setting.of("other-mode", "A mode", "plain"));
        RouteTable routes = RouteTable.of(List.of(new Route(login, "auth.jar"), new Route(other, "other.jar")));
        ServerConfig config = ServerConfig.defaults().withPort(0).withHome(tmp).withDataDir(Path.of("data"))
                .withSetting("auth-secret", "open sesame");

        try (TurnstileServer server = TurnstileServer.start(config, routes)) {
            assertEquals(Optional.of("open sesame"), login.context.setting("auth-secret"));
            assertEquals(Optional.empty(), other.context.setting("auth-secret"));
            assertEquals(Optional.of("plain"), other.context.setting("other-mode"));
            assertEquals(tmp.toAbsolutePath(), other.context.home());
            assertEquals(tmp.toAbsolutePath().resolve("data"), other.context.dataDir(), "relative to the home");
        }
    }

    @Test
    void aGivenKeyThatNoHandlerDeclaresStopsStartUpNamingIt() throws Exception {
        RouteTable routes = RouteTable.of(List.of(new Route(new Declaring("/login"), "auth.jar")));
        ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(tmp.resolve("data"))
                .withSetting("auth-secert", "x");

        StartupException e = assertThrows(StartupException.class, () -> TurnstileServer.start(config, routes));

        assertEquals("setting \"auth-secert\" is neither a server setting nor declared by any handler; the keys are"
                + " host, port, plugins, data-dir, busy, idle-timeout, login-timeout, max-request-bytes,"
                + " max-pending-bytes, tls-keystore, tls-password", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("data")), "refused before anything is touched");
    }

    @Test
    void twoJarsDeclaringOneKeyStopStartUpNamingBothHandlers() throws Exception {
        RouteTable routes = RouteTable.of(List.of(
                new Route(new Declaring("/a", Setting.of("shared-root", "A", "a")), "a.jar"),
                new Route(new Other("/b", Setting.of("shared-root", "B", "b")), "b.jar")));

        StartupException e = assertThrows(StartupException.class, () -> HandlerSettings.of(routes));

        assertEquals("setting \"shared-root\" is declared twice: by " + Declaring.class.getName() + " (a.jar) and by "
                + Other.class.getName() + " (b.jar); remove one of the two jars", e.getMessage());
    }

    @Test
    void handlersOfOneJarMayShareAKey() throws Exception {
        RouteTable routes = RouteTable.of(List.of(
                new Route(new Declaring("/list", Setting.of("files-root", "Folder", "share")), "files.jar"),
                new Route(new Other("/get", Setting.of("files-root", "Folder", "share")), "files.jar")));

        assertEquals(List.of("files-root"), HandlerSettings.of(routes).all().stream().map(Setting::key).toList());
    }

    @Test
    void aHandlerMayNotDeclareACoreKey() throws Exception {
        RouteTable routes = RouteTable.of(List.of(new Route(new Declaring("/x", Setting.of("port", "Mine", "1")),
                "x.jar")));

        StartupException e = assertThrows(StartupException.class, () -> HandlerSettings.of(routes));

        assertEquals(Declaring.class.getName() + " (x.jar) declares setting \"port\", which is a server setting;"
                + " the plugin must use another key", e.getMessage());
    }

    /** A token-free handler declaring settings and keeping the context it was started with. */
    static class Declaring implements Handler {
        private final String url;
        private final List<Setting> settings;
        HandlerContext context;

        Declaring(String url, Setting... settings) {
            this.url = url;
            this.settings = List.of(settings);
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
        public List<Setting> settings() {
            return settings;
        }

        @Override
        public void start(HandlerContext context) {
            this.context = context;
        }

        @Override
        public Response handle(Request request, Session session) {
            return Response.ok();
        }
    }

    /** The same, as another class, so that messages naming both can be told apart. */
    static final class Other extends Declaring {
        Other(String url, Setting... settings) {
            super(url, settings);
        }
    }
}
