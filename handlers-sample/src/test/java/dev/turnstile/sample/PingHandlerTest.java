package dev.turnstile.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

/**
 * The one Mockito example, for authors who prefer mocks: a mocked {@link Session} proves that
 * {@code /ping} never touches its session. The other tests use turnstile-testing's fakes, which
 * need no stubbing ({@code FakeSession} records what a handler asked of it).
 */
@ExtendWith(MockitoExtension.class)
class PingHandlerTest {

    @Mock
    Session session;

    private final PingHandler handler = new PingHandler();

    @Test
    void pingIsAnsweredWithPongTrue() {
        Response response = handler.handle(new Request(Map.of("url", "/ping")), session);

        assertEquals(200, response.code());
        assertEquals(Map.of("pong", true), response.body());
    }

    @Test
    void extraMembersAreIgnoredAndTheSessionIsLeftAlone() {
        Response response = handler.handle(new Request(Map.of("url", "/ping", "extra", 42L)), session);

        assertEquals(Response.ok("pong", true), response);
        verifyNoInteractions(session);
    }
}
