package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Plugin;
import dev.turnstile.spi.PluginContext;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import dev.turnstile.spi.Setting;
import dev.turnstile.spi.TokenAuthority;
import dev.turnstile.startup.SettingsException;
import dev.turnstile.testing.TestHandlers;
import dev.turnstile.testing.TestKeystore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safe by default off loopback: the plugins are started as a server or {@code --check} starts them
 * ({@link StartedPlugins}), with a login plugin whose secret is a setting of its own, as the auth
 * plugin's is.
 */
class ProtectedModeTest {

    private static final String REFUSAL = "refusing to listen on 0.0.0.0, beyond loopback, with neither TLS nor a"
            + " login secret: anyone who can reach the port could log in and read the traffic; turn on TLS with"
            + " --tls auto and set a login secret in TURNSTILE_GATE_SECRET, or, if everyone who can reach the port"
            + " is trusted, start with --trusted-network true";

    @TempDir
    Path dataDir;

    /** A login plugin like the auth plugin: its authority requires a secret once {@code gate-secret} is set. */
    public static final class Gate implements Plugin {
        static final Setting<String> SECRET = Setting.secret("gate-secret", "Secret the gate wants");
        boolean stopped;

        @Override
        public List<Setting<?>> settings() {
            return List.of(SECRET);
        }

        @Override
        public List<Handler> start(PluginContext context) {
            return List.of(new GateHandler(context.find(SECRET).isPresent()));
        }

        @Override
        public void stop() {
            stopped = true;
        }
    }

    static final class GateHandler implements Handler, TokenAuthority {
        private final boolean secret;

        GateHandler(boolean secret) {
            this.secret = secret;
        }

        @Override
        public String url() {
            return "/login";
        }

        @Override
        public boolean needsToken() {
            return false;
        }

        @Override
        public Response handle(Request request, Session session) {
            return Response.ok();
        }

        @Override
        public boolean accepts(String token, Session session) {
            return false;
        }

        @Override
        public boolean requiresSecret() {
            return secret;
        }
    }

    private ServerConfig onTheNetwork() {
        return ServerConfig.defaults().withHost("0.0.0.0").withDataDir(dataDir);
    }

    private Optional<String> startAndWarn(ServerConfig config) throws Exception {
        try (StartedPlugins started = StartedPlugins.start(config, List.of(LoadedPlugin.of(new Gate())))) {
            return ProtectedMode.warning(config, started.routes());
        }
    }

    @Test
    void beyondLoopbackWithNeitherTlsNorASecretTheStartIsRefusedNamingBothAndTheTrustedNetwork() {
        Gate gate = new Gate();

        SettingsException e = assertThrows(SettingsException.class,
                () -> StartedPlugins.start(onTheNetwork(), List.of(LoadedPlugin.of(gate))));

        assertEquals(REFUSAL, e.getMessage());
        assertTrue(gate.stopped, "the plugins already started are stopped");
    }

    @Test
    void anIpv6WildcardIsBeyondLoopbackToo() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> StartedPlugins.start(onTheNetwork().withHost("::"), List.of(LoadedPlugin.of(new Gate()))));

        assertTrue(e.getMessage().startsWith("refusing to listen on ::, beyond loopback,"), e.getMessage());
    }

    @Test
    void onLoopbackNothingIsAskedOrSaid() throws Exception {
        for (String host : List.of("127.0.0.1", "::1", "[::1]", "localhost")) {
            assertEquals(Optional.empty(), startAndWarn(onTheNetwork().withHost(host)), host);
        }
    }

    @Test
    void aLoginSecretIsAWayOutWithAWarningThatTheTrafficIsInClearText() throws Exception {
        Optional<String> warning = startAndWarn(onTheNetwork().withSetting("gate-secret", "open sesame"));

        assertEquals(Optional.of("listening on 0.0.0.0 beyond loopback without TLS: the login secret and every answer"
                + " cross the network in clear text; turn on TLS with --tls auto"), warning);
    }

    @Test
    void tlsAutoIsAWayOutWithAWarningThatAnyoneCanLogIn() throws Exception {
        Optional<String> warning = startAndWarn(onTheNetwork().withTlsAuto());

        assertEquals(Optional.of("listening on 0.0.0.0 beyond loopback without a login secret: anyone who can reach"
                + " the port can log in (over TLS); set a login secret in TURNSTILE_GATE_SECRET"), warning);
    }

    @Test
    void aKeystoreIsAWayOutToo() throws Exception {
        assertTrue(startAndWarn(onTheNetwork().withTls(TestKeystore.file(), TestKeystore.PASSWORD)).isPresent());
    }

    @Test
    void tlsAndASecretTogetherStartWithoutAWarning() throws Exception {
        assertEquals(Optional.empty(), startAndWarn(onTheNetwork().withTlsAuto().withSetting("gate-secret", "s")));
    }

    @Test
    void aTrustedNetworkIsAWayOutThatTheLogStillNames() throws Exception {
        Optional<String> warning = startAndWarn(onTheNetwork().withTrustedNetwork(true));

        assertEquals(Optional.of("listening on 0.0.0.0 beyond loopback with neither TLS nor a login secret, as"
                + " --trusted-network true allows: anyone who can reach the port can log in"), warning);
    }

    @Test
    void withoutALoginPluginThatTakesASecretTheRefusalSaysToUseOne() {
        SettingsException e = assertThrows(SettingsException.class, () -> StartedPlugins.start(onTheNetwork(),
                LoadedPlugin.handlers(new TestHandlers.Login(), new TestHandlers.Ping())));

        assertTrue(e.getMessage().contains("turn on TLS with --tls auto and use a login plugin that requires a secret,"),
                e.getMessage());
    }

    @Test
    void aHostThatDoesNotResolveIsLeftToTheBindToReport() {
        assertFalse(ProtectedMode.exposed(onTheNetwork().withHost("files.example.invalid")));
    }
}
