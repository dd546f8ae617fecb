package dev.turnstile.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.TokenAuthority;
import dev.turnstile.testing.FakePluginContext;
import dev.turnstile.testing.FakeSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin's start and stop: what it opens, what it builds, and what it removes. */
class AuthPluginTest {

    @TempDir
    Path dataDir;

    private final AuthPlugin plugin = new AuthPlugin();

    @Test
    void startOpensTheTokenFolderRemovesAStaleTokenAndServesLoginAsTheTokenAuthority() throws Exception {
        Path stale = Files.createDirectories(dataDir.resolve("connection")).resolve("TOKEN");
        Files.writeString(stale, "f".repeat(64));

        List<Handler> handlers = plugin.start(FakePluginContext.in(dataDir).declaredBy(plugin));

        assertFalse(Files.exists(stale), "a token a crash left is removed");
        assertEquals(1, handlers.size());
        assertEquals("/login", handlers.get(0).url());
        assertTrue(handlers.get(0) instanceof TokenAuthority);
        plugin.stop();
    }

    @Test
    void withASecretSetTheAuthorityRequiresItAndWithoutOneItDoesNot() throws Exception {
        TokenAuthority withSecret = (TokenAuthority) plugin.start(FakePluginContext.in(dataDir).declaredBy(plugin)
                .withSetting("auth-secret", "open sesame")).get(0);
        plugin.stop();
        AuthPlugin open = new AuthPlugin();
        TokenAuthority without = (TokenAuthority) open.start(FakePluginContext.in(dataDir).declaredBy(open)).get(0);
        open.stop();

        assertTrue(withSecret.requiresSecret());
        assertFalse(without.requiresSecret());
    }

    @Test
    void aDisconnectEndsTheTokenOfItsConnectionAndTheStopRemovesAnyToken() throws Exception {
        Handler login = plugin.start(FakePluginContext.in(dataDir).declaredBy(plugin)).get(0);
        Path token = dataDir.resolve("connection").resolve("TOKEN");
        FakeSession first = new FakeSession();
        login.handle(new Request(Map.of("url", "/login", "hostname", "box")), first);
        assertTrue(Files.exists(token));

        plugin.disconnected(first);
        assertFalse(Files.exists(token));

        login.handle(new Request(Map.of("url", "/login", "hostname", "box")), new FakeSession());
        plugin.stop();
        assertFalse(Files.exists(token));
    }
}
