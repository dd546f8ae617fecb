package dev.turnstile.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.Handler;
import java.security.CodeSource;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Checks the services file the way the server reads it: through {@link ServiceLoader}, which also
 * proves that every listed class has a public no-argument constructor.
 */
class ServiceRegistrationTest {

    @Test
    void serviceLoaderFindsExactlyThePingEchoAndTimeHandlers() {
        Map<String, Class<?>> byUrl = new TreeMap<>();
        for (Handler handler : handlersOfThisModule()) {
            byUrl.put(handler.url(), handler.getClass());
        }

        assertEquals(Map.of(
                "/echo", EchoHandler.class,
                "/ping", PingHandler.class,
                "/time", TimeHandler.class), byUrl);
        assertEquals(3, handlersOfThisModule().size());
    }

    @Test
    void everySampleHandlerNeedsTheToken() {
        List<Handler> handlers = handlersOfThisModule();

        assertEquals(3, handlers.size());
        for (Handler handler : handlers) {
            assertTrue(handler.needsToken(), handler.url() + " must need the token");
        }
    }

    // The test class path also holds core and its own registrations; count only what this
    // module's classes directory (or jar) registers.
    private static List<Handler> handlersOfThisModule() {
        CodeSource ours = PingHandler.class.getProtectionDomain().getCodeSource();
        return ServiceLoader.load(Handler.class).stream()
                .filter(provider -> ours.equals(provider.type().getProtectionDomain().getCodeSource()))
                .map(ServiceLoader.Provider::get)
                .toList();
    }
}
