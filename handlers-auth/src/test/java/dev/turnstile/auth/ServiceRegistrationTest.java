package dev.turnstile.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.turnstile.spi.Handler;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ServiceRegistrationTest {

    @Test
    void serviceLoaderFindsTheLoginHandler() {
        assertEquals(1, ServiceLoader.load(Handler.class).stream()
                .filter(provider -> provider.type() == LoginHandler.class)
                .map(ServiceLoader.Provider::get)
                .filter(handler -> handler.url().equals("/login"))
                .count());
    }
}
