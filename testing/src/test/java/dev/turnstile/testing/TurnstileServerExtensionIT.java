package dev.turnstile.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension on a static field: one server for the class, a new logged-in client per test. */
class TurnstileServerExtensionIT {

    static final KitHandlers.Shouting SHOUT = new KitHandlers.Shouting();

    @RegisterExtension
    static final TurnstileServerExtension TURNSTILE = TurnstileServerExtension.serving(SHOUT);

    @Test
    void theHandlerUnderTestIsServedToALoggedInClient(TurnstileTestClient client) throws IOException {
        assertNotNull(client.token());

        assertEquals(Map.of("code", 200L, "text", "HELLO", "calls", 1L), client.call("/shout", Map.of("text", "hello")));
    }

    @Test
    void theParameterAndClientAreTheSameConnection(TurnstileTestClient client) {
        assertSame(client, TURNSTILE.client());
    }

    @Test
    void eachTestHasAConnectionOfItsOwn(TurnstileTestClient client) throws IOException {
        // The handler counts calls per connection: a fresh connection starts at one whatever ran before.
        client.call("/shout", Map.of("text", "a"));

        assertEquals(2L, client.call("/shout", Map.of("text", "b")).get("calls"));
    }

    @Test
    void theTokenIsCheckedAsInProduction(TurnstileTestClient client) throws IOException {
        assertEquals(401L, client.call("/shout", Map.of("text", "x", "token", "wrong")).get("code"));

        assertEquals("{\"code\":200,\"text\":\"X\",\"calls\":1}",
                client.send("{\"url\":\"/shout\",\"text\":\"x\",\"token\":\"" + client.token() + "\"}"));
    }

    @Test
    void errorsAreAnswersAndTheNextRequestIsServed(TurnstileTestClient client) throws IOException {
        Map<String, Object> error = client.call("/shout");

        assertEquals(Map.of("code", 400L, "error", "\"text\" is required"), error);
        assertEquals(200L, client.call("/shout", Map.of("text", "y")).get("code"));
    }

    @Test
    void oneServerServesTheClassFromATemporaryDataFolder() {
        assertEquals(1, SHOUT.starts.get());
        assertEquals(0, SHOUT.stops.get());
        assertEquals(TURNSTILE.dataDir(), SHOUT.dataDir);
        assertTrue(Files.isDirectory(TURNSTILE.dataDir()));
    }

    @Test
    void aSecondConnectionIsNotLoggedIn() throws IOException {
        try (TurnstileTestClient second = TURNSTILE.connect()) {
            assertNull(second.token());
        }
    }
}
